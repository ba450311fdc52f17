"""Throttles count in a store every worker shares: a restarted worker, another
worker or another app server sees the same count."""

import os
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.db import connection

from telka.accounts import throttle
from telka.accounts.models import ThrottleCounter
from tests.base import PASSWORD

REFUSED_LT = "Per daug bandymų. Palaukite 15 minučių ir bandykite dar kartą."


def restart_worker() -> None:
    """What a gunicorn worker restart does to anything kept in its memory."""
    caches["default"].clear()


def log_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_the_sixth_log_in_is_refused_by_another_worker_after_a_restart(client, ana):
    for _ in range(throttle.LOGIN_PER_EMAIL.count):
        assert "Neteisingas el. pašto adresas" in log_in(client, "ana@example.test", "guess").text
    restart_worker()
    other = type(client)()  # another browser on another worker
    response = log_in(other, "ana@example.test")
    assert REFUSED_LT in response.text
    assert "_auth_user_id" not in other.session
    assert ThrottleCounter.objects.filter(count=throttle.LOGIN_PER_EMAIL.count).exists()


def test_the_counter_keeps_no_address_in_clear(client, ana):
    log_in(client, "ana@example.test", "guess")
    keys = list(ThrottleCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2 and not any("ana" in k or "127.0.0.1" in k for k in keys)


def test_registration_from_one_address_is_limited_across_restarts(client, db):
    for number in range(throttle.REGISTER_PER_IP.count):
        client.post("/accounts/register/", _registration(f"person{number}@example.test"))
        restart_worker()
    response = client.post("/accounts/register/", _registration("late@example.test"))
    assert "Per daug bandymų. Palaukite 60 minučių" in response.text


def _registration(email: str) -> dict:
    return {
        "full_name": "Vardas Pavardė",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "lt",
        "accepts_privacy_notice": "on",
    }


def test_password_reset_mails_are_limited_across_restarts(
    client, ana, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(throttle.MAIL_PER_ADDRESS.count):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/password/reset/", {"email": "ana@example.test"})
        restart_worker()
    response = client.post("/accounts/password/reset/", {"email": "ana@example.test"})
    assert "Per daug bandymų. Palaukite 60 minučių" in response.text
    assert len(mailoutbox) == throttle.MAIL_PER_ADDRESS.count


def test_an_ended_window_starts_again(client, ana):
    for _ in range(throttle.LOGIN_PER_EMAIL.count):
        log_in(client, "ana@example.test", "guess")
    ThrottleCounter.objects.update(expires_at="2000-01-01T00:00Z")
    assert log_in(client, "ana@example.test").status_code == 302
    assert throttle.purge_expired() == 1  # the IP window; the address's was reset


def test_with_a_shared_cache_configured_the_cache_counts(client, ana, settings):
    settings.TELKA_THROTTLE_STORE = "cache"
    for _ in range(throttle.LOGIN_PER_EMAIL.count):
        log_in(client, "ana@example.test", "guess")
    assert REFUSED_LT in log_in(client, "ana@example.test").text
    assert not ThrottleCounter.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_failures_counted_by_another_process_refuse_the_sixth(client, ana):
    """A second Python process (another app server) fails five times through the
    real log-in form; this process then refuses the right password."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "for _ in range(5):\n"
        "    c.post('/accounts/login/', {'username': 'ana@example.test', 'password': 'x'})\n"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "telka.settings"}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    response = log_in(client, "ana@example.test")
    assert REFUSED_LT in response.text
    assert "_auth_user_id" not in client.session
