"""Demo content for the Aleksotas LAG: news, pages, documents and one event.

Sources: shared/aleksotas/strategy-news.txt (the strategy news, in full),
shared/aleksotas/lag-homepage.txt (the call notice and the consultation
invitation, with their "Atnaujinta" dates) and DOMAIN.md §1 (the funding news
and the strategy change notice). English versions are our translations. The
two documents are small PDFs generated here: the originals are not reproduced,
and each PDF says so. The training event is invented and says so too.
"""

import datetime
import functools

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from telka.lib.pdf import render_pdf

from .models import Document, DocumentCategory, Event, EventKind, News, Page


def _at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def _url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


STRATEGY_NEWS = {
    "slug": "parengta-aleksoto-vietos-pletros-strategija",
    "published_at": _at(2016, 2, 15),
    "title": "Parengta Aleksoto vietos plėtros 2015–2020 m. strategija",
    "title_en": "The Aleksotas local development strategy 2015–2020 is ready",
    "summary": (
        "Aleksoto vietos veiklos grupė kartu su seniūnija, savivaldybe, verslu, "
        "nevyriausybinėmis organizacijomis ir gyventojais parengė Aleksoto vietos plėtros "
        "2015–2020 m. strategiją."
    ),
    "summary_en": (
        "The Aleksotas local action group, together with the ward, the municipality, business, "
        "NGOs and residents, has prepared the Aleksotas local development strategy 2015–2020."
    ),
    "body": _paragraphs(
        "Kauno miesto Aleksoto tikslinės teritorijos vietos veiklos grupė, vadovaudamasi "
        "2014–2020 m. Europos Sąjungos fondų investicijų veiksmų programos 8 prioriteto "
        "„Socialinės įtraukties didinimas ir kova su skurdu“ 8.6 investicinio prioriteto "
        "„Bendruomenės inicijuojamų vietos plėtros strategijų įgyvendinimas“ 8.6.1 uždaviniu "
        "„Pagerinti vietines įsidarbinimo galimybes ir didinti bendruomenių socialinę integraciją, "
        "išnaudojant vietos bendruomenių, verslo ir vietos valdžios ryšius“ bei Kauno miesto "
        "integruota teritorijų vystymo programa, rengia Aleksoto vietos plėtros 2015–2020 m. "
        "strategiją. Nuo 2015 m. rugsėjo 1 d. rengtas dokumentas yra bendras Aleksoto vietos "
        "veiklos grupės, Aleksoto seniūnijos, Kauno miesto savivaldybės atstovų, Aleksoto verslo "
        "bendruomenės, nevyriausybinių organizacijų bei seniūnijos gyventojų darbo rezultatas.",
        "Vietos plėtros strategijos tikslas – pagerinti vietines įsidarbinimo galimybes ir didinti "
        "bendruomenių socialinę integraciją, išnaudojant vietos bendruomenių, verslo ir vietos "
        "valdžios ryšius.",
        "Strategija numato tris uždavinius tikslui pasiekti:",
    )
    + "<ol><li>Mažinti Kauno miesto Aleksoto VVG teritorijos gyventojų socialinę atskirtį.</li>"
    "<li>Didinti bedarbių ir neaktyvių darbingų gyventojų užimtumą, siekiant pagerinti šių "
    "asmenų padėtį darbo rinkoje.</li>"
    "<li>Didinti gyventojų verslumą, siekiant pagerinti darbingų vietos veiklos grupės "
    "teritorijos gyventojų padėtį darbo rinkoje.</li></ol>"
    + _paragraphs(
        "Siekiant strategijoje numatyto tikslo, uždavinių įgyvendinimo bus skatinama savanoriška "
        "gyventojų veikla, mecenavimo veikla, bendradarbiavimo ir informacijos sklaidos tinklų, "
        "kiek tai reikalinga strategijos tikslui ir uždaviniams pasiekti, kūrimas ir palaikymas.",
        "Kauno miesto Aleksoto plėtros 2015–2020 m. strategija bus įgyvendinama Aleksoto VVG "
        "teritorijoje, visiškai sutampančioje su Kauno miesto savivaldybės išskirta tiksline "
        "teritorija, prisidedant prie Kauno miesto integruotos teritorijos vystymo programos "
        "įgyvendinimo.",
        "Strategijos įgyvendinimas pagerins įsidarbinimo galimybes Aleksoto VVG veikimo "
        "teritorijoje, prisidės prie darbingo amžiaus asmenų socialinės atskirties mažėjimo, "
        "stiprins vietos verslo, valdžios, bendruomenių ir gyventojų įsitraukimą ir "
        "bendradarbiavimą sprendžiant iškilusias problemas, didins bendruomenių socialinę "
        "integraciją.",
    ),
    "body_en": _paragraphs(
        "The local action group of the Aleksotas target territory of Kaunas city is preparing "
        "the Aleksotas local development strategy 2015–2020 under specific objective 8.6.1 "
        "“To improve local employment opportunities and to increase the social integration of "
        "communities by using the links between local communities, business and local "
        "government” of investment priority 8.6 “Implementation of community-led local "
        "development strategies”, priority 8 “Promoting social inclusion and combating poverty” "
        "of the 2014–2020 operational programme for EU funds investments, and under the Kaunas "
        "city integrated territorial development programme. Prepared since 1 September 2015, "
        "the document is the joint work of the Aleksotas local action group, the Aleksotas ward, "
        "representatives of Kaunas city municipality, the Aleksotas business community, NGOs and "
        "the residents of the ward.",
        "The goal of the local development strategy is to improve local employment opportunities "
        "and to increase the social integration of communities by using the links between local "
        "communities, business and local government.",
        "The strategy sets three objectives to reach the goal:",
    )
    + "<ol><li>To reduce the social exclusion of residents of the Aleksotas LAG territory.</li>"
    "<li>To increase the employment of unemployed and inactive working-age residents so as to "
    "improve their position in the labour market.</li>"
    "<li>To increase residents' entrepreneurship so as to improve the labour-market position "
    "of working-age residents of the LAG territory.</li></ol>"
    + _paragraphs(
        "To reach the goal and the objectives, residents' volunteering, patronage, and the "
        "creation and maintenance of cooperation and information networks will be encouraged as "
        "far as the goal and objectives need them.",
        "The strategy will be implemented in the Aleksotas LAG territory, which fully coincides "
        "with the target territory set by Kaunas city municipality, contributing to the Kaunas "
        "city integrated territorial development programme.",
        "Implementing the strategy will improve employment opportunities in the LAG territory, "
        "help reduce the social exclusion of working-age people, strengthen the involvement and "
        "cooperation of local business, government, communities and residents in solving "
        "problems, and increase the social integration of communities.",
    ),
}

FUNDING_NEWS = {
    "slug": "strategijai-skirtas-1-mln-euru-finansavimas",
    "published_at": _at(2016, 6, 15),
    "title": "Aleksoto vietos plėtros strategijai skirtas 1 mln. eurų finansavimas",
    "title_en": "EUR 1 million for the Aleksotas local development strategy",
    "summary": (
        "Vidaus reikalų ministerija, įvertinusi strategijų naudą ir kokybę, Aleksoto vietos "
        "plėtros strategijai skyrė 1 mln. eurų. Pagal finansavimo dydį Aleksotas nusileido tik "
        "Klaipėdai."
    ),
    "summary_en": (
        "After assessing the benefit and quality of the strategies, the Ministry of the Interior "
        "granted EUR 1 million to the Aleksotas local development strategy. Only Klaipėda "
        "received more."
    ),
    "body": _paragraphs(
        "Lietuvos Respublikos vidaus reikalų ministerija, įvertinusi vietos plėtros strategijų "
        "naudą ir kokybę, patvirtino 1 mln. eurų finansavimą Aleksoto vietos plėtros "
        "2015–2020 m. strategijai įgyvendinti.",
        "Iš viso Lietuvoje buvo pateiktos 59 miestų vietos plėtros strategijos. Pagal skirto "
        "finansavimo dydį Aleksoto strategija nusileido tik Klaipėdos strategijai.",
        "Lėšos skirtos strategijos tikslui – pagerinti vietines įsidarbinimo galimybes ir didinti "
        "bendruomenių socialinę integraciją, išnaudojant vietos bendruomenių, verslo ir vietos "
        "valdžios ryšius. Kvietimus teikti vietos plėtros projektinius pasiūlymus skelbsime šioje "
        "svetainėje.",
    ),
    "body_en": _paragraphs(
        "The Ministry of the Interior of the Republic of Lithuania, after assessing the benefit "
        "and quality of the local development strategies, approved EUR 1 million of funding for "
        "the Aleksotas local development strategy 2015–2020.",
        "In all, 59 urban local development strategies were submitted in Lithuania. By the size "
        "of the funding granted, the Aleksotas strategy is second only to Klaipėda's.",
        "The money serves the strategy's goal: to improve local employment opportunities and to "
        "increase the social integration of communities by using the links between local "
        "communities, business and local government. Calls for local development project "
        "proposals will be announced on this site.",
    ),
}

NOT_REPRODUCED = (
    "Originalus dokumentas šioje demonstracinėje svetainėje neatkuriamas.",
    "The original document is not reproduced on this demonstration site.",
)


def _call_news() -> dict:
    documents = (_url("content:document_list", "lt"), _url("content:document_list", "en"))
    return {
        "slug": "kvietimas-teikti-vietos-pletros-projektinius-pasiulymus",
        "published_at": _at(2020, 1, 24),
        "title": "Kvietimas teikti vietos plėtros projektinius pasiūlymus pagal Aleksoto vietos "
        "plėtros 2015–2020 m. strategiją",
        "title_en": "Call for local development project proposals under the Aleksotas local "
        "development strategy 2015–2020",
        "summary": "Aleksoto VVG kviečia teikti vietos plėtros projektinius pasiūlymus. "
        "Kvietimo dokumentas – dokumentų skiltyje.",
        "summary_en": "The Aleksotas LAG invites local development project proposals. The call "
        "document is in the documents section.",
        "body": _paragraphs(
            "Kauno miesto Aleksoto vietos veiklos grupė kviečia teikti vietos plėtros projektinius "
            "pasiūlymus pagal Aleksoto vietos plėtros 2015–2020 m. strategiją.",
            "Remiamos veiklos, galimi pareiškėjai, pateikimo terminai ir atrankos kriterijai "
            f'nurodyti kvietimo dokumente (atnaujinta 2020 01 24), kurį rasite <a href="{documents[0]}">'
            "dokumentų skiltyje</a>.",
            f"<em>{NOT_REPRODUCED[0]}</em>",
        ),
        "body_en": _paragraphs(
            "The Kaunas city Aleksotas local action group invites local development project "
            "proposals under the Aleksotas local development strategy 2015–2020.",
            "The supported activities, eligible applicants, deadlines and selection criteria are "
            "set out in the call document (updated 24 January 2020) in the "
            f'<a href="{documents[1]}">documents section</a>.',
            f"<em>{NOT_REPRODUCED[1]}</em>",
        ),
    }


CONSULTATION_TEXT = (
    "Kviečiame visus Kauno miesto Aleksoto mikrorajono gyventojus teikti savo pasiūlymus dėl "
    "asociacijos „Kauno miesto Aleksoto vietos veiklos grupės“ planuojamos keisti strategijos."
)
CONSULTATION_TEXT_EN = (
    "We invite all residents of the Aleksotas micro-district of Kaunas to submit their proposals "
    "on the planned change to the strategy of the association “Kaunas City Aleksotas Local "
    "Action Group”."
)

CONSULTATION_NEWS = {
    "slug": "informacija-del-aleksoto-vvg-strategijos-keitimo",
    "published_at": _at(2020, 1, 10),
    "title": "Informacija dėl Aleksoto VVG strategijos keitimo",
    "title_en": "Information on the change to the Aleksotas LAG strategy",
    "summary": CONSULTATION_TEXT,
    "summary_en": CONSULTATION_TEXT_EN,
    "body": _paragraphs(
        CONSULTATION_TEXT,
        "Informacija apie planuojamą keitimą pateikta dokumente „Informacija dėl Aleksoto VVG "
        "strategijos keitimo“ (atnaujinta 2020 01 10) dokumentų skiltyje.",
    ),
    "body_en": _paragraphs(
        CONSULTATION_TEXT_EN,
        "The planned change is described in the document “Information on the change to the "
        "Aleksotas LAG strategy” (updated 10 January 2020) in the documents section.",
    ),
}

CHANGE_NEWS = {
    "slug": "strategijos-pakeitimas-technines-kurybos-centras",
    "published_at": _at(2020, 6, 2),
    "title": "Strategijos pakeitimas: naujas veiksmas socialinę atskirtį patiriantiems vaikams",
    "title_en": "Strategy change: a new action for socially excluded children",
    "summary": (
        "1.1 uždavinyje numatytas naujas veiksmas – socialinę atskirtį patiriančių vaikų "
        "įtraukimas per techninės kūrybos centrą. Bus atrinktas vienas projektas, jam skirta "
        "327 622,72 Eur."
    ),
    "summary_en": (
        "Objective 1.1 gets a new action: including socially excluded children through a "
        "technical creativity centre. One project will be selected, with EUR 327,622.72."
    ),
    "body": _paragraphs(
        "Pakeitus Aleksoto vietos plėtros 2015–2020 m. strategiją, 1.1 uždavinyje „Mažinti Kauno "
        "miesto Aleksoto VVG teritorijos gyventojų socialinę atskirtį“ numatytas naujas veiksmas – "
        "socialinę atskirtį patiriančių vaikų įtraukimas per techninės kūrybos centrą."
    )
    + "<ul><li>Tikslinė grupė – vaikai iki 16 metų iš darbingo amžiaus gyventojų, pabėgėlių ir "
    "socialinės rizikos šeimų; veiklose turi dalyvauti ne mažiau kaip 50 vaikų.</li>"
    "<li>Bus atrinktas vienas projektas.</li>"
    "<li>Projektui skiriama 327 622,72 Eur Europos Sąjungos ir valstybės biudžeto lėšų.</li></ul>"
    + _paragraphs(
        "Dėl projekto trukmės pirminis pranešimas nenuoseklus: jame nurodyta ir „iki 30 mėnesių“, "
        "ir „projekto trukmė 16 mėnesių“. Abu skaičiai čia pateikiami taip, kaip nurodyti "
        "šaltinyje; galiojančią trukmę nustato kvietimo dokumentai."
    ),
    "body_en": _paragraphs(
        "With the change to the Aleksotas local development strategy 2015–2020, objective 1.1 "
        "“To reduce the social exclusion of residents of the Aleksotas LAG territory” gets a new "
        "action: including socially excluded children through a technical creativity centre."
    )
    + "<ul><li>Target group: children under 16 of working-age residents, refugees and families "
    "at social risk; at least 50 children are to take part.</li>"
    "<li>One project will be selected.</li>"
    "<li>The project receives EUR 327,622.72 of EU and state budget funds.</li></ul>"
    + _paragraphs(
        "The original notice is inconsistent about the project's duration: it says both "
        "“up to 30 months” and “project duration 16 months”. Both figures are given here as in "
        "the source; the call documents set the duration that applies."
    ),
}

PAGES = [
    {
        "slug": "teritorija",
        "position": 1,
        "title": "Aleksoto VVG teritorija",
        "title_en": "The Aleksotas LAG territory",
        "body": _paragraphs(
            "Kauno miesto Aleksoto vietos plėtros 2015–2020 m. strategija įgyvendinama Aleksoto "
            "VVG teritorijoje, visiškai sutampančioje su Kauno miesto savivaldybės išskirta "
            "tiksline teritorija, prisidedant prie Kauno miesto integruotos teritorijos vystymo "
            "programos įgyvendinimo.",
            "Strategijos įgyvendinimas pagerins įsidarbinimo galimybes Aleksoto VVG veikimo "
            "teritorijoje, prisidės prie darbingo amžiaus asmenų socialinės atskirties mažėjimo, "
            "stiprins vietos verslo, valdžios, bendruomenių ir gyventojų įsitraukimą ir "
            "bendradarbiavimą sprendžiant iškilusias problemas, didins bendruomenių socialinę "
            "integraciją.",
        ),
        "body_en": _paragraphs(
            "The Aleksotas local development strategy 2015–2020 is implemented in the Aleksotas "
            "LAG territory, which fully coincides with the target territory set by Kaunas city "
            "municipality, contributing to the Kaunas city integrated territorial development "
            "programme.",
            "Implementing the strategy will improve employment opportunities in the LAG "
            "territory, help reduce the social exclusion of working-age people, strengthen the "
            "involvement and cooperation of local business, government, communities and "
            "residents in solving problems, and increase the social integration of communities.",
        ),
    },
    {
        "slug": "kaip-rengta-strategija",
        "position": 2,
        "title": "Kaip rengta strategija",
        "title_en": "How the strategy was prepared",
        "body": _paragraphs(
            "Kauno miesto Aleksoto vietos veiklos grupė įsteigta 2015 m. rugpjūčio 11 d. Ji "
            "įgyvendina Aleksoto vietos plėtros 2015–2020 m. strategiją.",
            "Strategija rengta nuo 2015 m. rugsėjo 1 d. Ji yra bendras Aleksoto vietos veiklos "
            "grupės, Aleksoto seniūnijos, Kauno miesto savivaldybės atstovų, Aleksoto verslo "
            "bendruomenės, nevyriausybinių organizacijų bei seniūnijos gyventojų darbo rezultatas.",
            "Siekiant strategijos tikslo bus skatinama savanoriška gyventojų veikla, mecenavimo "
            "veikla, bendradarbiavimo ir informacijos sklaidos tinklų kūrimas ir palaikymas.",
        ),
        "body_en": _paragraphs(
            "The Kaunas city Aleksotas local action group was established on 11 August 2015. It "
            "implements the Aleksotas local development strategy 2015–2020.",
            "The strategy was prepared from 1 September 2015 as the joint work of the Aleksotas "
            "local action group, the Aleksotas ward, representatives of Kaunas city municipality, "
            "the Aleksotas business community, NGOs and the residents of the ward.",
            "To reach the strategy's goal, residents' volunteering, patronage, and cooperation "
            "and information networks will be encouraged.",
        ),
    },
]

DOCUMENTS = [
    {
        "file_name": "kvietimas-2020-01-24.pdf",
        "title": "Kvietimas teikti vietos plėtros projektinius pasiūlymus pagal Aleksoto vietos "
        "plėtros 2015–2020 m. strategiją",
        "title_en": "Call for local development project proposals under the Aleksotas local "
        "development strategy 2015–2020",
        "category": DocumentCategory.CALL,
        "updated_on": datetime.date(2020, 1, 24),
        "description": "Kvietimo sąlygos: remiamos veiklos, pareiškėjai, terminai ir kriterijai.",
        "description_en": "The call's terms: supported activities, applicants, deadlines and "
        "criteria.",
    },
    {
        "file_name": "strategijos-keitimas-2020-01-10.pdf",
        "title": "Informacija dėl Aleksoto VVG strategijos keitimo",
        "title_en": "Information on the change to the Aleksotas LAG strategy",
        "category": DocumentCategory.STRATEGY,
        "updated_on": datetime.date(2020, 1, 10),
        "description": CONSULTATION_TEXT,
        "description_en": CONSULTATION_TEXT_EN,
    },
]


@functools.cache
def _demo_pdf(lag_name: str, title: str, title_en: str, updated_on: datetime.date) -> bytes:
    """Rendered once per process: WeasyPrint is slow, and tests load the demo often."""
    context = {
        "lag": {"name": lag_name},
        "title": title,
        "title_en": title_en,
        "updated_on": updated_on,
        "not_reproduced": NOT_REPRODUCED,
    }
    return render_pdf("content/pdf/demo_document.html", context)


def _load_documents(lag) -> None:
    for spec in DOCUMENTS:
        fields = {k: v for k, v in spec.items() if k != "file_name"}
        document = Document.objects.filter(lag=lag, title=spec["title"]).first()
        if document is None:
            day = spec["updated_on"]
            document = Document(lag=lag, published_at=_at(day.year, day.month, day.day))
        for name, value in fields.items():
            setattr(document, name, value)
        if not document.file or not document.file.storage.exists(document.file.name):
            data = _demo_pdf(lag.name, spec["title"], spec["title_en"], spec["updated_on"])
            document.file.save(spec["file_name"], ContentFile(data), save=False)
        document.save()


def _load_event(lag, today: datetime.date) -> None:
    day = today + datetime.timedelta(days=21)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Event.objects.update_or_create(
        lag=lag,
        slug="mokymai-projektiniu-pasiulymu-rengejams",
        defaults={
            "title": "Mokymai projektinių pasiūlymų rengėjams (demo)",
            "title_en": "Training for project proposal writers (demo)",
            "kind": EventKind.TRAINING,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=3),
            "place": "Kaunas, Aleksoto seniūnija (demonstracinė vieta)",
            "place_en": "Kaunas, Aleksotas ward (demo venue)",
            "description": (
                "Kaip parengti vietos plėtros projektinį pasiūlymą: kvietimo sąlygos, tinkamos "
                "išlaidos, rodikliai ir vertinimo kriterijai.\n\n"
                "Tai demonstracinis renginys: jis neįvyks. Registracija skirta išbandyti svetainę."
            ),
            "description_en": (
                "How to prepare a local development project proposal: the call's terms, eligible "
                "costs, indicators and assessment criteria.\n\n"
                "This is a demonstration event: it will not take place. Registration is there to "
                "try the site."
            ),
            "capacity": 20,
            "registration_opens_at": None,
            "registration_closes_at": starts - datetime.timedelta(days=1),
            "is_published": True,
        },
    )


def load(demo) -> None:
    lag = demo.lag
    for spec in [STRATEGY_NEWS, FUNDING_NEWS, _call_news(), CONSULTATION_NEWS, CHANGE_NEWS]:
        News.objects.update_or_create(lag=lag, slug=spec["slug"], defaults=spec)
    for spec in PAGES:
        Page.objects.update_or_create(lag=lag, slug=spec["slug"], defaults=spec)
    _load_documents(lag)
    _load_event(lag, demo.today)
