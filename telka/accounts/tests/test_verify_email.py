import time

from django.core import mail, signing
from django.utils import timezone

from telka.accounts import throttle
from telka.accounts.tokens import Purpose, make_token
from telka.audit.models import AuditEvent

from .conftest import link_in


def test_the_link_from_the_e_mail_confirms_the_address(
    client, otto, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/verify/resend/", {"email": "otto@example.test"})
    response = client.get("/en" + link_in(mail.outbox[0], "/accounts/verify/"), follow=True)
    otto.refresh_from_db()
    assert otto.is_verified
    assert response.redirect_chain[-1][0] == "/en/accounts/login/"
    assert "your e-mail address otto@example.test is confirmed" in response.text
    assert AuditEvent.objects.filter(action="user.email_verified", actor=otto).count() == 1


def test_opening_the_link_twice_changes_nothing_more(client, otto):
    url = f"/en/accounts/verify/{make_token(otto.pk, otto.email, Purpose.VERIFY)}/"
    client.get(url)
    otto.refresh_from_db()
    first = otto.email_verified_at
    response = client.get(url, follow=True)
    otto.refresh_from_db()
    assert otto.email_verified_at == first
    assert "is confirmed" in response.text
    assert AuditEvent.objects.filter(action="user.email_verified").count() == 1


def test_a_tampered_link_is_refused_with_an_explanation(client, otto):
    token = make_token(otto.pk, otto.email, Purpose.VERIFY)
    response = client.get(f"/en/accounts/verify/{token[:-3]}abc/")
    assert response.status_code == 400
    assert "This link is not valid: it may have been cut or changed." in response.text
    otto.refresh_from_db()
    assert not otto.is_verified


def test_a_link_for_someone_else_cannot_be_forged_by_editing_the_payload(client, otto, ana):
    token = make_token(otto.pk, otto.email, Purpose.VERIFY)
    forged = signing.dumps(
        {"u": ana.pk, "e": otto.email, "p": "verify"}, salt="another-salt", compress=True
    )
    response = client.get(f"/en/accounts/verify/{forged}/")
    assert response.status_code == 400
    assert token != forged


def test_an_expired_link_is_refused_and_offers_a_new_one(client, otto, settings, monkeypatch):
    days_ago = int(time.time()) - 4 * 24 * 3600
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(days_ago)
    )
    token = make_token(otto.pk, otto.email, Purpose.VERIFY)
    monkeypatch.undo()
    response = client.get(f"/en/accounts/verify/{token}/")
    assert response.status_code == 400
    assert "This link has expired. Ask for a new one below." in response.text
    assert "Send the link" in response.text
    otto.refresh_from_db()
    assert not otto.is_verified


def test_the_expiry_is_a_setting(client, otto, settings):
    settings.TELKA_VERIFICATION_MAX_AGE = -1  # every link is already too old
    response = client.get(f"/en/accounts/verify/{make_token(otto.pk, otto.email, 'verify')}/")
    assert "This link has expired." in response.text


def test_a_link_to_an_address_no_longer_used_is_refused(client, otto):
    token = make_token(otto.pk, "old@example.test", Purpose.VERIFY)
    response = client.get(f"/en/accounts/verify/{token}/")
    assert "This link was sent to an address your account no longer uses." in response.text
    otto.refresh_from_db()
    assert not otto.is_verified


def test_resending_does_not_tell_who_is_registered(
    client, otto, ana, django_capture_on_commit_callbacks
):
    answers = []
    for email in ["otto@example.test", "nobody@example.test", "ana@example.test"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/accounts/verify/resend/", {"email": email}, follow=True)
        answers.append(response.text.count("we have sent it a new link"))
    assert answers == [1, 1, 1]
    assert [m.to for m in mail.outbox] == [["otto@example.test"]]  # Ana is verified already


def test_resending_is_throttled_per_address(client, otto, django_capture_on_commit_callbacks):
    for _ in range(throttle.MAIL_PER_ADDRESS.count):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/accounts/verify/resend/", {"email": "otto@example.test"})
    response = client.post("/en/accounts/verify/resend/", {"email": "otto@example.test"})
    assert "Too many attempts. Please wait 60 minutes and try again." in response.text
    assert len(mail.outbox) == throttle.MAIL_PER_ADDRESS.count


def test_an_unverified_user_resends_from_my_area(client, otto, django_capture_on_commit_callbacks):
    client.force_login(otto)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify/resend/", {"email": otto.email})
    assert response.url == "/accounts/"
    assert mail.outbox[0].to == ["otto@example.test"]


def test_verifying_while_logged_in_returns_to_my_area(client, otto):
    client.force_login(otto)
    response = client.get(f"/accounts/verify/{make_token(otto.pk, otto.email, 'verify')}/")
    assert response.url == "/accounts/"
    otto.refresh_from_db()
    assert otto.email_verified_at <= timezone.now()
