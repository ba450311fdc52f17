from django.core import mail

from telka.accounts import throttle
from telka.audit.models import AuditEvent
from tests.base import PASSWORD

from .conftest import link_in

NEW = "nauja-slapta-fraze-42"


def ask_reset(client, email, capture, prefix=""):
    with capture(execute=True):
        return client.post(f"{prefix}/accounts/password/reset/", {"email": email})


def test_the_reset_e_mail_comes_from_our_templates_in_the_users_language(
    client, ana, django_capture_on_commit_callbacks
):
    response = ask_reset(client, "ana@example.test", django_capture_on_commit_callbacks)
    assert response.url == "/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["ana@example.test"]
    assert message.subject == "Pasirinkite naują slaptažodį"
    assert "Ana Stankevičienė" in message.body
    assert link_in(message, "/accounts/password/reset/")
    html = message.alternatives[0][0]
    assert "Telka" in html and "/accounts/password/reset/" in html


def test_an_english_speaker_gets_an_english_message_and_page(
    client, ana, django_capture_on_commit_callbacks
):
    ana.language = "en"
    ana.save()
    ask_reset(client, "ana@example.test", django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == "Choose a new password"
    assert link_in(mail.outbox[0], "/en/accounts/password/reset/")


def test_the_link_sets_a_new_password_audits_and_confirms_by_e_mail(
    client, otto, django_capture_on_commit_callbacks
):
    ask_reset(client, "otto@example.test", django_capture_on_commit_callbacks)
    form_page = client.get(link_in(mail.outbox[0], "/accounts/password/reset/"), follow=True)
    assert "Choose a new password" in form_page.text or "Pasirinkite" in form_page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
        )
    assert response.url == "/accounts/password/reset/done/"
    otto.refresh_from_db()
    assert otto.check_password(NEW)
    assert otto.is_verified  # the reset link proved the mailbox
    assert AuditEvent.objects.filter(action="user.password_reset", actor=otto).exists()
    assert mail.outbox[-1].subject == "Jūsų slaptažodis pakeistas"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, db, django_capture_on_commit_callbacks
):
    response = ask_reset(client, "nobody@example.test", django_capture_on_commit_callbacks)
    assert response.url == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_reset_requests_are_throttled(client, ana, django_capture_on_commit_callbacks):
    for _ in range(throttle.MAIL_PER_ADDRESS.count):
        ask_reset(client, "ana@example.test", django_capture_on_commit_callbacks)
    response = ask_reset(client, "ana@example.test", django_capture_on_commit_callbacks, "/en")
    assert "Too many attempts." in response.text
    assert len(mail.outbox) == throttle.MAIL_PER_ADDRESS.count


def test_a_used_link_no_longer_works(client, ana, django_capture_on_commit_callbacks):
    ask_reset(client, "ana@example.test", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0], "/accounts/password/reset/")
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    again = client.get("/en" + link, follow=True)
    assert "This link does not work any more" in again.text


def test_changing_the_password_keeps_the_session_and_tells_the_owner(
    client, ana, django_capture_on_commit_callbacks
):
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/password/",
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
            follow=True,
        )
    assert "Your password has been changed." in response.text
    assert response.context["user"].is_authenticated
    ana.refresh_from_db()
    assert ana.check_password(NEW)
    assert AuditEvent.objects.filter(action="user.password_changed", actor=ana).exists()
    assert [m.to for m in mail.outbox] == [["ana@example.test"]]


def test_a_wrong_old_password_changes_nothing(client, ana):
    client.force_login(ana)
    response = client.post(
        "/en/accounts/password/",
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your old password was entered incorrectly" in response.text
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)
