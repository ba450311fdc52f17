import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from telka.accounts import permissions
from telka.accounts.models import OrganisationMembership


@pytest.fixture
def member(organisation, rita):
    OrganisationMembership.objects.create(organisation=organisation, user=rita, role="member")
    return rita


def test_can_act_for(ana, member, organisation, eva):
    assert permissions.can_act_for(ana, organisation)
    assert permissions.can_act_for(member, organisation)
    assert not permissions.can_act_for(eva, organisation)
    assert not permissions.can_act_for(AnonymousUser(), organisation)


def test_an_inactive_member_acts_for_nobody(ana, organisation):
    ana.is_active = False
    assert not permissions.can_act_for(ana, organisation)


def test_is_representative(ana, member, organisation):
    assert permissions.is_representative(ana, organisation)
    assert not permissions.is_representative(member, organisation)


def test_can_submit_for_needs_a_confirmed_address(ana, organisation):
    assert permissions.can_submit_for(ana, organisation)
    ana.email_verified_at = None
    assert not permissions.can_submit_for(ana, organisation)


def test_can_manage_members_and_edit(ana, member, organisation):
    assert permissions.can_manage_members(ana, organisation)
    assert permissions.can_edit_organisation(ana, organisation)
    assert not permissions.can_manage_members(member, organisation)
    assert not permissions.can_edit_organisation(member, organisation)


def test_can_create_organisation(rita, otto):
    assert permissions.can_create_organisation(rita)
    assert not permissions.can_create_organisation(otto)
    assert not permissions.can_create_organisation(AnonymousUser())


def test_can_use_admin(sara, rita):
    assert permissions.can_use_admin(sara)
    assert not permissions.can_use_admin(rita)


def test_organisations_of(ana, organisation, rita):
    assert list(permissions.organisations_of(ana)) == [organisation]
    assert list(permissions.organisations_of(rita)) == []
    assert list(permissions.organisations_of(AnonymousUser())) == []


def test_the_getter_returns_the_organisation_with_the_membership(ana, organisation):
    found = permissions.get_organisation_for_user(ana, organisation.pk, manage=True)
    assert found == organisation and found.my_membership.user == ana


def test_the_getter_hides_organisations_from_outsiders(eva, organisation):
    with pytest.raises(Http404):
        permissions.get_organisation_for_user(eva, organisation.pk)
    with pytest.raises(Http404):
        permissions.get_organisation_for_user(eva, 987654)


def test_the_getter_refuses_managing_to_plain_members(member, organisation):
    assert permissions.get_organisation_for_user(member, organisation.pk) == organisation
    with pytest.raises(PermissionDenied):
        permissions.get_organisation_for_user(member, organisation.pk, manage=True)


def test_the_membership_getter_stays_inside_the_organisation(ana, organisation, rita):
    from tests.base import make_organisation

    other = make_organisation(rita, legal_code="300000009")
    foreign = other.memberships.get()
    with pytest.raises(Http404):
        permissions.get_membership_for_user(ana, organisation.pk, foreign.pk)
    own = organisation.memberships.get()
    assert permissions.get_membership_for_user(ana, organisation.pk, own.pk) == own
