"""Who may see and do what in the formal check and assessment. Plain predicates,
and getters that return the object or raise 404 when the user may not know it."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from telka.accounts.permissions import memberships_of
from telka.calls.models import Call, Proposal
from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_assessor, is_lag_staff
from telka.lag.site import current_lag
from telka.lib import statements

from .models import Assessment, AssessmentStatus, CallDeclaration, Clarification


def can_manage(user, lag: LocalActionGroup) -> bool:
    """LAG staff run the formal check, assign assessors and see every score."""
    return is_lag_staff(user, lag)


def can_see_scores(user, proposal: Proposal) -> bool:
    """Scores stay with LAG staff until the board's decision; assessors see only their own
    sheets and applicants see their scores in the decision notice (decisions app)."""
    return is_lag_staff(user, proposal.call.lag)


def has_signed(user, call: Call) -> bool:
    return CallDeclaration.objects.filter(call=call, assessor=user).exists()


def is_member_of_applicant(user, proposal: Proposal) -> bool:
    return proposal.organisation_id in memberships_of(user)


def staff_lag(request: HttpRequest) -> LocalActionGroup:
    """The request's LAG if the user is its staff, else 404."""
    lag = current_lag(request)
    if not can_manage(request.user, lag):
        raise Http404
    return lag


def get_call_for_staff(request: HttpRequest, pk: int) -> Call:
    return get_object_or_404(Call, pk=pk, lag=staff_lag(request))


def get_proposal_for_staff(request: HttpRequest, pk: int) -> Proposal:
    lag = staff_lag(request)
    return statements.get_or_404(
        ("staff-proposal", pk, lag.pk),
        lambda: Proposal.objects.select_related(
            "call", "allocation__measure", "organisation"
        ).filter(pk=pk, call__lag=lag, reg_number__isnull=False),
    )


def assessor_only(request: HttpRequest) -> bool:
    """An assessor of the request's LAG who is not its staff."""
    lag = current_lag(request)
    return not can_manage(request.user, lag) and is_assessor(request.user, lag)


def assessor_lag(request: HttpRequest) -> LocalActionGroup:
    lag = current_lag(request)
    if not is_assessor(request.user, lag):
        raise Http404
    return lag


def get_assessment_for_assessor(request: HttpRequest, pk: int) -> Assessment:
    """The user's own assessment (never another assessor's) that they still hold."""
    lag, user = assessor_lag(request), request.user

    def build():
        queryset = Assessment.objects.select_related(
            "proposal__call", "proposal__allocation__measure", "proposal__organisation"
        ).exclude(status__in=[AssessmentStatus.REMOVED, AssessmentStatus.CONFLICT])
        return queryset.filter(pk=pk, assessor=user, proposal__call__lag=lag)

    return statements.get_or_404(("assessment", pk, user.pk, lag.pk), build)


def get_call_for_assessor(request: HttpRequest, pk: int) -> Call:
    """A call in which the user has been assigned at least one proposal."""
    lag = assessor_lag(request)
    return get_object_or_404(
        Call.objects.filter(proposals__assessments__assessor=request.user).distinct(),
        pk=pk,
        lag=lag,
    )


def get_clarification_for_applicant(request: HttpRequest, pk: int) -> Clarification:
    queryset = Clarification.objects.select_related(
        "check_run__proposal__call", "check_run__proposal__organisation"
    )
    return get_object_or_404(
        queryset,
        pk=pk,
        check_run__proposal__organisation__memberships__user=request.user,
        check_run__proposal__call__lag=current_lag(request),
    )
