"""Who may do what with calls and proposals. Plain predicates plus getters that
return the object or raise 404 when the user may not know it exists."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from telka.accounts.models import Organisation, OrganisationMembership, OrganisationRole, User
from telka.accounts.permissions import memberships_of
from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_lag_staff
from telka.lag.site import current_lag
from telka.lib import statements

from .models import Call, Proposal

UserLike = User | AnonymousUser


def _is_active(user: UserLike) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_manage_calls(user: UserLike, lag: LocalActionGroup) -> bool:
    """LAG staff prepare calls, publish them and see every proposal."""
    return is_lag_staff(user, lag)


def can_see_call(user: UserLike, call: Call) -> bool:
    """Published calls are public; drafts only for the LAG's staff."""
    return call.is_published or can_manage_calls(user, call.lag)


def applicant_organisations(user: UserLike) -> QuerySet[Organisation]:
    """Organisations the user may prepare proposals for."""
    if not _is_active(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def _membership(user: UserLike, organisation_id: int) -> OrganisationMembership | None:
    return memberships_of(user).get(organisation_id)


def can_view_proposal(user: UserLike, proposal: Proposal) -> bool:
    """Members of the applicant organisation, and the LAG's staff."""
    return _membership(user, proposal.organisation_id) is not None or can_manage_calls(
        user, proposal.call.lag
    )


def can_edit_proposal(user: UserLike, proposal: Proposal) -> bool:
    """Any member of the organisation may work on a draft."""
    return proposal.is_editable and _membership(user, proposal.organisation_id) is not None


def can_submit_proposal(user: UserLike, proposal: Proposal) -> bool:
    """Only the organisation's representatives sign and submit."""
    membership = _membership(user, proposal.organisation_id)
    return (
        proposal.is_editable
        and membership is not None
        and membership.role == OrganisationRole.REPRESENTATIVE
    )


def can_withdraw_proposal(user: UserLike, proposal: Proposal) -> bool:
    membership = _membership(user, proposal.organisation_id)
    return membership is not None and membership.role == OrganisationRole.REPRESENTATIVE


def get_call_for_staff(request: HttpRequest, pk: int) -> Call:
    lag = current_lag(request)
    if not can_manage_calls(request.user, lag):
        raise Http404
    return statements.get_or_404(
        ("staff-call", pk, lag.pk),
        lambda: Call.objects.select_related("strategy", "lag").filter(pk=pk, lag=lag),
    )


def get_public_call(request: HttpRequest, pk: int) -> Call:
    lag = current_lag(request)
    call = statements.get_or_404(
        ("public-call", pk, lag.pk),
        lambda: Call.objects.select_related("lag", "strategy").filter(pk=pk, lag=lag),
    )
    if not can_see_call(request.user, call):
        raise Http404
    return call


def get_proposal_for_applicant(request: HttpRequest, pk: int) -> Proposal:
    """A proposal of one of the user's organisations to this LAG; 404 for anybody
    else's, and for their own proposal to another LAG (it lives on that LAG's site)."""
    user_pk, lag = getattr(request.user, "pk", None), current_lag(request)
    return statements.get_or_404(
        ("proposal-of-applicant", pk, user_pk, lag.pk),
        lambda: Proposal.objects.select_related(
            "call__lag", "allocation__measure", "organisation"
        ).filter(pk=pk, call__lag=lag, organisation__memberships__user_id=user_pk),
    )


def get_proposal_for_staff(request: HttpRequest, pk: int) -> Proposal:
    lag = current_lag(request)
    if not can_manage_calls(request.user, lag):
        raise Http404
    return get_object_or_404(
        Proposal.objects.select_related("call", "allocation__measure", "organisation"),
        pk=pk,
        call__lag=lag,
        reg_number__isnull=False,
    )
