"""Demo: the historical Aleksotas call (no. 1, created by calls/demo.py) assessed, so
the ranking page has content; call no. 3 assessed and ranked for the board
(decisions/demo.py); call no. 4 half-way: proposals waiting for the formal check, one
check in progress, one needing assessors, and two assigned to the demo assessor (eva)
who has not declared yet, on one of which the second assessor has already scored.
Applicants, titles and scores are invented and flagged: organisations and titles carry
"(demo)", proposals `is_demo`. Safe to run again: a call that has proposals is left
as it is."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile

from telka.accounts.models import LegalForm, Organisation, User
from telka.calls.demo import tiny_pdf
from telka.calls.models import (
    Activity,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Call,
    CallStatus,
    IndicatorPlan,
    Proposal,
    ProposalStatus,
    Submission,
)
from telka.calls.models.proposals import settle_amounts
from telka.calls.uploads import sha256_of
from telka.calls.workflow import start_assessment
from telka.lag.models import Role, RoleKind, Sector

from . import emails, workflow
from .models import Verdict

# (title, applicant, requested EUR, quality 0…1 per assessor, what happens)
PROPOSALS = [
    (
        "Aleksoto jaunimo užimtumo dirbtuvės",
        "Asociacija „Aleksoto jaunimas“",
        32000,
        (0.9, 0.85),
        "ranked",
    ),
    (
        "Senjorų skaitmeninio raštingumo klubas",
        "Aleksoto bendruomenės centras",
        28000,
        (0.8, 0.8),
        "clarified",
    ),
    (
        "Kaimynų pagalbos tinklas Vilijampolės gatvėje",
        "Labdaros fondas „Kaimynai“",
        25000,
        (0.75, 0.8),
        "ranked",
    ),
    (
        "Tėvų ir vaikų savaitgalio stovyklos",
        "Asociacija „Šeimų ratas“",
        20000,
        (0.7, 0.7),
        "ranked",
    ),
    (
        "Bendruomenės daržai prie Nemuno",
        "Asociacija „Žalias Aleksotas“",
        12000,
        (0.4, 0.45),
        "ranked",
    ),
    (
        "Sporto aikštelės atnaujinimas",
        "Sporto klubas „Aleksoto ąžuolas“",
        40000,
        (0.0, 0.0),
        "missed",
    ),
]


# Call no. 3, decided by the board in decisions/demo.py: (title, applicant, requested
# EUR, quality per assessor, measure code).
BEFORE_BOARD = [
    ("Kaimynų šventės Aleksoto kiemuose", "Bendruomenė „Aukštoji Freda“", 24000, (0.9, 0.85), "1.1.1"),
    ("Savanorių laikas senjorams", "Asociacija „Gerumo ratas“", 18000, (0.8, 0.75), "1.1.1"),
    ("Aleksoto istorijos takas", "Klubas „Senasis Aleksotas“", 22000, (0.65, 0.7), "1.1.1"),
    ("Jaunųjų meistrų dirbtuvės", "Asociacija „Rankų darbas“", 20000, (0.85, 0.9), "1.2.1"),
    ("Darbo paieškos klubas", "Labdaros fondas „Nauja pradžia“", 15000, (0.7, 0.7), "1.2.1"),
    ("Mobilios konsultacijos bedarbiams", "Asociacija „Kelias“", 25000, (0.45, 0.5), "1.2.1"),
]  # fmt: skip
# Call no. 4 in progress: (title, applicant, requested EUR, where it stands).
IN_PROGRESS = [
    ("Vasaros darbo stovykla jaunimui", "Asociacija „Aleksoto jaunimas“", 26000, "scored_by_other"),
    ("Jaunųjų verslininkų klubas", "Asociacija „Verslo pradžia“", 21000, "assigned"),
    ("Kūrybinės dirbtuvės paaugliams", "Jaunimo klubas „Kalnas“", 18000, "eligible"),
    ("Karjeros dienos Aleksote", "Bendruomenės centras „Panemunė“", 15000, "in_check"),
    ("Skaitmeninių įgūdžių mokykla", "Asociacija „Kodas“", 24000, "registered"),
    ("Jaunimo savanorių tinklas", "Asociacija „Savanorių Aleksotas“", 12000, "registered"),
]  # fmt: skip


@dataclass(frozen=True)
class Place:
    """Where a demo LAG's invented applicants are: the first digits of their legal
    codes, their address and e-mail domain, and the texts of their proposals."""

    legal_code_prefix: str
    address: str
    email_domain: str
    target_groups: str
    contribution: str


ALEKSOTAS = Place(
    "3999",
    "Aleksotas, Kaunas",
    "aleksotas.test",
    "Aleksoto gyventojai.",
    "Prisideda prie 1.1 uždavinio (demo).",
)


def _assessors(demo) -> list[User]:
    first = demo.users.get("assessor")
    second = demo.users.get("assessor2")
    if second is None:
        second, created = User.objects.get_or_create(
            email="jonas.vertintojas@aleksotas.test",
            defaults={"full_name": "Jonas Vertintojas (demo)", "language": "lt"},
        )
        if created:
            second.set_unusable_password()
            second.save(update_fields=["password"])
    Role.objects.get_or_create(
        user=second,
        lag=demo.lag,
        kind=RoleKind.ASSESSOR,
        defaults={"valid_from": datetime.date(2019, 1, 1)},
    )
    return [first, second]


def demo_proposal(
    call: Call,
    n: int,
    title: str,
    applicant: str,
    amount: int,
    measure: str = "",
    place: Place = ALEKSOTAS,
    budget: list[dict] | None = None,
) -> Proposal:
    """Proposal no. `n` of a closed call as registered at the time (its history: the
    workflow registers only while a call is open), with a complete set of parts and
    `budget` lines (BudgetLine fields) or one line for the total."""
    allocations = call.allocations.all()
    allocation = allocations.filter(measure__code=measure).first() or allocations.first()
    organisation, _created = Organisation.objects.get_or_create(
        legal_code=f"{place.legal_code_prefix}{int(call.number) % 10}{n:04d}",
        defaults={
            "name": f"{applicant} (demo)",
            "legal_form": LegalForm.ASSOCIATION,
            "sector": Sector.CIVIL,
            "address": place.address,
            "operates_in_territory": True,
        },
    )
    submitted_at = call.closes_at - datetime.timedelta(days=10 - n, hours=n)
    proposal = Proposal.objects.create(
        call=call,
        allocation=allocation,
        organisation=organisation,
        status=ProposalStatus.REGISTERED,
        sequence=n,
        reg_number=f"{call.registration_prefix}-{n:03d}",
        title=f"{title} (demo)",
        summary="Demonstracinis projektinis pasiūlymas: tekstas ir skaičiai išgalvoti.",
        total_cost=Decimal(amount) * Decimal("1.1"),
        own_contribution=Decimal(amount) * Decimal("0.1"),
        contact_name="Kontaktinis asmuo (demo)",
        contact_email=f"projektas{n}@{place.email_domain}",
        contact_phone="+370 600 00000",
        problem="Demonstracinė problema (demo).",
        target_groups=place.target_groups,
        planned_participants=30,
        location=place.address,
        activities_in_territory=True,
        starts_on=call.closes_at.date() + datetime.timedelta(days=90),
        ends_on=call.closes_at.date() + datetime.timedelta(days=450),
        contribution=place.contribution,
        requested_amount=Decimal(amount),
        submitted_at=submitted_at,
        declares_accurate=True,
        declares_not_completed=True,
        consents=True,
        is_demo=True,
    )
    _complete(proposal, budget)
    Submission.objects.create(
        proposal=proposal,
        version=1,
        registration_number=proposal.reg_number,
        submitted_at=submitted_at,
        content={
            "project": {"title": proposal.title, "summary": proposal.summary},
            "is_demo": True,
        },
        content_sha256="0" * 64,
    )
    return proposal


def _complete(proposal: Proposal, budget: list[dict] | None = None) -> None:
    """The rows a complete proposal has: an activity, budget lines, planned indicator
    values and the budget justification the call requires. With `budget` the total
    cost is the lines' sum and the own contribution what the request leaves of it."""
    Activity.objects.create(
        proposal=proposal,
        title="Veikla (demo)",
        starts_on=proposal.starts_on,
        ends_on=proposal.ends_on,
    )
    if budget is None:
        BudgetLine.objects.create(
            proposal=proposal,
            category="staff",
            description="Projekto išlaidos (demo)",
            quantity=Decimal(1),
            unit_price=proposal.total_cost,
        )
    else:
        lines = [BudgetLine(proposal=proposal, position=n, **row) for n, row in enumerate(budget)]
        proposal.total_cost = settle_amounts(lines)
        proposal.own_contribution = proposal.total_cost - proposal.requested_amount
        BudgetLine.objects.bulk_create(lines)
        proposal.save(update_fields=["total_cost", "own_contribution"])
    IndicatorPlan.objects.bulk_create(
        IndicatorPlan(proposal=proposal, indicator_id=target.indicator_id, planned_value=30)
        for target in proposal.allocation.measure.targets.all()
    )
    content = ContentFile(tiny_pdf("Biudzeto pagrindimas (demo)"), name="biudzetas.pdf")
    Attachment.objects.create(
        proposal=proposal,
        kind=AttachmentKind.BUDGET,
        file=content,
        original_name="biudzeto-pagrindimas.pdf",
        content_type="application/pdf",
        size=content.size,
        sha256=sha256_of(content),
    )


def check(proposal: Proposal, staff, outcome: str) -> None:
    """The formal check of a registered proposal through the workflow: `ranked` passes at
    once, `clarified` after a clarification, `missed` fails when the deadline passes."""
    workflow.start_check(proposal=proposal, actor=staff)
    items = list(proposal.call.checklist_items.all())
    answers = {i.pk: (Verdict.PASS, "") for i in items}
    if outcome in {"clarified", "missed"}:
        answers[items[-2].pk] = (Verdict.FAIL, "Trūksta kainų apklausos pažymos.")
    workflow.record_answers(proposal=proposal, actor=staff, answers=answers)
    if outcome == "ranked":
        workflow.declare_eligible(proposal=proposal, actor=staff)
        return
    clarification = workflow.request_clarification(
        proposal=proposal,
        actor=staff,
        deficiencies=[
            workflow.DeficiencyInput(items[-2], "attachments", "Pridėkite kainų apklausos pažymą.")
        ],
    )
    if outcome == "missed":
        workflow.expire_clarifications(clarification.due_at + datetime.timedelta(seconds=1))
        return
    workflow.submit_correction(
        clarification=clarification,
        actor=None,
        responses={d.pk: "Pažyma pridėta (demo)." for d in clarification.deficiencies.all()},
        apply=lambda p: [],
    )
    workflow.record_answers(
        proposal=proposal, actor=staff, answers={items[-2].pk: (Verdict.PASS, "Pataisyta.")}
    )
    workflow.declare_eligible(proposal=proposal, actor=staff)


def score(assessment, quality: float, *, submit: bool = True) -> None:
    """The assessor declares and scores each criterion at `quality` (0…1) of its maximum."""
    assessor, call = assessment.assessor, assessment.proposal.call
    workflow.sign_call_declaration(call=call, assessor=assessor, text=workflow.DECLARATION_TEXT)
    workflow.declare_no_conflict(assessment=assessment, actor=assessor)
    values = {}
    for criterion in call.criteria.all():
        if criterion.is_scored:
            points = (criterion.max_points * Decimal(str(quality))).quantize(
                Decimal(1), ROUND_HALF_UP
            )
            values[criterion.pk] = workflow.ScoreInput(
                points=points, justification="Demonstracinis pagrindimas."
            )
        else:
            values[criterion.pk] = workflow.ScoreInput(
                passed=True, justification="Atitinka (demo)."
            )
    workflow.save_scores(assessment=assessment, actor=assessor, values=values)
    if submit:
        workflow.submit_assessment(assessment=assessment, actor=assessor)


def _untouched(demo, number: str) -> Call | None:
    call = Call.objects.filter(lag=demo.lag, number=number, is_demo=True).first()
    if call is None or call.proposals.exists() or not call.allocations.exists():
        return None
    return call


def load(demo) -> None:
    staff = demo.users.get("staff")
    if staff is None:
        return
    steps = [("1", _assess), ("3", _before_board), ("4", _in_progress)]
    with emails.silenced():
        for number, step in steps:
            call = _untouched(demo, number)
            if call is not None:
                step(call, staff, _assessors(demo))


def _started(call: Call, staff) -> Call:
    if call.status == CallStatus.CLOSED:
        call = start_assessment(call=call, actor=staff)
    return call


def _before_board(call: Call, staff, assessors: list[User]) -> None:
    rank(call, staff, assessors, BEFORE_BOARD)


def rank(
    call: Call,
    staff,
    assessors: list[User],
    rows: list,
    place: Place = ALEKSOTAS,
    budgets: dict | None = None,
) -> None:
    """Proposals of a closed call from (title, applicant, EUR, quality per assessor,
    measure code) rows, each checked, assessed by `assessors` and so ranked; `budgets`
    gives some of them (by number) their own budget lines."""
    call = _started(call, staff)
    budgets = budgets or {}
    for n, (title, applicant, amount, quality, measure) in enumerate(rows, start=1):
        proposal = demo_proposal(call, n, title, applicant, amount, measure, place, budgets.get(n))
        check(proposal, staff, "ranked")
        assessments = workflow.assign_assessors(proposal=proposal, assessors=assessors, actor=staff)
        for assessment, q in zip(assessments, quality, strict=True):
            score(assessment, q)
    Call.objects.filter(pk=call.pk).update(last_sequence=len(rows))


def _in_progress(call: Call, staff, assessors: list[User]) -> None:
    call = _started(call, staff)
    for n, (title, applicant, amount, stage) in enumerate(IN_PROGRESS, start=1):
        proposal = demo_proposal(call, n, title, applicant, amount)
        if stage == "registered":
            continue
        if stage == "in_check":
            workflow.start_check(proposal=proposal, actor=staff)
            first = call.checklist_items.order_by("position", "pk")[:3]
            answers = {item.pk: (Verdict.PASS, "") for item in first}
            workflow.record_answers(proposal=proposal, actor=staff, answers=answers)
            continue
        check(proposal, staff, "ranked")
        if stage == "eligible":
            continue
        assessments = workflow.assign_assessors(proposal=proposal, assessors=assessors, actor=staff)
        if stage == "scored_by_other":
            score(assessments[1], 0.8)
    Call.objects.filter(pk=call.pk).update(last_sequence=len(IN_PROGRESS))


def _assess(call: Call, staff, assessors: list[User]) -> None:
    for n, (title, applicant, amount, quality, outcome) in enumerate(PROPOSALS, start=1):
        proposal = demo_proposal(call, n, title, applicant, amount)
        check(proposal, staff, outcome)
        if outcome == "missed":
            continue
        for assessment, q in zip(
            workflow.assign_assessors(proposal=proposal, assessors=assessors, actor=staff),
            quality,
            strict=True,
        ):
            score(assessment, q)
    Call.objects.filter(pk=call.pk).update(last_sequence=len(PROPOSALS))
