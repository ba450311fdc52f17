"""A second demo LAG, in the 2021–2027 period: the fictional rural LEADER LAG
"Pamario krašto VVG (demonstracinė)" under the EAFRD, on pamarys.localhost.

Everything here is invented and flagged `is_demo`. It is built through the same
workflow functions a real LAG goes through: the strategy through the XLSX import's
`import_first_version` and `put_first_version_in_force`, the open call through
create/approve/publish, the proposal through create/submit. Call no. 1 closed in 2024
and is history, built with the Aleksotas demo's helpers: its proposals are checked,
scored and decided by the board (funded and reserve lists) through the workflow, and
the funded ones became projects with accepted reports. One of them costs its budget
with simplified cost options (unit cost, lump sum, flat rate: 2021–2027 rules). The
demo applicant of Aleksotas applies here too, with the same log-in (one account
across LAGs).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from telka.accounts.models import LegalForm, Organisation, OrganisationMembership, User
from telka.calls import workflow as calls
from telka.calls.demo import add_allocations, add_criteria, at_hour, closed_call
from telka.calls.models import (
    BudgetCategory,
    Call,
    CallStatus,
    CostKind,
    CriterionKind,
    ProposalStatus,
    TerritoryRule,
)
from telka.decisions import demo as decisions_demo
from telka.decisions import emails as decision_emails
from telka.evaluation import demo as evaluation_demo
from telka.evaluation import emails as evaluation_emails
from telka.evaluation.models import PoolAssessor
from telka.evaluation.workflow import add_to_pool
from telka.monitoring import demo as monitoring_demo
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
    ("assessor2", "lina@pamarys.test", "Lina Vertintoja (demo)", "Second assessor"),
    ("board", "algis@pamarys.test", "Algirdas Žvejys (demo)", "Board member"),
    ("promoter", "rasa@pamarys.test", "Rasa Dviratė (demo)", "Project promoter"),
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
PASS_FAIL, SCORED = CriterionKind.PASS_FAIL, CriterionKind.SCORED
# (code, title, title_en, kind, max, min), as calls/demo.py adds them
CRITERIA = [
    ("B1", "Projektas atitinka strategijos veiksmą", "The project fits the measure", PASS_FAIL, None, None),
    ("S1", "Sukuriamos darbo vietos", "Jobs created", SCORED, 40, None),
    ("S2", "Nauda bendruomenei", "Benefit to the community", SCORED, 30, None),
    ("S3", "Lėšų naudojimo efektyvumas", "Value for money", SCORED, 30, None),
]  # fmt: skip
# What both demo calls ask of applicants.
CONDITIONS = {
    "eligible_applicants": "Kaimo bendruomenės, NVO ir smulkieji verslininkai (demo).",
    "eligible_applicants_en": "Village communities, NGOs and small businesses (demo).",
    "eligible_legal_forms": [LegalForm.ASSOCIATION, LegalForm.PUBLIC_INSTITUTION],
    "eligible_sectors": [Sector.CIVIL, Sector.BUSINESS],
    "territory_rule": TerritoryRule.BOTH,
    "min_score": Decimal(50),
    "is_demo": True,
}
OPEN_TITLE = "Smulkusis verslas ir bendruomenių paslaugos pamaryje (demo)"
# Call no. 1, closed in 2024, decided by the board and funded.
DECIDED = {
    "title": "Vietos verslo ir bendruomenių iniciatyvos pamaryje (demo)",
    "title_en": "Local business and community initiatives in the lagoon area (demo)",
    "summary": "Demonstracinis LEADER kvietimas: datos, sumos ir pasiūlymai išgalvoti.",
    "summary_en": "A demonstration LEADER call: its dates, money and proposals are invented.",
    "cost_kinds": list(CostKind.values),
}
DECIDED_OPENS = datetime.date(2024, 2, 1)
DECIDED_CLOSES = datetime.date(2024, 3, 15)
# (measure code, EUR, max per project): less than was asked, so some wait in reserve.
DECIDED_MONEY = [("1.1.1", 60000, 30000), ("1.2.1", 40000, 25000)]
# (title, applicant, requested EUR, quality per assessor, measure code)
DECIDED_PROPOSALS = [
    ("Dviračių nuoma ir pažintiniai maršrutai", "Asociacija „Pamario takai“", 28000, (0.9, 0.85), "1.1.1"),
    ("Rūkytos žuvies degustacijų namai", "Asociacija „Marių skonis“", 25000, (0.8, 0.75), "1.1.1"),
    ("Amatų mugė prie marių", "Asociacija „Pamario amatai“", 20000, (0.7, 0.7), "1.1.1"),
    ("Bendruomenės namų sporto salė", "Kaimo bendruomenė „Ventė“", 24000, (0.85, 0.9), "1.2.1"),
    ("Senjorų pavėžėjimo paslauga", "Asociacija „Kaimynų ratas“", 20000, (0.75, 0.7), "1.2.1"),
    ("Vaikų vasaros stovykla", "Jaunimo klubas „Burė“", 15000, (0.4, 0.45), "1.2.1"),
]  # fmt: skip
# The first proposal's budget in simplified cost options (CPR 2021/1060 Art. 53(1)).
SCO_BUDGET = [
    {
        "category": BudgetCategory.STAFF,
        "kind": CostKind.UNIT_COST,
        "description": "Gido darbo valanda (standartinis vieneto įkainis, demo)",
        "quantity": Decimal(300),
        "unit": "val.",
        "unit_price": Decimal(30),
    },
    {
        "category": BudgetCategory.EQUIPMENT,
        "kind": CostKind.LUMP_SUM,
        "description": "Dviračių ir saugos įrangos komplektas (fiksuotoji suma, demo)",
        "unit_price": Decimal(20000),
    },
    {
        "category": BudgetCategory.INDIRECT,
        "kind": CostKind.FLAT_RATE,
        "description": "Netiesioginės išlaidos: 15 % personalo išlaidų (demo)",
        "rate_percent": Decimal(15),
        "base_category": BudgetCategory.STAFF,
    },
]
PLACE = evaluation_demo.Place(
    "3998",
    "Pamarys (demo)",
    "pamarys.test",
    "Pamario kaimų gyventojai ir lankytojai.",
    "Prisideda prie 1.1 ir 1.2 uždavinių (demo).",
)
SITTING = decisions_demo.Sitting(
    "2024/2", datetime.datetime(2024, 5, 14, 15, 0), "Pamario seniūnijos salė (demo)"
)
FUNDING = monitoring_demo.Funding(
    invited_at=datetime.datetime(2024, 5, 20, 10, 0),
    application_prefix="NMA-2024-",
    agreement_prefix="PAMA-LEADER-2024-",
    starts=[datetime.date(2024, 9, 1), datetime.date(2024, 10, 1), datetime.date(2024, 11, 1)],
    months=12,
    summary="Demonstracinis LEADER projektas pamaryje: veiklos ir skaičiai išgalvoti.",
    milestones=("Įranga įsigyta ir paruošta", "Baigiamasis renginys"),
    planned={"P-R1": Decimal(2), "P-O1": Decimal(1), "P-O2": Decimal(150)},
)
# Per project: what happened to each report (None: still owed).
REPORTS = [["accepted", "accepted"], ["accepted", "returned"], ["accepted", None]]


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
    _decided_call(lag, strategy, users)
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
    roles = [
        ("staff", RoleKind.STAFF),
        ("assessor", RoleKind.ASSESSOR),
        ("assessor2", RoleKind.ASSESSOR),
    ]
    for key, kind in roles:
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


def _number(lag, wanted: str) -> str:
    """`wanted` unless a call of the LAG has it (a database loaded before call no. 1
    was added to the demo has its open call as no. 1): then the next free number."""
    numbers = set(Call.objects.filter(lag=lag).values_list("number", flat=True))
    if wanted not in numbers:
        return wanted
    return str(max(int(n) for n in numbers if n.isdigit()) + 1)


def _decided_call(lag, strategy: Strategy, users: dict[str, User]) -> None:
    """Call no. 1 as history: closed in 2024, its proposals checked, scored and ranked,
    decided at a board meeting, and the funded ones implemented and reporting."""
    if Call.objects.filter(lag=lag, title=DECIDED["title"], is_demo=True).exists():
        return
    measures = {m.code: m for m in strategy.measures()}
    call = closed_call(
        lag=lag,
        fields={"number": _number(lag, "1"), "strategy": strategy, **DECIDED, **CONDITIONS},
        opens_at=at_hour(DECIDED_OPENS, 9),
        closes_at=at_hour(DECIDED_CLOSES, 16),
        allocations=[(measures[c], amount, top, 95) for c, amount, top in DECIDED_MONEY],
        criteria=CRITERIA,
    )
    staff = users["staff"]
    with evaluation_emails.silenced(), decision_emails.silenced():
        assessors = [users["assessor"], users["assessor2"]]
        evaluation_demo.rank(call, staff, assessors, DECIDED_PROPOSALS, PLACE, {1: SCO_BUDGET})
        decisions_demo.decide(lag, Call.objects.get(pk=call.pk), staff, SITTING)
    funded = [ProposalStatus.SELECTED, ProposalStatus.INVITED]  # invited when adopted
    proposals = list(call.proposals.filter(status__in=funded).order_by("sequence"))
    promoter = users["promoter"]
    OrganisationMembership.objects.get_or_create(
        organisation=proposals[0].organisation, user=promoter
    )
    monitoring_demo.run_projects(proposals, staff, promoter, FUNDING, REPORTS)


def _open_call(lag, strategy: Strategy, staff: User, today: datetime.date) -> Call | None:
    if Call.objects.filter(lag=lag, title=OPEN_TITLE).exists():
        return None
    call = calls.create_call(
        lag=lag,
        actor=staff,
        fields={
            "number": _number(lag, "2"),
            "strategy": strategy,
            "title": OPEN_TITLE,
            "title_en": "Small business and community services in the lagoon area (demo)",
            "summary": "Demonstracinis LEADER kvietimas: datos ir sumos išgalvotos.",
            "summary_en": "A demonstration LEADER call: its dates and money are invented.",
            "opens_at": at_hour(today - datetime.timedelta(days=3), 9),
            "closes_at": at_hour(today + datetime.timedelta(days=30), 16),
            **CONDITIONS,
        },
    )
    measures = {m.code: m for m in strategy.measures()}
    add_allocations(call, [(measures[code], 200000, 50000, 80) for code in ["1.1.1", "1.2.1"]])
    add_criteria(call, CRITERIA)
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
