"""The staff's people page: granting and withdrawing roles (staff, assessor, auditor,
board-seat links, promoter roles), each audited and e-mailed to the person; only
people who can log in get a role; nobody but the LAG's staff opens the page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from telka.accounts.models import OrganisationMembership, OrganisationRole
from telka.audit.models import AuditEvent
from telka.evaluation.queries import assessor_workload
from telka.lag.models import Role, RoleKind, Sector
from tests.base import make_user, seat


@pytest.fixture
def staff(client, sara):
    client.force_login(sara)
    return client


def _post(client, person, action, capture, **data):
    with capture(execute=True):
        return client.post(f"/accounts/people/{person.pk}/{action}/", data, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_staff_grant_the_assessor_role_audited_and_by_e_mail(
    staff, sara, rita, lag, django_capture_on_commit_callbacks
):
    response = _post(
        staff,
        rita,
        "grant",
        django_capture_on_commit_callbacks,
        kind="assessor",
        title="Vertintoja",
    )
    assert "Rolė suteikta" in _messages(response)[0]
    role = Role.objects.get(user=rita, kind=RoleKind.ASSESSOR)
    assert role.title == "Vertintoja" and role.valid_to is None
    event = AuditEvent.objects.get(action="role.granted")
    assert (event.actor, event.object_id, event.changes["kind"]) == (sara, str(role.pk), "assessor")
    assert [m.to for m in mail.outbox] == [["rita@example.test"]]
    assert "Vertintojas" in mail.outbox[0].subject


def test_a_staff_role_opens_the_back_office_and_withdrawing_it_closes_it(
    staff, sara, rita, lag, django_capture_on_commit_callbacks
):
    _post(staff, rita, "grant", django_capture_on_commit_callbacks, kind="staff")
    rita.refresh_from_db()
    assert rita.is_staff and rita.groups.filter(name="LAG staff").exists()
    role = Role.objects.get(user=rita, kind=RoleKind.STAFF)
    _post(staff, rita, "withdraw", django_capture_on_commit_callbacks, role=role.pk)
    role.refresh_from_db()
    rita.refresh_from_db()
    assert role.valid_to == timezone.localdate() - datetime.timedelta(days=1)
    assert not rita.is_staff and not rita.groups.exists()
    event = AuditEvent.objects.get(action="role.withdrawn")
    assert event.changes["before"] == {"valid_to": None}
    assert len(mail.outbox) == 2 and "atšaukta" in mail.outbox[1].subject


def test_the_last_staff_role_cannot_be_withdrawn(
    staff, sara, lag, django_capture_on_commit_callbacks
):
    role = Role.objects.get(user=sara)
    response = _post(staff, sara, "withdraw", django_capture_on_commit_callbacks, role=role.pk)
    assert "bent vieno darbuotojo" in _messages(response)[0]
    role.refresh_from_db()
    assert role.valid_to is None and not mail.outbox
    assert not AuditEvent.objects.exists()


def test_no_role_goes_to_someone_who_cannot_log_in(
    staff, rita, eva, lag, django_capture_on_commit_callbacks
):
    rita.set_unusable_password()
    rita.save()
    page = staff.get(f"/accounts/people/{rita.pk}/")
    assert 'name="kind"' not in page.text  # the picker is not offered
    response = _post(staff, rita, "grant", django_capture_on_commit_callbacks, kind="assessor")
    assert "negali prisijungti" in _messages(response)[0]
    assert not Role.objects.filter(user=rita).exists() and not mail.outbox
    # An assessor who can no longer log in is not offered for assignments either.
    assert list(assessor_workload(lag)) == [eva]
    eva.set_unusable_password()
    eva.save()
    assert list(assessor_workload(lag)) == []


def test_an_auditor_is_granted_and_then_reads_the_audit_log(
    client, staff, rita, lag, django_capture_on_commit_callbacks
):
    _post(staff, rita, "grant", django_capture_on_commit_callbacks, kind="auditor")
    assert AuditEvent.objects.filter(action="role.auditor_granted", object_id=str(rita.pk)).exists()
    client.force_login(rita)
    assert client.get("/audit/").status_code == 200
    client.force_login(Role.objects.get(kind=RoleKind.STAFF).user)
    _post(client, rita, "withdraw", django_capture_on_commit_callbacks, role="auditor")
    client.force_login(rita)
    assert client.get("/audit/").status_code == 404
    assert len(mail.outbox) == 2


def test_a_board_seat_is_linked_to_and_unlinked_from_an_account(
    staff, rita, board, django_capture_on_commit_callbacks
):
    held = seat(board, "Rita Vaitkutė", Sector.CIVIL)
    ended = seat(board, "Buvęs narys", until=datetime.date(2021, 1, 1))
    page = staff.get(f"/accounts/people/{rita.pk}/")
    assert "Rita Vaitkutė (2020-01-01" in page.text and "Buvęs narys" not in page.text
    _post(staff, rita, "link", django_capture_on_commit_callbacks, seat=held.pk)
    held.refresh_from_db()
    assert held.user == rita
    assert AuditEvent.objects.filter(action="board.seat_linked", object_id=str(held.pk)).exists()
    response = _post(staff, rita, "link", django_capture_on_commit_callbacks, seat=ended.pk)
    assert _messages(response) and ended.user is None
    _post(staff, rita, "unlink", django_capture_on_commit_callbacks, seat=held.pk)
    held.refresh_from_db()
    assert held.user is None
    assert len(mail.outbox) == 2


def test_promoter_roles_are_set_and_withdrawn_but_an_organisation_keeps_a_representative(
    staff, rita, ana, organisation, django_capture_on_commit_callbacks
):
    data = {"legal_code": organisation.legal_code, "role": OrganisationRole.MEMBER}
    _post(staff, rita, "promoter", django_capture_on_commit_callbacks, **data)
    membership = OrganisationMembership.objects.get(user=rita)
    assert membership.role == OrganisationRole.MEMBER
    ana_membership = OrganisationMembership.objects.get(user=ana)
    response = _post(
        staff,
        ana,
        "promoter-withdraw",
        django_capture_on_commit_callbacks,
        membership=ana_membership.pk,
    )
    assert "bent vieną atstovą" in _messages(response)[0]
    assert OrganisationMembership.objects.filter(user=ana).exists()
    _post(
        staff,
        rita,
        "promoter-withdraw",
        django_capture_on_commit_callbacks,
        membership=membership.pk,
    )
    assert not OrganisationMembership.objects.filter(user=rita).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["organisation.member_role_set", "organisation.member_removed"]
    assert len(mail.outbox) == 2


def test_a_wrong_legal_code_is_refused_with_a_message(
    staff, rita, lag, django_capture_on_commit_callbacks
):
    response = _post(
        staff, rita, "promoter", django_capture_on_commit_callbacks, legal_code="12", role="member"
    )
    assert "lygiai 9 skaitmenys" in _messages(response)[0]
    assert not OrganisationMembership.objects.exists()


def test_the_list_is_searchable_paginated_and_its_queries_do_not_grow(
    staff, sara, lag, organisation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        staff.get("/accounts/people/")
    for i in range(60):
        user = make_user(f"zmogus{i}@example.test", f"Žmogus {i:02d}")
        Role.objects.create(user=user, lag=lag, kind=RoleKind.ASSESSOR)
        OrganisationMembership.objects.create(organisation=organisation, user=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff.get("/accounts/people/")
    assert len(page.context["page_obj"]) == 50 and 'rel="next"' in page.text
    found = staff.get("/en/accounts/people/?q=zmogus7@")
    assert [p.email for p in found.context["page_obj"]] == ["zmogus7@example.test"]
    assert "People and roles" in found.text


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "rita", "otto"])
def test_other_roles_are_refused(client, lag, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get("/accounts/people/").status_code == 404
    assert client.get(f"/accounts/people/{user.pk}/").status_code == 404
    response = client.post(f"/accounts/people/{user.pk}/grant/", {"kind": "staff"})
    assert response.status_code == 404
    assert not Role.objects.filter(user=user, kind=RoleKind.STAFF).exists()
    marked = {"legal_code": "300000001", "is_lag_itself": "1"}
    assert client.post("/accounts/people/lag-organisation/", marked).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, lag):
    assert client.get("/accounts/people/")["Location"].startswith("/accounts/login/")


def test_staff_mark_the_lags_own_organisation_audited(staff, sara, organisation):
    reason = "Tai pačios VVG juridinis asmuo (tas pats kodas)."
    data = {"legal_code": organisation.legal_code, "is_lag_itself": "1", "reason": reason}
    response = staff.post("/accounts/people/lag-organisation/", data, follow=True)
    organisation.refresh_from_db()
    assert organisation.is_lag_itself
    assert organisation.name in response.text and reason in response.text
    event = AuditEvent.objects.get(action="organisation.lag_itself_set")
    assert (event.actor, event.changes["before"], event.changes["after"]) == (sara, False, True)
    assert event.changes["reason"] == reason
    again = staff.post("/accounts/people/lag-organisation/", data, follow=True)
    assert _messages(again) == ["Niekas nepasikeistų."]


def test_the_flag_needs_a_reason_and_nothing_changes_without_one(staff, organisation):
    data = {"legal_code": organisation.legal_code, "is_lag_itself": "1", "reason": " "}
    response = staff.post("/accounts/people/lag-organisation/", data, follow=True)
    assert _messages(response) == ["Nurodykite pakeitimo priežastį."]
    organisation.refresh_from_db()
    assert not organisation.is_lag_itself
    assert not AuditEvent.objects.filter(action="organisation.lag_itself_set").exists()


def test_the_admin_only_shows_the_flag(client, organisation):
    """The flag is set on the people page; in the admin it is read-only, superusers too."""
    admin = make_user("root@example.test", "Root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(f"/admin/accounts/organisation/{organisation.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_lag_itself"' not in page.text and 'name="name"' in page.text
