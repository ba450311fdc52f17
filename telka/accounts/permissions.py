"""Who may do what with accounts and organisations. Plain predicates, used by
views, templates and other apps alike (calls: `can_act_for`, `can_submit_for`).

Every predicate takes the user first and is False for anonymous or inactive
users. Getters return the object or raise Http404 when the user may not know
it exists, PermissionDenied when they know it but may not change it.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from telka.lib.memo import remembered
from telka.lib.statements import fetch_objects

from .models import Organisation, OrganisationMembership, OrganisationRole, User

# Whoever makes the request: a signed-in user or an anonymous visitor.
Person = User | AnonymousUser


def _is_active(user: Person) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def memberships_of(user: Person) -> dict[int, OrganisationMembership]:
    """The user's memberships by organisation id, each with its organisation, ordered
    by the organisation's name: one query, asked once per request (telka/lib/memo.py)."""
    if not _is_active(user):
        return {}

    def build():
        found = OrganisationMembership.objects.filter(user_id=user.pk)
        return found.select_related("organisation").order_by("organisation__name", "pk")

    def compute() -> dict[int, OrganisationMembership]:
        found = fetch_objects(("memberships", user.pk), build)
        return {m.organisation_id: m for m in found}

    return remembered(("memberships", user.pk), compute)


def membership_of(user: Person, organisation: Organisation) -> OrganisationMembership | None:
    return memberships_of(user).get(organisation.pk)


def can_act_for(user: Person, organisation: Organisation) -> bool:
    """A member of any role: may see the organisation and prepare its proposals."""
    return membership_of(user, organisation) is not None


def is_representative(user: Person, organisation: Organisation) -> bool:
    """Speaks for the organisation: submits proposals and manages its members."""
    membership = membership_of(user, organisation)
    return membership is not None and membership.role == OrganisationRole.REPRESENTATIVE


def can_submit_for(user: Person, organisation: Organisation) -> bool:
    """A representative with a confirmed e-mail address (the LAG must reach them)."""
    return is_representative(user, organisation) and user.is_verified


def can_manage_members(user: Person, organisation: Organisation) -> bool:
    return is_representative(user, organisation)


def can_edit_organisation(user: Person, organisation: Organisation) -> bool:
    return is_representative(user, organisation)


def can_create_organisation(user: Person) -> bool:
    """Only people with a confirmed e-mail address register organisations."""
    return _is_active(user) and user.is_verified


def can_use_admin(user: Person) -> bool:
    """May open the content back office (/admin/)."""
    return _is_active(user) and user.is_staff


def organisations_of(user: Person) -> QuerySet[Organisation]:
    if not _is_active(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def get_organisation_for_user(user: Person, pk: int, *, manage: bool = False) -> Organisation:
    """The organisation `pk` if `user` is a member (404 otherwise). With
    `manage`, members who are not representatives get 403. The result carries
    `my_membership` so templates need no further query."""
    organisation = Organisation.objects.filter(pk=pk).first()
    membership = membership_of(user, organisation) if organisation else None
    if membership is None:
        raise Http404("No such organisation among yours.")
    if manage and membership.role != OrganisationRole.REPRESENTATIVE:
        raise PermissionDenied("Only the organisation's representatives may do this.")
    organisation.my_membership = membership  # type: ignore[attr-defined]
    return organisation


def get_membership_for_user(
    user: Person, organisation_pk: int, membership_pk: int
) -> OrganisationMembership:
    """A membership of an organisation `user` represents (404 / 403 as above)."""
    organisation = get_organisation_for_user(user, organisation_pk, manage=True)
    membership = organisation.memberships.select_related("user").filter(pk=membership_pk).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def can_manage_people(user: Person, lag) -> bool:
    """Grants and withdraws roles on the people page: the LAG's staff."""
    from telka.lag.permissions import is_lag_staff

    return is_lag_staff(user, lag)


def people_lag(request):
    """The request's LAG for its staff; 404 for anyone else (they may not know the page)."""
    from telka.lag.site import current_lag

    lag = current_lag(request)
    if not can_manage_people(request.user, lag):
        raise Http404("Not LAG staff.")
    return lag
