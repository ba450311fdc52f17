"""Demo calls for the Aleksotas LAG.

Call no. 1 is the LAG's own notice "Kvietimas teikti vietos plėtros projektinius
pasiūlymus pagal Aleksoto vietos plėtros 2015-2020 m. strategiją" (updated 2020-01-24,
shared/aleksotas/lag-homepage.txt); the notice itself was not readable, so its dates,
money and criteria are invented and flagged `is_demo`. Call no. 2 is an invented open
call with dates relative to today, with a draft and a submitted proposal by the demo
applicant (ana@aleksotas.test). Calls no. 3 and 4 are invented calls that closed
recently: no. 3 is assessed and before the board (decisions/demo.py), no. 4 is in the
formal check and assessment (evaluation/demo.py). Re-running changes nothing once the
calls exist.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from telka.accounts.models import LegalForm, Organisation
from telka.lag.models import Sector

from . import workflow
from .models import (
    Activity,
    Allocation,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Call,
    CallStatus,
    Criterion,
    CriterionKind,
    Partner,
    TerritoryRule,
)
from .uploads import sha256_of

NOTICE_TITLE = (
    "Kvietimas teikti vietos plėtros projektinius pasiūlymus pagal Aleksoto vietos plėtros "
    "2015-2020 m. strategiją"
)
NOTICE_TITLE_EN = (
    "Call for local development project proposals under the Aleksotas local development "
    "strategy 2015–2020"
)
ELIGIBLE = (
    "Nevyriausybinės organizacijos, bendruomeninės organizacijos, viešosios įstaigos ir "
    "socialiniai partneriai, veikiantys Aleksoto VVG teritorijoje."
)
ELIGIBLE_EN = (
    "Non-governmental and community organisations, public institutions and social partners "
    "operating in the Aleksotas LAG territory."
)
# (code, title, title_en, kind, max, min)
CRITERIA = [
    (
        "B1",
        "Projektas atitinka VPS tikslą, uždavinį ir veiksmą",
        "The project fits the strategy's goal, objective and measure",
        CriterionKind.PASS_FAIL,
        None,
        None,
    ),
    (
        "B2",
        "Pareiškėjas ir partneriai atitinka kvietime nustatytus reikalavimus",
        "The applicant and partners meet the call's requirements",
        CriterionKind.PASS_FAIL,
        None,
        None,
    ),
    (
        "S1",
        "Indėlis į VPS rodiklių pasiekimą",
        "Contribution to the strategy's indicators",
        CriterionKind.SCORED,
        30,
        10,
    ),
    (
        "S2",
        "Tikslinės grupės poreikių pagrįstumas",
        "How well the target group's needs are justified",
        CriterionKind.SCORED,
        25,
        None,
    ),
    (
        "S3",
        "Partnerystė su vietos bendruomene ir verslu",
        "Partnership with the local community and business",
        CriterionKind.SCORED,
        15,
        None,
    ),
    ("S4", "Savanorystės skatinimas", "Promotion of volunteering", CriterionKind.SCORED, 15, None),
    ("S5", "Lėšų naudojimo efektyvumas", "Value for money", CriterionKind.SCORED, 15, None),
]


def at_hour(day: datetime.date, hour: int) -> datetime.datetime:
    """`day` at `hour` o'clock, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _measures(demo) -> dict:
    return {m.code: m for m in demo.strategy.measures()}


def _conditions(demo, number: str) -> dict:
    return {
        "number": number,
        "strategy": demo.strategy,
        "eligible_applicants": ELIGIBLE,
        "eligible_applicants_en": ELIGIBLE_EN,
        "eligible_legal_forms": [
            LegalForm.ASSOCIATION,
            LegalForm.PUBLIC_INSTITUTION,
            LegalForm.CHARITY_FUND,
            LegalForm.RELIGIOUS,
        ],
        "eligible_sectors": [Sector.CIVIL],
        "territory_rule": TerritoryRule.BOTH,
        "min_score": Decimal(60),
        "required_attachments": [AttachmentKind.BUDGET],
        "is_demo": True,
    }


def add_criteria(call: Call, criteria: list, tie_break: str = "S1") -> None:
    """The call's criteria from (code, title, title_en, kind, max, min) rows; ties are
    broken by the criterion `tie_break`."""
    for position, (code, title, title_en, kind, top, low) in enumerate(criteria):
        Criterion.objects.create(
            call=call,
            code=code,
            title=title,
            title_en=title_en,
            kind=kind,
            max_points=top,
            min_points=low,
            position=position,
        )
    call.tie_break_criterion = call.criteria.get(code=tie_break)
    call.save(update_fields=["tie_break_criterion"])


def add_allocations(call: Call, rows: list) -> None:
    """The call's money from (measure, amount, max per project, max rate %) rows."""
    for position, (measure, amount, top, rate) in enumerate(rows):
        Allocation.objects.create(
            call=call,
            measure=measure,
            amount=Decimal(amount),
            max_per_project=Decimal(top),
            max_rate_percent=Decimal(rate),
            position=position,
        )


def closed_call(
    *,
    lag,
    fields: dict,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    allocations: list,
    criteria: list,
    approved_on: datetime.date | None = None,
) -> Call:
    """A call that closed before the demo is loaded, recorded as history: the workflow
    refuses to approve or publish a call whose closing time has passed, so the call is
    created as published and closed; its proposals, checks and decisions then go
    through the workflow (evaluation/demo.py, decisions/demo.py)."""
    call = Call.objects.create(
        lag=lag,
        status=CallStatus.CLOSED,
        opens_at=opens_at,
        closes_at=closes_at,
        published_at=opens_at,
        approved_on=approved_on or opens_at.date() - datetime.timedelta(days=5),
        approval_reference="Valdybos posėdžio protokolas (demo)",
        **fields,
    )
    add_allocations(call, allocations)
    add_criteria(call, criteria)
    return call


def _historical_call(demo) -> None:
    """The 2020 notice, closed long ago (no proposals recorded in the demo)."""
    published = at_hour(datetime.date(2020, 1, 24), 9)
    closed_call(
        lag=demo.lag,
        fields={"title": NOTICE_TITLE, "title_en": NOTICE_TITLE_EN, **_conditions(demo, "1")},
        opens_at=published,
        closes_at=at_hour(datetime.date(2020, 2, 24), 16),
        approved_on=datetime.date(2020, 1, 20),
        allocations=[(_measures(demo)["1.1.1"], 100000, 50000, 95)],
        criteria=CRITERIA,
    )


# Invented calls that closed recently: (number, title, title_en, opened / closed days
# ago, [(measure code, amount, max per project)]).
RECENT_CALLS = [
    (
        "3",
        "Bendruomenių iniciatyvos ir savanorystė Aleksote",
        "Community initiatives and volunteering in Aleksotas",
        95,
        60,
        [("1.1.1", 80000, 30000), ("1.2.1", 60000, 25000)],
    ),
    (
        "4",
        "Jaunimo užimtumas ir verslumas Aleksote",
        "Youth employment and entrepreneurship in Aleksotas",
        50,
        12,
        [("1.1.1", 90000, 30000)],
    ),
]


def _recent_call(demo, number, title, title_en, opened, closed, allocations) -> None:
    """A call that closed recently; its proposals are added by evaluation/demo.py."""
    measures = _measures(demo)
    closed_call(
        lag=demo.lag,
        fields={
            "title": f"{title} (demo)",
            "title_en": f"{title_en} (demo)",
            "summary": "Demonstracinis kvietimas: datos, sumos ir pasiūlymai išgalvoti.",
            "summary_en": "A demonstration call: its dates, money and proposals are invented.",
            **_conditions(demo, number),
        },
        opens_at=at_hour(demo.today - datetime.timedelta(days=opened), 9),
        closes_at=at_hour(demo.today - datetime.timedelta(days=closed), 16),
        allocations=[(measures[code], amount, top, 95) for code, amount, top in allocations],
        criteria=CRITERIA,
    )


def _open_call(demo) -> Call:
    """An invented call open now, run through the same steps as a real one."""
    staff = demo.users["staff"]
    call = workflow.create_call(
        lag=demo.lag,
        actor=staff,
        fields={
            "title": "Socialinės atskirties mažinimas ir užimtumo didinimas Aleksote",
            "title_en": "Reducing social exclusion and increasing employment in Aleksotas",
            "summary": "Kviečiame teikti projektinius pasiūlymus, kurie mažintų Aleksoto "
            "gyventojų socialinę atskirtį ir padėtų bedarbiams bei neaktyviems gyventojams "
            "grįžti į darbo rinką. (Demonstracinis kvietimas.)",
            "summary_en": "We invite project proposals that reduce the social exclusion of "
            "Aleksotas residents and help unemployed and inactive residents back into work. "
            "(A demonstration call.)",
            "opens_at": at_hour(demo.today - datetime.timedelta(days=7), 9),
            "closes_at": at_hour(demo.today + datetime.timedelta(days=21), 16),
            **_conditions(demo, "2"),
            # A partnership letter must be signed (issue 17 item 3): try it with
            # `manage.py demo_sign_asice` or `demo_sign_pdf` (test-only certificates).
            "signed_attachments": [AttachmentKind.PARTNERSHIP],
        },
    )
    measures = _measures(demo)
    rows = [("1.1.1", 150000, 40000), ("1.2.1", 120000, 30000)]
    add_allocations(call, [(measures[code], amount, top, "92.5") for code, amount, top in rows])
    add_criteria(call, CRITERIA)
    workflow.approve_call(
        call=call,
        actor=staff,
        approved_on=demo.today - datetime.timedelta(days=10),
        reference="Valdybos posėdžio protokolas Nr. 12 (demo)",
    )
    return workflow.publish_call(call=call, actor=staff)


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF, valid enough for any reader, without a PDF library."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _fill(proposal, demo, title: str, complete: bool) -> None:
    proposal.title = title
    proposal.summary = (
        "Užsiėmimai ir mentorystė Aleksoto jaunimui, kuriame jie mokosi amato ir "
        "susipažįsta su vietos darbdaviais. (Demo.)"
    )
    proposal.problem = (
        "Aleksote trūksta nemokamos neformaliojo ugdymo veiklos jaunimui iš "
        "socialinės rizikos šeimų. (Demo.)"
    )
    proposal.target_groups = "14–29 m. jaunimas iš socialinės rizikos šeimų."
    proposal.planned_participants = 60
    proposal.location = "Aleksoto bendruomenės namai, Kaunas"
    proposal.activities_in_territory = True
    proposal.starts_on = demo.today + datetime.timedelta(days=90)
    proposal.ends_on = demo.today + datetime.timedelta(days=90 + 540)
    proposal.contribution = (
        "Projektas tiesiogiai prisideda prie 1.1 uždavinio: mažina jaunimo "
        "socialinę atskirtį ir didina savanorystę."
    )
    proposal.contact_phone = "+370 600 00000"
    proposal.own_contribution = Decimal("2400")
    proposal.declares_not_completed = proposal.declares_accurate = proposal.consents = complete
    proposal.save()
    _add_rows(proposal, demo)


def _add_rows(proposal, demo) -> None:
    Partner.objects.create(
        proposal=proposal,
        name="UAB „Aleksoto dirbtuvės“ (demo)",
        legal_code="300000002",
        role="Mentoriai ir praktikos vietos.",
    )
    for position, (name, start, end) in enumerate(
        [("Dirbtuvės", 90, 400), ("Mentorystė", 120, 600)]
    ):
        Activity.objects.create(
            proposal=proposal,
            title=name,
            position=position,
            starts_on=demo.today + datetime.timedelta(days=start),
            ends_on=demo.today + datetime.timedelta(days=end),
        )
    BudgetLine.objects.create(
        proposal=proposal,
        category="staff",
        description="Užsiėmimų vadovas",
        quantity=Decimal(18),
        unit="mėn.",
        unit_price=Decimal(1200),
    )
    BudgetLine.objects.create(
        proposal=proposal,
        category="equipment",
        description="Įrankiai",
        quantity=Decimal(1),
        unit="kompl.",
        unit_price=Decimal(8000),
    )
    proposal.recalculate_budget()
    proposal.save(update_fields=["total_cost", "requested_amount"])
    for number, plan in enumerate(proposal.indicator_plans.all(), start=1):
        plan.planned_value = Decimal(60 if number == 1 else 5)
        plan.save(update_fields=["planned_value"])


def _attach_budget(proposal, ana) -> None:
    content = ContentFile(tiny_pdf("Biudzeto pagrindimas (demo)"), name="biudzetas.pdf")
    Attachment.objects.create(
        proposal=proposal,
        kind=AttachmentKind.BUDGET,
        file=content,
        original_name="biudzeto-pagrindimas.pdf",
        content_type="application/pdf",
        size=content.size,
        sha256=sha256_of(content),
        uploaded_by=ana,
    )


def _proposals(demo, call: Call) -> None:
    """A submitted proposal, and a draft that only lacks the applicant's declarations:
    the demo applicant's first task is to tick them and submit."""
    ana = demo.users["applicant"]
    organisation = Organisation.objects.get(legal_code="300000001")
    allocation = call.allocations.get(measure__code="1.1.1")
    submitted = workflow.create_proposal(
        call=call, allocation=allocation, organisation=organisation, actor=ana
    )
    _fill(submitted, demo, "Aleksoto jaunimo dirbtuvės", complete=True)
    _attach_budget(submitted, ana)
    workflow.submit_proposal(proposal=submitted, actor=ana, notify=False)
    draft = workflow.create_proposal(
        call=call, allocation=allocation, organisation=organisation, actor=ana
    )
    _fill(draft, demo, "Senjorų skaitmeninio raštingumo klubas", complete=False)
    draft.summary = (
        "Kompiuterinio raštingumo užsiėmimai vyresnio amžiaus gyventojams: el. paslaugos, "
        "saugus internetas ir vaizdo skambučiai artimiesiems. (Demo.)"
    )
    draft.save(update_fields=["summary"])
    _attach_budget(draft, ana)


def load(demo) -> None:
    if demo.strategy is None or Call.objects.filter(lag=demo.lag).exists():
        return
    _historical_call(demo)
    call = _open_call(demo)
    _proposals(demo, call)
    for row in RECENT_CALLS:
        _recent_call(demo, *row)
