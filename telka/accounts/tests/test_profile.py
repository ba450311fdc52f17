from django.core import mail

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from tests.base import make_user

from .conftest import link_in


def profile_form(user, **changes):
    data = {"full_name": user.full_name, "email": user.email, "phone": "", "language": "lt"}
    return {**data, **changes}


def test_it_saves_name_phone_and_language_and_audits_which_changed(client, ana):
    client.force_login(ana)
    response = client.post(
        "/en/accounts/profile/",
        profile_form(ana, full_name="Ana Stankevičė", phone="+370 612 34567", language="en"),
        follow=True,
    )
    assert "Your profile is saved." in response.text
    ana.refresh_from_db()
    assert (ana.full_name, ana.phone, ana.language) == ("Ana Stankevičė", "+370 612 34567", "en")
    event = AuditEvent.objects.get(action="user.profile_updated")
    assert event.changes == {"fields": ["full_name", "phone", "language"]}
    assert "+370" not in str(event.changes)  # values stay out of the append-only log


def test_a_bad_phone_number_is_refused_and_nothing_changes(client, ana):
    client.force_login(ana)
    response = client.post(
        "/en/accounts/profile/", profile_form(ana, full_name="Kitas vardas", phone="call me")
    )
    assert "Enter a phone number of digits" in response.text
    assert 'value="Kitas vardas"' in response.text
    ana.refresh_from_db()
    assert ana.full_name == "Ana Stankevičienė"


def test_a_new_address_takes_effect_only_after_its_link_is_opened(
    client, ana, django_capture_on_commit_callbacks
):
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/profile/", profile_form(ana, email="Ana.New@Example.test"), follow=True
        )
    assert "We sent a link to ana.new@example.test." in response.text
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana@example.test", "ana.new@example.test")
    [message] = mail.outbox
    assert message.to == ["ana.new@example.test"]
    assert message.subject == "Patvirtinkite naują el. pašto adresą"

    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_in(message, "/accounts/verify/"))
    ana.refresh_from_db()
    assert (ana.email, ana.pending_email) == ("ana.new@example.test", "")
    notice = mail.outbox[-1]
    assert notice.to == ["ana@example.test"]
    assert "ana.new@example.test" in notice.body
    assert AuditEvent.objects.filter(action="user.email_changed", actor=ana).exists()


def test_an_address_used_by_another_account_is_refused(client, ana, rita):
    client.force_login(ana)
    response = client.post("/en/accounts/profile/", profile_form(ana, email="RITA@example.test"))
    assert "Another account already uses this e-mail address." in response.text
    ana.refresh_from_db()
    assert ana.pending_email == ""


def test_a_link_is_refused_if_someone_took_the_address_meanwhile(
    client, ana, django_capture_on_commit_callbacks
):
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/profile/", profile_form(ana, email="wanted@example.test"))
    make_user("wanted@example.test", "Kitas Žmogus")
    response = client.get("/en" + link_in(mail.outbox[0], "/accounts/verify/"))
    assert "Another account already uses this e-mail address." in response.text
    ana.refresh_from_db()
    assert ana.email == "ana@example.test"


def test_only_the_latest_requested_address_can_be_confirmed(
    client, ana, django_capture_on_commit_callbacks
):
    client.force_login(ana)
    for address in ["first@example.test", "second@example.test"]:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/accounts/profile/", profile_form(ana, email=address))
    response = client.get("/en" + link_in(mail.outbox[0], "/accounts/verify/"))
    assert "no longer uses" in response.text
    ana.refresh_from_db()
    assert ana.email == "ana@example.test"


def test_a_pending_change_can_be_cancelled(client, ana, django_capture_on_commit_callbacks):
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/profile/", profile_form(ana, email="new@example.test"))
    client.post("/en/accounts/profile/cancel-email-change/")
    ana.refresh_from_db()
    assert ana.pending_email == ""
    response = client.get("/en" + link_in(mail.outbox[0], "/accounts/verify/"))
    assert response.status_code == 400
    assert User.objects.get(pk=ana.pk).email == "ana@example.test"


def test_the_profile_needs_a_log_in(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
