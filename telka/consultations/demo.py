"""The consultation from the Aleksotas home page (shared/aleksotas/lag-homepage.txt,
2020-01-10): residents are invited to make suggestions on the planned change of the
strategy. Here it is open now, on the draft amendment from strategy/demo.py, with a
few suggestions, comments, supports and answers by invented demo residents.

Created once; a re-run leaves it (and whatever happened to it since) alone."""

import datetime

from django.db.models import Count
from django.utils import timezone

from telka.accounts.models import User

from . import workflow
from .models import (
    Comment,
    Consultation,
    Follower,
    Outcome,
    Participation,
    Response,
    Suggestion,
    Support,
    TerritoryLink,
    public_name,
)

TITLE = "Dėl Aleksoto VVG strategijos keitimo"
TEXT = (
    "Kviečiame visus Kauno miesto Aleksoto mikrorajono gyventojus teikti savo pasiūlymus dėl "
    "asociacijos „Kauno miesto Aleksoto vietos veiklos grupės“ planuojamos keisti strategijos.\n\n"
    "Siūloma 1.1 uždaviniui numatyti naują veiksmą – socialinę atskirtį patiriančių vaikų "
    "įtrauktį per techninės kūrybos centrą (ne mažiau kaip 50 vaikų iki 16 metų, vienas projektas, "
    "327 622,72 Eur). Palyginkite projektą su galiojančia strategija ir pasakykite, ką manote: "
    "VVG atsakys į kiekvieną pasiūlymą."
)
TEXT_EN = (
    "We invite all residents of the Aleksotas micro-district of Kaunas to make suggestions on the "
    "planned change of the strategy of the association “Kaunas city Aleksotas local action group”.\n\n"
    "The draft adds an action under objective 1.1: the inclusion of socially excluded children "
    "through a technical creativity centre (at least 50 children under 16, one project, "
    "EUR 327,622.72). Compare the draft with the strategy in force and tell us what you think: the "
    "LAG will answer every suggestion."
)
PASSWORD = "aleksotas-demo"
RESIDENTS = [
    # key, e-mail, name, link to the territory
    ("resident", "rita@aleksotas.test", "Rita Vaitkutė", TerritoryLink.LIVES),
    ("jonas", "jonas@aleksotas.test", "Jonas Petraitis", TerritoryLink.LIVES),
    ("ona", "ona@aleksotas.test", "Ona Kazlauskienė", TerritoryLink.ACTS),
    ("tomas", "tomas@aleksotas.test", "Tomas Jankauskas", TerritoryLink.WORKS),
]
# author, days ago, title, text, measure code (or None), answer (outcome, reasons) or None
SUGGESTIONS = [
    (
        "resident",
        9,
        "Centras turėtų veikti ir vakarais",
        "Dirbantys tėvai vaikus gali atvesti tik po 17 val.\nSiūlau, kad centras veiktų bent iki "
        "20 val. ir šeštadieniais.",
        "1.1.2",
        (
            Outcome.PARTLY,
            "Į projekto atrankos sąlygas įrašysime reikalavimą, kad centras veiktų bent dvi darbo "
            "dienas iki 19 val. Šeštadienio veiklų privalomomis nedarysime – jas galės siūlyti "
            "pareiškėjai.",
        ),
    ),
    (
        "jonas",
        7,
        "Įtraukti ir 16–18 metų paauglius",
        "Vyresni paaugliai Aleksote taip pat neturi kur eiti. Gal tikslinę grupę išplėsti iki 18 metų?",
        "1.1.2",
        (
            Outcome.NOT_ACCEPTED,
            "Tikslinė grupė – vaikai iki 16 metų – nustatyta pagal priemonės sąlygas. Vyresniems "
            "paaugliams skirtos veiklos gali būti finansuojamos pagal 1.1.1 veiksmą.",
        ),
    ),
    (
        "tomas",
        5,
        "Bendradarbiauti su Aleksoto mokyklomis",
        "Centras galėtų naudotis mokyklų technologijų kabinetais, o mokytojai – vesti užsiėmimus.",
        None,
        (
            Outcome.ACCEPTED,
            "Pritariame: bendradarbiavimas su mokyklomis bus vienas iš projektų vertinimo kriterijų.",
        ),
    ),
    (
        "ona",
        2,
        "Nemažinti verslumo skatinimo lėšų",
        "Verslumo veiksmui (1.3.1) lėšų ir taip nedaug. Siūlau centrui lėšas skirti iš kitų šaltinių.",
        "1.3.1",
        None,
    ),
]
# (author, suggestion index, text, reply to comment index or None)
COMMENTS = [
    ("jonas", 0, "Pritariu, ypač darbo dienomis po pamokų.", None),
    ("ona", 0, "O kas dirbs vakarais? Reikėtų numatyti savanorių koordinatorių.", 0),
    ("resident", 3, "Sutinku, verslumo veiklų reikia ne mažiau.", None),
    ("tomas", 1, "Vyresniems paaugliams tiktų ir mentorystė su vietos verslu.", None),
]
# (supporter, suggestion index)
SUPPORTS = [("jonas", 0), ("ona", 0), ("tomas", 0), ("resident", 2), ("ona", 2), ("resident", 3)]


def load(demo) -> None:
    if Consultation.objects.filter(lag=demo.lag, title=TITLE).exists():
        return
    amendment = getattr(demo, "amendment", None)
    residents = _residents(demo)
    staff = demo.users.get("staff")
    consultation = _open_consultation(demo, amendment, staff)
    for key, _email, _name, link in RESIDENTS:
        Participation.objects.create(consultation=consultation, user=residents[key], link=link)
        Follower.objects.create(consultation=consultation, user=residents[key])
    suggestions = [_suggestion(consultation, residents, staff, *row) for row in SUGGESTIONS]
    _comments(suggestions, residents)
    for key, index in SUPPORTS:
        Support.objects.create(suggestion=suggestions[index], user=residents[key])
    _recount(consultation)


def _residents(demo) -> dict:
    found = {}
    for key, email, name, _link in RESIDENTS:
        user = demo.users.get(key) or User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, PASSWORD, full_name=name, email_verified_at=timezone.now()
            )
        found[key] = user
    return found


def _open_consultation(demo, amendment, staff) -> Consultation:
    """Opened ten days ago and open for twenty more, whenever the demo is loaded."""
    morning = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    values = {
        "amendment": amendment,
        "title": TITLE,
        "title_en": "On the change of the Aleksotas LAG strategy",
        "text": TEXT,
        "text_en": TEXT_EN,
        "opens_at": morning - datetime.timedelta(days=10),
        "closes_at": morning + datetime.timedelta(days=20, hours=8),
    }
    consultation = workflow.create_consultation(lag=demo.lag, actor=staff, values=values)
    workflow.publish_consultation(consultation=consultation, actor=staff)
    return consultation


def _suggestion(consultation, residents, staff, key, days, title, text, measure_code, answer):
    author = residents[key]
    measure = None
    if measure_code and consultation.strategy_id:
        measure = consultation.strategy.measures().filter(code=measure_code).first()
    posted = timezone.now() - datetime.timedelta(days=days, hours=3)
    suggestion = Suggestion.objects.create(
        consultation=consultation,
        author=author,
        author_name=public_name(author),
        title=title,
        text=text,
        measure=measure,
        objective=measure.objective if measure else None,
        created_at=posted,
    )
    if answer:
        Response.objects.create(
            suggestion=suggestion,
            outcome=answer[0],
            reasons=answer[1],
            answered_by=staff,
            answered_at=posted + datetime.timedelta(days=1),
        )
    return suggestion


def _comments(suggestions, residents) -> None:
    made = []
    for key, index, text, reply_to in COMMENTS:
        suggestion = suggestions[index]
        made.append(
            Comment.objects.create(
                suggestion=suggestion,
                parent=made[reply_to] if reply_to is not None else None,
                author=residents[key],
                author_name=public_name(residents[key]),
                text=text,
                created_at=suggestion.created_at + datetime.timedelta(hours=5 + len(made)),
            )
        )


def _recount(consultation) -> None:
    """Set the kept counters from the rows, as the workflow functions would have."""
    for suggestion in consultation.suggestions.annotate(
        supports_n=Count("supports", distinct=True), comments_n=Count("comments", distinct=True)
    ):
        Suggestion.objects.filter(pk=suggestion.pk).update(
            support_count=suggestion.supports_n, comment_count=suggestion.comments_n
        )
