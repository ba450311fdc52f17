"""What the API returns: field names in English, codes rather than translated labels,
money and scores as decimal strings, times in ISO 8601. Organisations are legal
entities and are named; people never are (no names, e-mails, phones, birth years)."""

import datetime
from decimal import Decimal

from django.urls import NoReverseMatch
from django.utils.translation import gettext_noop
from ninja import Field, Schema

from telka.decisions import money

CENTS = Decimal("0.01")


def value(amount) -> Decimal:
    """A sum from the database with two decimals, whatever the backend returned."""
    return Decimal(amount or 0).quantize(CENTS)


def absolute(context, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class AllocationOut(Schema):
    id: int
    call_id: int
    measure_code: str = Field(alias="measure.code")
    measure_title: str = Field(alias="measure.title")
    amount: Decimal = Field(
        description=gettext_noop("Money the call offers under the measure (EUR).")
    )
    max_per_project: Decimal
    min_per_project: Decimal | None
    max_rate_percent: Decimal = Field(
        description=gettext_noop("Largest share of the total cost granted.")
    )
    allows_reduced_amounts: bool
    remaining: Decimal = Field(
        description="What is left of the allocation now (EUR): the allocation less the "
        "amounts fixed by the board (or approved by the agency) of proposals still funded "
        "and the money held for pending complaints; lapses and agency reductions return."
    )

    @staticmethod
    def resolve_remaining(obj) -> Decimal:
        found = getattr(obj, "left_now", None)  # set by the view for a whole page at once
        return value(found.remaining if found else money.remaining(obj))


class CriterionOut(Schema):
    id: int
    call_id: int
    code: str
    title: str
    title_en: str
    description: str
    description_en: str
    kind: str = Field(description=gettext_noop("pass_fail or scored."))
    max_points: Decimal | None
    min_points: Decimal | None = Field(description=gettext_noop("Mandatory minimum, if any."))


class CallOut(Schema):
    id: int
    number: str
    registration_prefix: str = Field(
        description=gettext_noop("Prefix of registration numbers, e.g. K4.")
    )
    title: str
    title_en: str
    summary: str
    summary_en: str
    status: str = Field(description=gettext_noop("draft … complaints_closed, or cancelled."))
    strategy_version: int = Field(alias="strategy.version")
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    published_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    min_score: Decimal | None
    total_budget: Decimal
    url: str
    allocations: list[AllocationOut]
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_total_budget(obj) -> Decimal:
        return sum((a.amount for a in obj.allocations.all()), Decimal(0))

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute(context, obj.get_absolute_url())


class ResultOut(Schema):
    call_id: int
    call_number: str = Field(description=gettext_noop("Registration prefix of the call, e.g. K4."))
    measure_code: str
    outcome: str = Field(description=gettext_noop("The list: funded or reserve."))
    place: int = Field(
        description=gettext_noop(
            "Place on its list in the allocation, from 1, in the order of the board's "
            "adopted lists (a proposal promoted from the reserve keeps the place it was "
            "ranked at, after those funded first)."
        )
    )
    reserve_place: int | None = Field(
        description=gettext_noop("Place on the reserve list, best first (reserve only).")
    )
    registration_number: str
    title: str
    applicant: str = Field(description=gettext_noop("The applicant organisation (a legal entity)."))
    applicant_code: str = Field(description=gettext_noop("Its legal entity code."))
    score: Decimal | None = Field(description=gettext_noop("The score the board decided on."))
    requested_amount: Decimal
    fixed_amount: Decimal | None = Field(
        description=gettext_noop("Support the board fixed (funded only).")
    )
    approved_amount: Decimal | None = Field(
        description=gettext_noop(
            "Support the implementing agency approved, once it decided (at most the fixed "
            "amount; the difference returns to the allocation)."
        )
    )
    decided_on: datetime.date | None = Field(
        description=gettext_noop(
            "Date of the board decision that put the proposal on its list (for a promoted "
            "proposal, the promotion)."
        )
    )
    result_status: str = Field(
        description=gettext_noop(
            "Where the proposal stands now: selected, promoted (from the reserve list), "
            "reduced (the agency approved less), agency_rejected, lapsed (did not apply to "
            "the agency in time), withdrawn, or reserve."
        )
    )
    result_status_on: datetime.date | None = Field(
        description=gettext_noop("Date of the decision or event that set result_status.")
    )
    status: str = Field(
        description=gettext_noop("The proposal's stage in the workflow now, e.g. contracted.")
    )


class ProjectIndicatorOut(Schema):
    project_id: int
    indicator_code: str
    indicator_name: str
    unit: str
    planned: Decimal
    achieved: Decimal = Field(description=gettext_noop("Sum of the values of accepted reports."))


class ProjectOut(Schema):
    id: int
    number: str
    title: str
    summary: str
    promoter: str = Field(
        alias="promoter.name", description=gettext_noop("The promoter organisation.")
    )
    promoter_code: str = Field(alias="promoter.legal_code")
    measure_code: str = Field(alias="measure.code")
    call_number: str = Field(alias="proposal.call.registration_prefix")
    starts_on: datetime.date
    ends_on: datetime.date
    total_cost: Decimal
    grant_amount: Decimal
    status: str = Field(description=gettext_noop("in_implementation, completed or terminated."))
    closed_on: datetime.date | None
    url: str | None = Field(
        description=gettext_noop("The project's public page, once the site has one.")
    )
    indicators: list[ProjectIndicatorOut]

    @staticmethod
    def resolve_url(obj, context) -> str | None:
        try:
            return absolute(context, obj.get_absolute_url())
        except NoReverseMatch:
            return None

    @staticmethod
    def resolve_indicators(obj) -> list:
        # Filled in by the view (planned and achieved in two queries for the page).
        return getattr(obj, "indicators_out", [])


class TargetOut(Schema):
    goal_code: str
    objective_code: str
    measure_code: str
    indicator_code: str
    indicator_name: str
    unit: str
    target: Decimal
    achieved: Decimal = Field(
        description=gettext_noop("Sum of the values of accepted project reports.")
    )


class MeasureOut(Schema):
    code: str
    title: str
    title_en: str
    budget: Decimal
    programme_measure: str
    targets: list[TargetOut]


class ObjectiveOut(Schema):
    code: str
    title: str
    title_en: str
    measures: list[MeasureOut]


class GoalOut(Schema):
    code: str
    title: str
    title_en: str
    objectives: list[ObjectiveOut]


class StrategyOut(Schema):
    id: int
    title: str
    title_en: str
    version: int
    period_start: int
    period_end: int
    total_budget: Decimal
    running_costs_budget: Decimal
    in_force_from: datetime.date | None
    adopted_on: datetime.date | None
    adopted_by: str
    goals: list[GoalOut]


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    kind: str = Field(description=gettext_noop("output or result."))
    achievement_moment: str
    target: Decimal = Field(
        description=gettext_noop("Sum of the targets in the strategy in force.")
    )
    achieved: Decimal = Field(
        description=gettext_noop("Sum of the values of accepted project reports.")
    )
    share: Decimal | None = Field(
        description=gettext_noop("achieved / target, when there is a target.")
    )


class NewsOut(Schema):
    id: int
    slug: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    body: str = Field(description=gettext_noop("Sanitised HTML."))
    body_en: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute(context, obj.get_absolute_url())


class EventOut(Schema):
    id: int
    slug: str
    title: str
    title_en: str
    kind: str = Field(description=gettext_noop("event, training or meeting."))
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    place_en: str
    description: str
    description_en: str
    has_registration: bool
    capacity: int | None
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute(context, obj.get_absolute_url())
