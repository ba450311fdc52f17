"""What is missing or wrong before a call can be published (INV-09, INV-10) and before a
proposal can be submitted (completeness, INV-12…INV-14, eligibility). Each problem names
the page section and field it is about, so the pages can link straight to it."""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from telka.lib import statements
from telka.periods.rules import rules_for
from telka.strategy.models import StrategyStatus
from telka.templatetags.telka import eur, number

from .budget import cost_option_problems, overruns
from .models import (
    AttachmentKind,
    Call,
    CostKind,
    CriterionKind,
    Proposal,
    TerritoryRule,
    settle_amounts,
)


@dataclass(frozen=True)
class Problem:
    message: str
    section: str = ""
    field: str = ""


def _local(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Calls -----------------------------------------------------------------------------


def call_problems(call: Call, now: datetime.datetime | None = None) -> list[Problem]:
    """Everything INV-09 requires to be published with the call, plus INV-08 and INV-10."""
    now = now or timezone.now()
    return [
        *_call_text_problems(call),
        *_call_time_problems(call, now),
        *_allocation_problems(call),
        *_criteria_problems(call),
        *_cost_option_problems(call),
    ]


def _cost_option_problems(call: Call) -> list[Problem]:
    """A call whose fund makes simplified cost options mandatory for smaller projects
    must offer at least one (CPR 2021/1060 Art. 53(2))."""
    rules = rules_for(call)
    if rules.sco_required_up_to is None:
        return []
    if set(call.allowed_cost_kinds()) & CostKind.SIMPLIFIED:
        return []
    return [
        Problem(
            _(
                "%(fund)s projects costing at most %(limit)s must use simplified cost "
                "options: allow at least one of them."
            )
            % {"fund": rules.fund, "limit": eur(rules.sco_required_up_to)},
            "edit",
            "id_cost_kinds_0",
        )
    ]


def _call_text_problems(call: Call) -> list[Problem]:
    problems = []
    if call.strategy.status != StrategyStatus.IN_FORCE:
        problems.append(
            Problem(_("The strategy version of the call is not the one in force."), "edit")
        )
    if not call.eligible_applicants.strip():
        problems.append(Problem(_("Describe who may apply."), "edit", "id_eligible_applicants"))
    for value, field, message in [
        (call.complaint_window_days, "id_complaint_window_days", _("Set the complaint window.")),
        (
            call.clarification_working_days,
            "id_clarification_working_days",
            _("Set the clarification window."),
        ),
    ]:
        if not value:
            problems.append(Problem(message, "edit", field))
    if not call.agency_application_days:  # a selected proposal must be able to lapse (INV-30)
        problems.append(
            Problem(
                _("Set the number of days to apply to the agency (INV-30)."),
                "edit",
                "id_agency_application_days",
            )
        )
    return problems


def _call_time_problems(call: Call, now: datetime.datetime) -> list[Problem]:
    if call.opens_at is None:
        return [Problem(_("Set the opening time."), "edit", "id_opens_at")]
    if call.closes_at is None:
        return [Problem(_("Set the closing time."), "edit", "id_closes_at")]
    if call.closes_at <= call.opens_at:
        return [Problem(_("The call must close after it opens."), "edit", "id_closes_at")]
    if call.closes_at <= now:
        return [Problem(_("The closing time has already passed."), "edit", "id_closes_at")]
    return []


def _allocation_problems(call: Call) -> list[Problem]:
    allocations = list(call.allocations.select_related("measure__objective__goal"))
    if not allocations:
        return [Problem(_("Add the money available for at least one measure."), "allocations")]
    problems = []
    for allocation in allocations:
        if allocation.measure.objective.goal.strategy_id != call.strategy_id:
            problems.append(
                Problem(
                    _("Measure %(code)s is not part of the call's strategy version.")
                    % {"code": allocation.measure.code},
                    "allocations",
                )
            )
    for overrun in overruns(call):
        problems.append(
            Problem(
                _(
                    "Measure %(code)s: the allocation of %(amount)s is more than the "
                    "%(remaining)s left of the measure's budget."
                )
                % {
                    "code": overrun.allocation.measure.code,
                    "amount": eur(overrun.allocation.amount),
                    "remaining": eur(overrun.remaining),
                },
                "allocations",
            )
        )
    return problems


def _criteria_problems(call: Call) -> list[Problem]:
    criteria = list(call.criteria.all())
    scored = [c for c in criteria if c.kind == CriterionKind.SCORED]
    problems = []
    if not scored:
        problems.append(Problem(_("Add at least one scored selection criterion."), "criteria"))
    total = sum((c.max_points or 0 for c in scored), 0)
    if call.min_score is None:
        problems.append(Problem(_("Set the minimum total score."), "edit", "id_min_score"))
    elif scored and call.min_score > total:
        problems.append(
            Problem(
                _("The minimum total score is higher than the %(total)s points available.")
                % {"total": number(total)},
                "edit",
                "id_min_score",
            )
        )
    if call.tie_break_criterion_id is None and not call.tie_break_by_submission:
        problems.append(Problem(_("Set how ties are broken."), "edit", "id_tie_break_criterion"))
    return problems


# --- Proposals -------------------------------------------------------------------------


def proposal_problems(proposal: Proposal, now: datetime.datetime | None = None) -> list[Problem]:
    """Every reason the proposal cannot be submitted now, in the order of the form."""
    now = now or timezone.now()
    return [*_timing_problems(proposal, now), *submission_rule_problems(proposal, now)]


def submission_rule_problems(
    proposal: Proposal, now: datetime.datetime | None = None
) -> list[Problem]:
    """Every rule a submitted version must meet, except the deadline (INV-13, INV-14 and
    completeness). The same function judges a submission, a clarification correction and
    the formal check's "declare eligible"; `now` is the moment the version is submitted."""
    now = now or timezone.now()
    return [
        *_applicant_problems(proposal),
        *_project_problems(proposal, now),
        *_activity_problems(proposal),
        *_indicator_problems(proposal),
        *_budget_problems(proposal),
        *_declaration_problems(proposal),
        *_attachment_problems(proposal),
    ]


def _timing_problems(proposal: Proposal, now: datetime.datetime) -> list[Problem]:
    """INV-12, from the server clock, never from the call's status alone."""
    call = proposal.call
    if call.accepts_proposals(now):
        return []
    if call.opens_at and now < call.opens_at and call.is_published:
        return [Problem(_("The call opens on %(at)s.") % {"at": _local(call.opens_at)})]
    if call.closes_at and now >= call.closes_at:
        return [
            Problem(
                _("The call closed on %(at)s: proposals can no longer be submitted.")
                % {"at": _local(call.closes_at)}
            )
        ]
    return [Problem(_("The call is not accepting proposals."))]


def _required(proposal: Proposal, section: str, fields: list[tuple[str, str]]) -> list[Problem]:
    return [
        Problem(message, section, f"id_{name}")
        for name, message in fields
        if getattr(proposal, name) in (None, "")
    ]


def _applicant_problems(proposal: Proposal) -> list[Problem]:
    problems = _required(
        proposal,
        "applicant",
        [
            ("contact_name", _("Enter the contact person.")),
            ("contact_email", _("Enter the contact e-mail address.")),
            ("contact_phone", _("Enter the contact phone number.")),
        ],
    )
    return problems + _eligibility_problems(proposal)


def _eligibility_problems(proposal: Proposal) -> list[Problem]:
    """INV-13: the applicant type and the territory condition of the call."""
    call, organisation = proposal.call, proposal.organisation
    problems = []
    if call.eligible_legal_forms and organisation.legal_form not in call.eligible_legal_forms:
        problems.append(
            Problem(
                _("Organisations with the legal form “%(form)s” may not apply to this call.")
                % {"form": organisation.get_legal_form_display()},
                "applicant",
            )
        )
    if call.eligible_sectors and organisation.sector not in call.eligible_sectors:
        problems.append(
            Problem(
                _("Organisations of the sector “%(sector)s” may not apply to this call.")
                % {"sector": organisation.get_sector_display()},
                "applicant",
            )
        )
    rule = call.territory_rule
    if rule in {TerritoryRule.APPLICANT, TerritoryRule.BOTH} and not (
        organisation.operates_in_territory
    ):
        problems.append(
            Problem(
                _("The call is only for organisations operating in the LAG territory."), "applicant"
            )
        )
    if rule in {TerritoryRule.ACTIVITIES, TerritoryRule.BOTH} and not (
        proposal.activities_in_territory
    ):
        problems.append(
            Problem(
                _("The project's activities must take place in the LAG territory."),
                "project",
                "id_activities_in_territory",
            )
        )
    return problems


def _project_problems(proposal: Proposal, now: datetime.datetime) -> list[Problem]:
    problems = _required(
        proposal,
        "project",
        [
            ("title", _("Enter the project title.")),
            ("summary", _("Write a summary of the project.")),
            ("problem", _("Describe the problem the project addresses.")),
            ("target_groups", _("Describe the target groups.")),
            ("planned_participants", _("Enter the number of planned participants.")),
            ("location", _("Enter where the activities take place.")),
            ("starts_on", _("Enter the project start date.")),
            ("ends_on", _("Enter the project end date.")),
        ],
    )
    starts, ends = proposal.starts_on, proposal.ends_on
    if starts and ends and ends < starts:
        problems.append(
            Problem(_("The project must end after it starts."), "project", "id_ends_on")
        )
    if ends and ends < timezone.localdate(now):
        # INV-14: an operation completed before submission cannot be selected.
        problems.append(
            Problem(
                _("The project ends before today: a completed project cannot be funded."),
                "project",
                "id_ends_on",
            )
        )
    return problems


def _activity_problems(proposal: Proposal) -> list[Problem]:
    activities = list(proposal.activities.all())
    if not activities:
        return [Problem(_("Describe at least one activity with its dates."), "activities")]
    problems = []
    for index, activity in enumerate(activities):
        message = _activity_dates_problem(proposal, activity)
        if message:
            problems.append(Problem(message, "activities", f"id_activities-{index}-starts_on"))
    return problems


def _day(value: datetime.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "…"


def _activity_dates_problem(proposal: Proposal, activity) -> str:
    starts, ends = activity.starts_on, activity.ends_on
    if not starts or not ends or ends < starts:
        return _(
            "Activity “%(title)s”: enter its start and end dates (the end after the start)."
        ) % {"title": activity.title}
    # An activity outside the project's period could not be paid from the project.
    first, last = proposal.starts_on, proposal.ends_on
    if (first and starts < first) or (last and ends > last):
        return _(
            "Activity “%(title)s” (%(starts)s–%(ends)s) must take place within the project's "
            "period, %(first)s–%(last)s."
        ) % {
            "title": activity.title,
            "starts": _day(starts),
            "ends": _day(ends),
            "first": _day(first),
            "last": _day(last),
        }
    return ""


def _indicator_problems(proposal: Proposal) -> list[Problem]:
    """INV-33: a planned value for every indicator of the measure."""
    problems = _required(
        proposal,
        "strategy",
        [("contribution", _("Explain the project's contribution to the strategy."))],
    )
    planned = {plan.indicator_id: plan.planned_value for plan in proposal.indicator_plans.all()}
    measure = proposal.allocation.measure
    targets = statements.fetch_objects(
        ("measure-targets", measure.pk), lambda: measure.targets.select_related("indicator")
    )
    for target in targets:
        if planned.get(target.indicator_id) is None:
            problems.append(
                Problem(
                    _("Enter the planned value of indicator %(code)s.")
                    % {"code": target.indicator.code},
                    "strategy",
                    f"id_indicator_{target.indicator_id}",
                )
            )
    return problems


def _budget_problems(proposal: Proposal) -> list[Problem]:
    lines = list(proposal.budget_lines.all())
    if not lines:
        return [Problem(_("Add at least one budget line."), "budget")]
    problems = []
    if proposal.own_contribution > proposal.total_cost:
        problems.append(
            Problem(
                _("The own contribution is larger than the total cost."),
                "budget",
                "id_own_contribution",
            )
        )
    settle_amounts(lines)
    problems += [
        Problem(message, "budget") for message in cost_option_problems(proposal.call, lines)
    ]
    return problems + _limit_problems(proposal)


def _limit_problems(proposal: Proposal) -> list[Problem]:
    """INV-13: requested amount and co-financing rate within the allocation's limits."""
    allocation, requested = proposal.allocation, proposal.requested_amount
    problems = []
    if requested <= 0:
        problems.append(Problem(_("The requested amount must be more than zero."), "budget"))
    if requested > allocation.max_per_project:
        problems.append(
            Problem(
                _("The requested amount %(amount)s is more than the %(max)s allowed.")
                % {"amount": eur(requested), "max": eur(allocation.max_per_project)},
                "budget",
                "id_own_contribution",
            )
        )
    if allocation.min_per_project and requested < allocation.min_per_project:
        problems.append(
            Problem(
                _("The requested amount is less than the %(min)s minimum.")
                % {"min": eur(allocation.min_per_project)},
                "budget",
                "id_own_contribution",
            )
        )
    rate = proposal.rate_percent
    if rate is not None and rate > allocation.max_rate_percent:
        problems.append(
            Problem(
                _(
                    "The grant would cover %(rate)s %% of the cost; at most %(max)s %% is "
                    "allowed. Increase the own contribution."
                )
                % {"rate": number(rate, 2), "max": number(allocation.max_rate_percent, 2)},
                "budget",
                "id_own_contribution",
            )
        )
    return problems


def _declaration_problems(proposal: Proposal) -> list[Problem]:
    fields = [
        (
            "declares_not_completed",
            _("Declare that the project has not been completed or fully implemented."),
        ),
        ("declares_accurate", _("Declare that the information is accurate.")),
        ("consents", _("Give your consent to the processing of the data.")),
    ]
    return [
        Problem(message, "declarations", f"id_{name}")
        for name, message in fields
        if not getattr(proposal, name)
    ]


def _attachment_problems(proposal: Proposal) -> list[Problem]:
    attachments = list(proposal.attachments.all())
    present = {a.kind for a in attachments}
    labels = dict(AttachmentKind.choices)
    problems = [
        Problem(_("Attach: %(kind)s.") % {"kind": labels.get(kind, kind)}, "attachments", "id_file")
        for kind in proposal.call.required_attachments
        if kind not in present
    ]
    return problems + _signature_problems(proposal, attachments)


@dataclass
class SignedFile:
    """A file the call wants signed, with what its signature check found."""

    name: str
    signer: str
    reason: str  # why it is not accepted; "" when it is


def signed_files(proposal: Proposal, attachments: list | None = None) -> list[SignedFile]:
    """The proposal's files of the kinds the call wants signed, each with its verdict:
    a valid qualified electronic signature, PAdES or ASiC-E (telka.signatures.uploads)."""
    from telka.signatures.uploads import signature_state

    if attachments is None:
        attachments = list(proposal.attachments.all())
    found = []
    for attachment in attachments:
        if attachment.kind not in proposal.call.signed_attachments:
            continue
        with attachment.file.open("rb") as stored:
            reason, signer = signature_state(stored.read(), attachment.sha256)
        found.append(SignedFile(attachment.original_name, signer, reason))
    return found


def _signature_problems(proposal: Proposal, attachments: list) -> list[Problem]:
    """Files of the kinds the call wants signed must carry a valid qualified electronic
    signature."""
    return [
        Problem(
            _("%(file)s: %(reason)s.") % {"file": found.name, "reason": found.reason},
            "attachments",
            "id_file",
        )
        for found in signed_files(proposal, attachments)
        if found.reason
    ]
