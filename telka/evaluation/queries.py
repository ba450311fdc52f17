"""Reading the state of a call's evaluation for pages and panels, in a bounded number
of queries whatever the number of proposals."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from telka.calls.models import Call, Proposal, ProposalStatus
from telka.lag.models import RoleKind

from .models import AssessmentStatus, ResultOutcome

CHECK_STATES = [ProposalStatus.REGISTERED, ProposalStatus.ADMIN_CHECK, ProposalStatus.CLARIFICATION]


def evaluation_proposals(call: Call) -> QuerySet:
    """Registered proposals of a call with their assessment counts and result."""
    return (
        Proposal.objects.filter(call=call, reg_number__isnull=False)
        .select_related("organisation", "allocation__measure", "result")
        .annotate(
            assessors=Count(
                "assessments", filter=Q(assessments__status__in=AssessmentStatus.COUNTING_STATES)
            ),
            submitted_assessments=Count(
                "assessments", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)
            ),
        )
        .order_by("sequence")
    )


def needing_assessors(queryset: QuerySet) -> QuerySet:
    """Eligible proposals without assessors, and proposals under assessment that lost one
    to a conflict or need one more (INV-16, INV-17): the staff's reassignment tasks."""
    counting = Count(
        "assessments", filter=Q(assessments__status__in=AssessmentStatus.COUNTING_STATES)
    )
    extra = Exists(
        Proposal.objects.filter(pk=OuterRef("pk"), result__outcome=ResultOutcome.ADDITIONAL)
    )
    return (
        queryset.filter(status__in=[ProposalStatus.ELIGIBLE, ProposalStatus.UNDER_ASSESSMENT])
        .annotate(counting=counting, extra=extra)
        .filter(
            Q(status=ProposalStatus.ELIGIBLE)
            | Q(counting__lt=F("call__assessors_required"))
            | Q(extra=True, counting__lte=F("call__assessors_required"))
        )
    )


def assessor_workload(lag) -> QuerySet:
    """The LAG's assessors with their open and total assessments."""
    from telka.accounts.models import User

    open_states = list(AssessmentStatus.ACTIVE_STATES)
    return (
        User.objects.filter(roles__lag=lag, roles__kind=RoleKind.ASSESSOR, is_active=True)
        .filter(roles__in=lag.roles.active(), anonymised_at=None)
        .exclude(password__startswith="!")  # no usable password: cannot log in to assess
        .annotate(
            open_count=Count(
                "assessments",
                filter=Q(assessments__status__in=open_states, assessments__proposal__call__lag=lag),
                distinct=True,
            ),
            total_count=Count(
                "assessments",
                filter=Q(assessments__proposal__call__lag=lag)
                & ~Q(assessments__status=AssessmentStatus.REMOVED),
                distinct=True,
            ),
        )
        .distinct()
        .order_by("open_count", "full_name")
    )
