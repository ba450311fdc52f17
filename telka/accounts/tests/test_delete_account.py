from django.core import mail

from telka.accounts.models import Organisation, OrganisationMembership, OrganisationRole, User
from telka.audit.models import AuditEvent
from tests.base import PASSWORD, make_organisation


def delete(client, capture, password=PASSWORD, understood="on"):
    with capture(execute=True):
        return client.post(
            "/en/accounts/delete/", {"password": password, "understood": understood}, follow=True
        )


def test_the_page_explains_what_is_kept_before_confirming(client, ana, organisation):
    client.force_login(ana)
    page = client.get("/en/accounts/delete/")
    assert "What the LAG keeps" in page.text
    assert "project proposals you submitted" in page.text
    assert "You are the only representative of:" in page.text
    assert organisation.name in page.text


def test_deletion_anonymises_the_person_and_keeps_the_records(
    client, lag, ana, rita, organisation, other_app_privacy, django_capture_on_commit_callbacks
):
    OrganisationMembership.objects.create(organisation=organisation, user=rita)
    earlier = AuditEvent.objects.record(action="proposal.submitted", actor=ana)
    ana.phone = "+370 600 00000"
    ana.save()
    client.force_login(ana)

    response = delete(client, django_capture_on_commit_callbacks)

    assert "Your account has been deleted." in response.text
    assert not response.context["user"].is_authenticated
    ana.refresh_from_db()
    assert ana.full_name == "Ištrintas naudotojas"
    assert ana.email.startswith(f"deleted-{ana.pk}-") and ana.email.endswith("@anonymised.invalid")
    assert (ana.phone, ana.is_active, ana.has_usable_password()) == ("", False, False)
    assert ana.anonymised_at is not None
    assert not ana.memberships.exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert organisation.memberships.filter(user=rita).exists()
    assert AuditEvent.objects.get(pk=earlier.pk).actor_id == ana.pk  # the record stays
    event = AuditEvent.objects.get(action="user.anonymised")
    assert event.changes["organisations_left"] == 1 and "calls" in event.changes["apps"]
    # Other apps were called while the old contacts were still there to find records by.
    assert other_app_privacy.seen == [("ana@example.test", "Ana Stankevičienė", True)]
    [message] = mail.outbox
    assert message.to == ["ana@example.test"]
    assert message.subject == "Jūsų paskyra ištrinta"


def test_the_name_shows_translated_on_pages(client, lag, ana, django_capture_on_commit_callbacks):
    client.force_login(ana)
    delete(client, django_capture_on_commit_callbacks)
    ana.refresh_from_db()
    from django.utils import translation

    with translation.override("en"):
        assert str(ana) == "Deleted user"


def test_the_deleted_person_cannot_log_in_and_the_address_is_free_again(
    client, lag, ana, django_capture_on_commit_callbacks
):
    client.force_login(ana)
    delete(client, django_capture_on_commit_callbacks)
    response = client.post(
        "/en/accounts/login/", {"username": "ana@example.test", "password": PASSWORD}
    )
    assert "The e-mail address or password is wrong." in response.text
    assert not User.objects.filter(email="ana@example.test").exists()


def test_a_wrong_password_changes_nothing(client, ana, django_capture_on_commit_callbacks):
    client.force_login(ana)
    response = delete(client, django_capture_on_commit_callbacks, password="wrong")
    assert "The password is wrong." in response.text
    ana.refresh_from_db()
    assert ana.is_active and ana.anonymised_at is None
    assert mail.outbox == []


def test_the_box_must_be_ticked(client, ana, django_capture_on_commit_callbacks):
    client.force_login(ana)
    response = delete(client, django_capture_on_commit_callbacks, understood="")
    assert "Tick the box to confirm." in response.text
    ana.refresh_from_db()
    assert ana.is_active


def test_the_warning_is_not_shown_when_another_representative_remains(client, ana, rita):
    organisation = make_organisation(ana)
    OrganisationMembership.objects.create(
        organisation=organisation, user=rita, role=OrganisationRole.REPRESENTATIVE
    )
    client.force_login(ana)
    assert "You are the only representative of:" not in client.get("/en/accounts/delete/").text
