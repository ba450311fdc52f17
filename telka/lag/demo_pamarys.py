"""A second demo LAG, in the 2021–2027 period: the fictional rural LEADER LAG
"Pamario krašto VVG (demonstracinė)" under the EAFRD, on pamarys.localhost.

Everything here is invented and flagged `is_demo`. It is built through the same
workflow functions a real LAG goes through: the strategy through the XLSX import's
`import_first_version` and `put_first_version_in_force`, the call through
create/approve/publish, the proposal through create/submit. The demo applicant of
Aleksotas applies here too, with the same log-in (one account across LAGs).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from telka.accounts.models import LegalForm, Organisation, OrganisationMembership, User
from telka.calls import workflow as calls
from telka.calls.models import Allocation, Call, CallStatus, Criterion, CriterionKind, TerritoryRule
from telka.evaluation.models import PoolAssessor
from telka.evaluation.workflow import add_to_pool
from telka.strategy import importing
from telka.strategy import workflow as strategy_workflow
from telka.strategy.models import Strategy

from .models import (
    Board,
    BoardMembership,
    BoardRole,
    LocalActionGroup,
    Member,
    MemberKind,
    Role,
    RoleKind,
    Sector,
)
from .onboarding import network_admins_group
from .programme import PROGRAMME_TEXT, Fund
from .roles import staff_group

SLUG = "pamarys"
HOST = "pamarys.localhost"
PASSWORD = "pamarys-demo"
ESTABLISHED = datetime.date(2022, 3, 15)
PEOPLE = [
    # key, e-mail, full name, role label shown in the terminal
    ("network", "tinklas@pamarys.test", "Tina Tinklaitė (demo)", "Network administrator"),
    ("staff", "vaida@pamarys.test", "Vaida Pamarienė (demo)", "LAG staff"),
    ("assessor", "kestas@pamarys.test", "Kęstutis Vertintojas (demo)", "Assessor"),
    ("board", "algis@pamarys.test", "Algirdas Žvejys (demo)", "Board member"),
]
MEMBERS = [
    (Sector.PUBLIC, "Pamario rajono savivaldybės administracija (demo)"),
    (Sector.PUBLIC, "Pamario seniūnija (demo)"),
    (Sector.BUSINESS, "Žvejų ūkis „Marios“ (demo)"),
    (Sector.BUSINESS, "Kaimo turizmo sodyba „Nerija“ (demo)"),
    (Sector.CIVIL, "Pamario kaimų bendruomenių sąjunga (demo)"),
    (Sector.CIVIL, "Jaunimo klubas „Bangos“ (demo)"),
]
# Three seats per sector, none above 49 % (Reg. 2021/1060 Art. 31(2)(b)).
BOARD = [
    ("Algirdas Žvejys (demo)", Sector.BUSINESS, False, BoardRole.CHAIR, "male"),
    ("Ona Kalvaitienė (demo)", Sector.BUSINESS, False, BoardRole.MEMBER, "female"),
    ("Rimas Laukys (demo)", Sector.BUSINESS, False, BoardRole.MEMBER, "male"),
    ("Jurgita Marienė (demo)", Sector.CIVIL, False, BoardRole.VICE_CHAIR, "female"),
    ("Tadas Kopa (demo)", Sector.CIVIL, False, BoardRole.MEMBER, "male"),
    ("Edita Nendrė (demo)", Sector.CIVIL, False, BoardRole.MEMBER, "female"),
    ("Vytautas Uostas (demo)", Sector.PUBLIC, True, BoardRole.MEMBER, "male"),
    ("Asta Švyturienė (demo)", Sector.PUBLIC, True, BoardRole.MEMBER, "female"),
    ("Darius Kuršis (demo)", Sector.PUBLIC, True, BoardRole.MEMBER, "male"),
]

STRATEGY = {
    "title": "Pamario krašto 2023–2029 m. vietos plėtros strategija (demo)",
    "title_en": "Pamarys area local development strategy 2023–2029 (demo)",
    "period_start": 2023,
    "period_end": 2029,
    "total_budget": Decimal("1500000"),
    "running_costs_budget": Decimal("300000"),
    "summary": "Demonstracinė LEADER strategija: gyvybingi pamario kaimai, vietos verslas ir "
    "bendruomenės. Visi skaičiai išgalvoti.",
    "summary_en": "A demonstration LEADER strategy: living lagoon villages, local business "
    "and communities. All figures are invented.",
}
ROWS = {
    "Goals": [
        {
            "code": "1",
            "title": "Gyvybingi ir patrauklūs gyventi pamario kaimai",
            "title_en": "Living lagoon villages that are good places to live",
        }
    ],
    "Objectives": [
        {
            "code": "1.1",
            "goal": "1",
            "title": "Kurti darbo vietas ir skatinti vietos verslą",
            "title_en": "To create jobs and support local business",
        },
        {
            "code": "1.2",
            "goal": "1",
            "title": "Stiprinti bendruomenes ir kaimo paslaugas",
            "title_en": "To strengthen communities and village services",
        },
    ],
    "Measures": [
        {
            "code": "1.1.1",
            "objective": "1.1",
            "title": "Parama smulkiajam verslui ir žvejų ūkiams",
            "title_en": "Support for small business and fishing farms",
            "budget": Decimal("700000"),
            "programme_measure": "LEADER-SP-19.2",
        },
        {
            "code": "1.2.1",
            "objective": "1.2",
            "title": "Bendruomenių paslaugos ir viešosios erdvės",
            "title_en": "Community services and public spaces",
            "budget": Decimal("500000"),
            "programme_measure": "LEADER-SP-19.2",
        },
    ],
    "Indicators": [
        {
            "code": "P-R1",
            "name": "Sukurtos darbo vietos",
            "name_en": "Jobs created",
            "unit": "vnt.",
            "kind": "result",
            "moment": "project_end",
        },
        {
            "code": "P-O1",
            "name": "Paremti projektai",
            "name_en": "Projects supported",
            "unit": "vnt.",
            "kind": "output",
            "moment": "project_end",
        },
        {
            "code": "P-O2",
            "name": "Paslaugomis pasinaudoję gyventojai",
            "name_en": "Residents using the services",
            "unit": "asm.",
            "kind": "output",
            "moment": "during",
        },
    ],
    "Targets": [
        {"measure": "1.1.1", "indicator": "P-R1", "value": Decimal(25)},
        {"measure": "1.1.1", "indicator": "P-O1", "value": Decimal(14)},
        {"measure": "1.2.1", "indicator": "P-O1", "value": Decimal(10)},
        {"measure": "1.2.1", "indicator": "P-O2", "value": Decimal(1200)},
    ],
}
CRITERIA = [
    ("B1", "Projektas atitinka strategijos veiksmą", "The project fits the measure", None),
    ("S1", "Sukuriamos darbo vietos", "Jobs created", 40),
    ("S2", "Nauda bendruomenei", "Benefit to the community", 30),
    ("S3", "Lėšų naudojimo efektyvumas", "Value for money", 30),
]


def strategy_data() -> importing.StrategyData:
    """The demo strategy as the XLSX import reads it (also the example workbook)."""
    rows = {
        name: [{"_row": n, **row} for n, row in enumerate(items, start=3)]
        for name, items in ROWS.items()
    }
    return importing.StrategyData(strategy=dict(STRATEGY), rows=rows)


def load(demo) -> None:
    lag = _lag()
    _board(lag)
    users = _people(demo, lag)
    strategy = _strategy(lag, users["staff"])
    call = _open_call(lag, strategy, users["staff"], demo.today)
    applicant = demo.users.get("applicant")
    if call is not None and applicant is not None:
        _proposal(call, applicant, demo.today)
    _pool(demo, users["network"])
    demo.network_logins.append((PEOPLE[0][3], users["network"].email, PASSWORD))
    demo.sites.append(("Pamario krašto VVG (demo)", lag.site_url(), demo_logins(users)))


def demo_logins(users: dict) -> list[tuple[str, str, str]]:
    """The LAG's own log-ins; the network administrator logs in on the network's site."""
    return [
        (label, users[key].email, PASSWORD) for key, _e, _n, label in PEOPLE if key != "network"
    ]


def _lag() -> LocalActionGroup:
    lag, _created = LocalActionGroup.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Pamario krašto vietos veiklos grupė (demonstracinė)",
            "short_name": "Pamario krašto VVG (demo)",
            "host": HOST,
            "legal_form": "Asociacija",
            "legal_code": "399000001",
            "established_on": ESTABLISHED,
            "territory": "Išgalvotas pamario kaimiškasis regionas (demo)",
            "territory_en": "An invented rural lagoon area (demo)",
            "vision": "Pamario kaimai – gyvybingi, svetingi ir dirbantys kartu. (Demo.)",
            "vision_en": "Lagoon villages that are lively, welcoming and work together. (Demo.)",
            "is_demo": True,
        },
    )
    for sector, name in MEMBERS:
        Member.objects.update_or_create(
            lag=lag,
            name=name,
            defaults={
                "sector": sector,
                "kind": MemberKind.ORGANISATION,
                "joined_on": ESTABLISHED,
            },
        )
    return lag


def _board(lag: LocalActionGroup) -> None:
    board, _created = Board.objects.get_or_create(lag=lag, defaults={"name": "Valdyba"})
    for full_name, sector, is_public, role, gender in BOARD:
        BoardMembership.objects.update_or_create(
            board=board,
            full_name=full_name,
            defaults={
                "interest_group": sector,
                "is_public_authority": is_public,
                "role": role,
                "gender": gender,
                "valid_from": ESTABLISHED,
                "represents": lag.members.filter(sector=sector).order_by("pk").first(),
            },
        )


def _people(demo, lag: LocalActionGroup) -> dict[str, User]:
    users = {}
    for key, email, name, _label in PEOPLE:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name = name
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.is_staff = key == "staff"
        user.set_password(PASSWORD)
        user.save()
        users[key] = user
    users["staff"].groups.add(staff_group())
    users["network"].groups.add(network_admins_group())
    for key, kind in [("staff", RoleKind.STAFF), ("assessor", RoleKind.ASSESSOR)]:
        Role.objects.get_or_create(
            lag=lag, user=users[key], kind=kind, defaults={"valid_from": ESTABLISHED}
        )
    BoardMembership.objects.filter(board__lag=lag, full_name=PEOPLE[3][2]).update(
        user=users["board"]
    )
    return users


def _strategy(lag: LocalActionGroup, staff: User) -> Strategy:
    existing = Strategy.objects.filter(lag=lag).exclude(status="draft").first()
    if existing is not None:  # in force: never rewritten (INV-08)
        return existing
    data = strategy_data()
    data.strategy["programme"] = PROGRAMME_TEXT[Fund.EAFRD]
    draft = importing.import_first_version(lag=lag, actor=staff, data=data)
    return strategy_workflow.put_first_version_in_force(
        strategy=draft,
        actor=staff,
        in_force_from=datetime.date(2023, 6, 1),
        adopted_on=datetime.date(2023, 5, 20),
        adopted_by="Visuotinio narių susirinkimo 2023-05-20 sprendimas (demo)",
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _open_call(lag, strategy: Strategy, staff: User, today: datetime.date) -> Call | None:
    if Call.objects.filter(lag=lag).exists():
        return None
    call = calls.create_call(
        lag=lag,
        actor=staff,
        fields={
            "number": "1",
            "strategy": strategy,
            "title": "Smulkusis verslas ir bendruomenių paslaugos pamaryje (demo)",
            "title_en": "Small business and community services in the lagoon area (demo)",
            "summary": "Demonstracinis LEADER kvietimas: datos ir sumos išgalvotos.",
            "summary_en": "A demonstration LEADER call: its dates and money are invented.",
            "eligible_applicants": "Kaimo bendruomenės, NVO ir smulkieji verslininkai (demo).",
            "eligible_applicants_en": "Village communities, NGOs and small businesses (demo).",
            "eligible_legal_forms": [LegalForm.ASSOCIATION, LegalForm.PUBLIC_INSTITUTION],
            "eligible_sectors": [Sector.CIVIL, Sector.BUSINESS],
            "territory_rule": TerritoryRule.BOTH,
            "min_score": Decimal(50),
            "opens_at": _at(today - datetime.timedelta(days=3), 9),
            "closes_at": _at(today + datetime.timedelta(days=30), 16),
            "is_demo": True,
        },
    )
    for position, code in enumerate(["1.1.1", "1.2.1"]):
        Allocation.objects.create(
            call=call,
            measure=strategy.measures().get(code=code),
            amount=Decimal(200000),
            max_per_project=Decimal(50000),
            max_rate_percent=Decimal(80),
            position=position,
        )
    for position, (code, title, title_en, top) in enumerate(CRITERIA):
        Criterion.objects.create(
            call=call,
            code=code,
            title=title,
            title_en=title_en,
            kind=CriterionKind.SCORED if top else CriterionKind.PASS_FAIL,
            max_points=top,
            position=position,
        )
    call.tie_break_criterion = call.criteria.get(code="S1")
    call.save(update_fields=["tie_break_criterion"])
    calls.approve_call(
        call=call,
        actor=staff,
        approved_on=today - datetime.timedelta(days=5),
        reference="Valdybos posėdžio protokolas Nr. 3 (demo)",
    )
    call = calls.publish_call(call=call, actor=staff)
    return call if call.status == CallStatus.OPEN else None


def _proposal(call: Call, applicant: User, today: datetime.date) -> None:
    """A draft by a village community the Aleksotas demo applicant also represents."""
    organisation, _created = Organisation.objects.update_or_create(
        legal_code="399000002",
        defaults={
            "name": "Pamario kaimo bendruomenė „Švyturys“ (demo)",
            "legal_form": LegalForm.ASSOCIATION,
            "sector": Sector.CIVIL,
            "address": "Marių g. 1, Pamarys (demo)",
            "operates_in_territory": True,
            "email": applicant.email,
        },
    )
    OrganisationMembership.objects.get_or_create(organisation=organisation, user=applicant)
    proposal = calls.create_proposal(
        call=call,
        allocation=call.allocations.get(measure__code="1.2.1"),
        organisation=organisation,
        actor=applicant,
    )
    proposal.title = "Bendruomenės namų dirbtuvės (demo)"
    proposal.summary = "Dirbtuvės ir renginiai kaimo gyventojams. (Demo.)"
    proposal.starts_on = today + datetime.timedelta(days=60)
    proposal.ends_on = today + datetime.timedelta(days=420)
    proposal.save(update_fields=["title", "summary", "starts_on", "ends_on"])


# The network's shared assessor pool: the Aleksotas assessor and the Pamarys one.
POOL = [
    ("assessor", "Socialinė įtrauktis, užimtumas, jaunimas", "lt, en"),
    ("pamarys_assessor", "Kaimo verslas, žuvininkystė, turizmas", "lt, de"),
]


def _pool(demo, network_admin: User) -> None:
    people = {**demo.users, "pamarys_assessor": User.objects.get(email=PEOPLE[2][1])}
    for key, expertise, languages in POOL:
        user = people.get(key)
        if user is not None and not PoolAssessor.objects.filter(user=user).exists():
            add_to_pool(user=user, expertise=expertise, languages=languages, actor=network_admin)
