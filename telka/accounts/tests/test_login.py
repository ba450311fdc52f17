from telka.accounts import throttle
from tests.base import PASSWORD


def log_in(client, email, password=PASSWORD, prefix="/en"):
    return client.post(f"{prefix}/accounts/login/", {"username": email, "password": password})


def test_an_unverified_user_logs_in_and_sees_what_waits_for_confirmation(client, otto):
    response = log_in(client, "otto@example.test")
    assert response.status_code == 302 and response.url == "/en/accounts/"
    page = client.get("/en/accounts/")
    assert "Confirm your e-mail address" in page.text
    assert "submit project proposals;" in page.text


def test_a_verified_user_logs_in_without_the_reminder(client, ana):
    response = log_in(client, "ANA@example.test")
    assert response.url == "/en/accounts/"
    assert "Confirm your e-mail address" not in client.get("/en/accounts/").text


def test_a_wrong_password_is_refused(client, ana):
    response = log_in(client, "ana@example.test", "wrong")
    assert "The e-mail address or password is wrong." in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_failures_block_even_the_right_password_for_a_while(client, ana):
    for _ in range(throttle.LOGIN_PER_EMAIL.count):
        log_in(client, "ana@example.test", "guess")
    response = log_in(client, "ana@example.test")
    assert "Too many attempts. Please wait 15 minutes and try again." in response.text
    assert "_auth_user_id" not in client.session


def test_failures_for_one_address_do_not_block_another(client, ana, rita):
    for _ in range(throttle.LOGIN_PER_EMAIL.count):
        log_in(client, "ana@example.test", "guess")
    assert log_in(client, "rita@example.test").url == "/en/accounts/"


def test_a_success_forgets_earlier_failures(client, ana):
    for _ in range(throttle.LOGIN_PER_EMAIL.count - 1):
        log_in(client, "ana@example.test", "guess")
    log_in(client, "ana@example.test")
    client.logout()
    log_in(client, "ana@example.test", "guess")
    assert log_in(client, "ana@example.test").url == "/en/accounts/"


def test_the_log_in_page_links_registration_and_password_reset(client, db):
    page = client.get("/en/accounts/login/")
    assert 'href="/en/accounts/register/"' in page.text
    assert 'href="/en/accounts/password/reset/"' in page.text


def test_log_out_ends_the_session(client, ana):
    client.force_login(ana)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
