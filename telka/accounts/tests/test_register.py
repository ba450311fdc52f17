import re

import pytest
from django.core import mail

from telka.accounts import throttle
from telka.accounts.models import User
from telka.audit.models import AuditEvent

from .conftest import link_in


def form(**changes):
    data = {
        "full_name": "Jonas Petraitis",
        "email": "Jonas@Example.test",
        "password1": "aleksoto-parkas-2024",
        "password2": "aleksoto-parkas-2024",
        "language": "lt",
        "accepts_privacy_notice": "on",
    }
    return {**data, **changes}


def test_it_creates_an_unverified_account_and_mails_the_link(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/register/", form())
    assert response.status_code == 302 and response.url == "/accounts/register/sent/"
    user = User.objects.get()
    assert (user.email, user.full_name, user.is_verified) == (
        "jonas@example.test",
        "Jonas Petraitis",
        False,
    )
    assert user.check_password("aleksoto-parkas-2024")
    event = AuditEvent.objects.get(action="user.registered")
    assert event.changes == {"privacy_notice_accepted": True}
    [message] = mail.outbox
    assert message.to == ["jonas@example.test"]
    assert message.subject == "Patvirtinkite savo el. pašto adresą"
    assert link_in(message, "/accounts/verify/")
    assert "Patvirtinti mano el. pašto adresą" in message.alternatives[0][0]
    page = client.get(response.url)
    assert "jonas@example.test" in page.text


def test_it_writes_in_the_chosen_language_with_a_link_to_english_pages(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/register/", form(language="en"))
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail address"
    assert link_in(message, "/en/accounts/verify/")


@pytest.mark.parametrize(
    "changes, field, error",
    [
        ({"password2": "something-else-9"}, "password2", "The two passwords differ."),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "too common"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"accepts_privacy_notice": ""}, "accepts_privacy_notice", "accept the privacy notice"),
        ({"email": "not-an-address"}, "email", "valid email address"),
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(client, db, changes, field, error):
    response = client.post("/en/accounts/register/", form(**changes))
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert 'value="Jonas Petraitis"' in response.text
    assert not User.objects.exists()
    assert mail.outbox == []


def _register(client, capture, email):
    with capture(execute=True):
        response = client.post("/en/accounts/register/", form(email=email, language="en"))
    page = client.get(response.url)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.text)
    return response, text.replace(email.lower(), "ADDRESS")


def test_it_answers_alike_whether_or_not_the_address_has_an_account(
    client, ana, django_capture_on_commit_callbacks
):
    """Registration tells no one who is registered: the same redirect and page;
    the mail to the address says what happened."""
    taken, taken_page = _register(client, django_capture_on_commit_callbacks, "ANA@example.test")
    other = type(client)()
    new, new_page = _register(other, django_capture_on_commit_callbacks, "new@example.test")
    assert (taken.status_code, taken.url) == (new.status_code, new.url)
    assert taken_page == new_page
    assert (
        User.objects.filter(email="ana@example.test").get().check_password("aleksoto-parkas-2024")
        is False
    )
    assert User.objects.count() == 2
    [existing, verification] = mail.outbox
    assert existing.to == ["ana@example.test"]
    assert existing.subject == "Jūs jau turite „Telka“ paskyrą"
    assert "no new account was created" not in existing.body  # in Ana's language, Lithuanian
    assert "paskyra nebuvo sukurta" in existing.body
    assert link_in(existing, "/accounts/password/reset/")
    assert verification.to == ["new@example.test"]
    event = AuditEvent.objects.get(action="user.registration_attempted")
    assert event.object_id == str(ana.pk)


def test_one_address_is_not_flooded_through_registration(
    client, ana, django_capture_on_commit_callbacks
):
    for number in range(throttle.MAIL_PER_ADDRESS.count + 1):
        with django_capture_on_commit_callbacks(execute=True):
            response = type(client)(REMOTE_ADDR=f"10.0.0.{number}").post(
                "/en/accounts/register/", form(email="ana@example.test")
            )
    assert "Too many attempts. Please wait 60 minutes and try again." in response.text
    assert len(mail.outbox) == throttle.MAIL_PER_ADDRESS.count


def test_it_throttles_registrations_from_one_address(client, db, monkeypatch):
    monkeypatch.setattr(throttle, "REGISTER_PER_IP", throttle.Limit("register-ip", 2, 3600))
    for number in range(2):
        client.post("/en/accounts/register/", form(email=f"person{number}@example.test"))
    response = client.post("/en/accounts/register/", form(email="third@example.test"))
    assert "Too many attempts. Please wait 60 minutes and try again." in response.text
    assert 'value="third@example.test"' in response.text
    assert User.objects.count() == 2


def test_a_logged_in_person_is_sent_to_my_area(client, ana):
    client.force_login(ana)
    response = client.get("/accounts/register/")
    assert response.status_code == 302 and response.url == "/accounts/"
