import pytest
from django.core import mail

from telka.accounts.models import Organisation, OrganisationMembership, OrganisationRole
from telka.audit.models import AuditEvent
from tests.base import count_queries, make_organisation, make_user


def organisation_form(**changes):
    data = {
        "name": "Viešoji įstaiga „Aleksoto dirbtuvės“",
        "legal_form": "public_institution",
        "legal_code": "305123456",
        "sector": "civil",
        "address": "Veiverių g. 10, Kaunas",
        "municipality": "Kauno miesto savivaldybė",
        "operates_in_territory": "on",
        "email": "info@dirbtuves.example",
        "phone": "+370 37 123456",
        "website": "",
    }
    return {**data, **changes}


def test_a_verified_person_registers_an_organisation_and_represents_it(client, rita):
    client.force_login(rita)
    response = client.post("/en/accounts/organisations/new/", organisation_form(), follow=True)
    organisation = Organisation.objects.get(legal_code="305123456")
    assert response.redirect_chain[-1][0] == f"/en/accounts/organisations/{organisation.pk}/"
    assert "is registered, and you are its representative." in response.text
    assert organisation.operates_in_territory and organisation.sector == "civil"
    membership = organisation.memberships.get()
    assert (membership.user, membership.role) == (rita, OrganisationRole.REPRESENTATIVE)
    assert AuditEvent.objects.for_object(organisation).get().action == "organisation.created"


def test_spaces_in_the_code_are_ignored(client, rita):
    client.force_login(rita)
    client.post("/en/accounts/organisations/new/", organisation_form(legal_code=" 305 123 456 "))
    assert Organisation.objects.filter(legal_code="305123456").exists()


@pytest.mark.parametrize("code", ["30512345", "3051234567", "30512345A", "ABCDEFGHI"])
def test_a_code_that_is_not_nine_digits_is_refused(client, rita, code):
    client.force_login(rita)
    response = client.post("/en/accounts/organisations/new/", organisation_form(legal_code=code))
    assert "A Lithuanian legal entity code has exactly 9 digits." in response.text
    assert "Aleksoto dirbtuvės" in response.text  # what was typed stays
    assert not Organisation.objects.exists()


def test_a_code_already_registered_points_to_its_representative(client, ana, organisation, rita):
    client.force_login(rita)
    response = client.post(
        "/en/accounts/organisations/new/", organisation_form(legal_code="300000001")
    )
    assert "is already registered in Telka. Ask its representative to add you" in response.text
    assert Organisation.objects.count() == 1
    assert not rita.memberships.exists()


def test_an_unverified_person_is_told_to_confirm_first(client, otto):
    client.force_login(otto)
    page = client.get("/en/accounts/organisations/new/")
    assert "Confirm your e-mail address before you register an organisation." in page.text
    response = client.post("/en/accounts/organisations/new/", organisation_form())
    assert "Confirm your e-mail address before you register an organisation." in response.text
    assert not Organisation.objects.exists()


def test_the_list_shows_my_organisations_only(client, ana, organisation, rita):
    make_organisation(rita, name="Ritos bendrija", legal_code="300000002")
    client.force_login(ana)
    page = client.get("/en/accounts/organisations/")
    assert organisation.name in page.text and "Ritos bendrija" not in page.text


def test_the_list_runs_the_same_queries_for_1_and_20_organisations(client, ana):
    make_organisation(ana, legal_code="310000000")
    client.force_login(ana)
    one = count_queries(client, "/en/accounts/organisations/")
    for number in range(1, 20):
        make_organisation(ana, name=f"Bendrija {number}", legal_code=f"{310000000 + number}")
    assert count_queries(client, "/en/accounts/organisations/") == one


def test_the_list_is_searchable_and_paginated(client, ana):
    for number in range(25):
        make_organisation(ana, name=f"Bendrija {number:02}", legal_code=f"{320000000 + number}")
    client.force_login(ana)
    first = client.get("/en/accounts/organisations/")
    assert "Page 1 of 2" in first.text
    found = client.get("/en/accounts/organisations/?q=Bendrija 07")
    assert "Bendrija 07" in found.text and "Bendrija 08" not in found.text


def test_an_outsider_gets_404_for_every_organisation_page(client, organisation, rita):
    client.force_login(rita)
    member = organisation.memberships.get()
    pk = organisation.pk
    for url in [f"/accounts/organisations/{pk}/", f"/accounts/organisations/{pk}/edit/"]:
        assert client.get(url).status_code == 404
    for url in [
        f"/accounts/organisations/{pk}/members/",
        f"/accounts/organisations/{pk}/members/{member.pk}/role/",
        f"/accounts/organisations/{pk}/members/{member.pk}/remove/",
        f"/accounts/organisations/{pk}/leave/",
    ]:
        assert client.post(url, {"email": "rita@example.test", "role": "member"}).status_code == 404
    assert list(organisation.memberships.values_list("user__email", flat=True)) == [
        "ana@example.test"
    ]


def test_a_plain_member_may_look_but_not_manage(client, organisation, rita):
    OrganisationMembership.objects.create(organisation=organisation, user=rita, role="member")
    client.force_login(rita)
    page = client.get(f"/en/accounts/organisations/{organisation.pk}/")
    assert page.status_code == 200 and "Add a member" not in page.text
    assert client.get(f"/accounts/organisations/{organisation.pk}/edit/").status_code == 403
    response = client.post(
        f"/accounts/organisations/{organisation.pk}/members/",
        {"email": "eva@example.test", "role": "member"},
    )
    assert response.status_code == 403


def test_a_representative_edits_the_details_except_the_code(client, ana, organisation):
    client.force_login(ana)
    data = organisation_form(name="Asociacija „Nauji vėjai“", legal_code="999999999")
    client.post(f"/en/accounts/organisations/{organisation.pk}/edit/", data)
    organisation.refresh_from_db()
    assert (organisation.name, organisation.legal_code) == ("Asociacija „Nauji vėjai“", "300000001")
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes["after"]["name"] == "Asociacija „Nauji vėjai“"


def test_a_representative_adds_a_verified_person_who_is_told_by_e_mail(
    client, ana, organisation, rita, django_capture_on_commit_callbacks
):
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/accounts/organisations/{organisation.pk}/members/",
            {"email": "RITA@example.test", "role": "member"},
            follow=True,
        )
    assert "Rita Vaitkutė is now a member." in response.text
    membership = organisation.memberships.get(user=rita)
    assert membership.role == OrganisationRole.MEMBER
    assert AuditEvent.objects.get(action="organisation.member_added").changes == {
        "member": rita.pk,
        "role": "member",
    }
    [message] = mail.outbox
    assert message.to == ["rita@example.test"] and organisation.name in message.subject
    assert "Ana Stankevičienė" in message.body


@pytest.mark.parametrize("email", ["otto@example.test", "nobody@example.test"])
def test_only_verified_accounts_can_be_added(client, ana, organisation, otto, email):
    client.force_login(ana)
    response = client.post(
        f"/en/accounts/organisations/{organisation.pk}/members/",
        {"email": email, "role": "member"},
    )
    assert "Ask the person to register and confirm their address first." in response.text
    assert f'value="{email}"' in response.text
    assert organisation.memberships.count() == 1


def test_a_member_cannot_be_added_twice(client, ana, organisation):
    client.force_login(ana)
    response = client.post(
        f"/en/accounts/organisations/{organisation.pk}/members/",
        {"email": "ana@example.test", "role": "member"},
    )
    assert "Ana Stankevičienė is already a member." in response.text


def test_roles_change_but_the_last_representative_stays(client, ana, organisation, rita):
    rita_membership = OrganisationMembership.objects.create(
        organisation=organisation, user=rita, role="member"
    )
    own = organisation.memberships.get(user=ana)
    client.force_login(ana)
    base = f"/en/accounts/organisations/{organisation.pk}/members"
    refused = client.post(f"{base}/{own.pk}/role/", {"role": "member"}, follow=True)
    assert "An organisation needs at least one representative." in refused.text
    own.refresh_from_db()
    assert own.role == OrganisationRole.REPRESENTATIVE
    client.post(f"{base}/{rita_membership.pk}/role/", {"role": "representative"})
    client.post(f"{base}/{own.pk}/role/", {"role": "member"})
    own.refresh_from_db()
    rita_membership.refresh_from_db()
    assert (own.role, rita_membership.role) == ("member", "representative")
    assert AuditEvent.objects.filter(action="organisation.member_role_changed").count() == 2


def test_a_representative_removes_a_member_who_is_told(
    client, ana, organisation, rita, django_capture_on_commit_callbacks
):
    membership = OrganisationMembership.objects.create(
        organisation=organisation, user=rita, role="member"
    )
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/organisations/{organisation.pk}/members/{membership.pk}/remove/")
    assert not organisation.memberships.filter(user=rita).exists()
    assert AuditEvent.objects.filter(action="organisation.member_removed", actor=ana).exists()
    [message] = mail.outbox
    assert message.to == ["rita@example.test"]
    assert "Ana Stankevičienė pašalino jus iš organizacijos" in message.body


def test_a_member_leaves_but_the_last_representative_cannot(client, ana, organisation, rita):
    OrganisationMembership.objects.create(organisation=organisation, user=rita, role="member")
    client.force_login(ana)
    refused = client.post(f"/en/accounts/organisations/{organisation.pk}/leave/", follow=True)
    assert "Make another member a representative first." in refused.text
    assert organisation.memberships.filter(user=ana).exists()
    client.force_login(rita)
    response = client.post(f"/en/accounts/organisations/{organisation.pk}/leave/")
    assert response.url == "/en/accounts/organisations/"
    assert not organisation.memberships.filter(user=rita).exists()
    assert AuditEvent.objects.filter(action="organisation.member_left", actor=rita).exists()


def test_the_detail_page_runs_the_same_queries_for_1_and_20_members(client, ana, organisation):
    client.force_login(ana)
    url = f"/en/accounts/organisations/{organisation.pk}/"
    one = count_queries(client, url)
    for number in range(19):
        user = make_user(f"member{number}@example.test")
        OrganisationMembership.objects.create(organisation=organisation, user=user, role="member")
    assert count_queries(client, url) == one
