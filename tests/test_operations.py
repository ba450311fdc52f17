"""Operations: /health for a load balancer, server errors reaching the LAG's
administrator (mail to ADMINS, or Sentry), Redis when REDIS_URL is set."""

import datetime
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import path
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from telka.lib import health

ROOT = Path(__file__).resolve().parent.parent


def boom(request):
    raise RuntimeError("a bug in production")


urlpatterns = [path("boom", boom), path("health", health.health)]


def waiting_task(minutes: int) -> None:
    task = DBTaskResult.objects.create(
        task_path="telka.calls.tasks.email_receipt",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


@pytest.mark.django_db
def test_health_says_ok_and_nothing_else(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    waiting_task(minutes=1)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "tasks": "ok", "media": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_health_is_503_when_the_task_worker_lags(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    waiting_task(minutes=11)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "tasks": "fail", "media": "ok"},
    }


@pytest.mark.django_db
def test_health_is_503_when_media_space_runs_out(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TELKA_HEALTH_MIN_FREE_MEDIA_BYTES = shutil.disk_usage(tmp_path).total + 1
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "tasks": "ok", "media": "fail"}
    assert str(tmp_path) not in response.content.decode()


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_gone(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def refused(*args, **kwargs):
        raise OperationalError("connection refused by db.internal:5432 password=secret")

    monkeypatch.setattr(health.connection, "cursor", refused)
    monkeypatch.setattr(health, "task_lag", refused)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "fail"
    assert b"db.internal" not in response.content and b"secret" not in response.content


@pytest.mark.django_db
def test_health_answers_plain_http_behind_the_https_redirect(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health").status_code == 200
    assert client.get("/about/").status_code == 301


@pytest.mark.django_db
@pytest.mark.urls("tests.test_operations")
def test_a_server_error_is_mailed_to_the_admins(client, settings):
    settings.ADMINS = ["admin@vvg.example.lt"]
    client.raise_request_exception = False
    assert client.get("/boom").status_code == 500
    assert [m.to for m in mail.outbox] == [["admin@vvg.example.lt"]]
    assert "a bug in production" in mail.outbox[0].body


def run_python(code: str, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "REDIS_URL"}}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="telka.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sentry_is_initialised_only_when_a_dsn_is_set(tmp_path):
    stub = tmp_path / "sentry_sdk"
    stub.mkdir()
    (stub / "__init__.py").write_text(
        "def init(**kwargs):\n    print('SENTRY', sorted(kwargs.items()))\n"
    )
    pythonpath = f"{tmp_path}{os.pathsep}{ROOT}"
    with_dsn = run_python("", SENTRY_DSN="https://key@sentry.example/1", PYTHONPATH=pythonpath)
    assert "('dsn', 'https://key@sentry.example/1')" in with_dsn.stdout, with_dsn.stderr
    assert "('send_default_pii', False)" in with_dsn.stdout
    without = run_python("import sys; print('sentry_sdk' in sys.modules)", PYTHONPATH=pythonpath)
    assert without.stdout.strip() == "False"


def test_a_dsn_without_sentry_installed_says_what_to_install(tmp_path):
    blocker = tmp_path / "sentry_sdk.py"
    blocker.write_text("raise ImportError('not installed')\n")
    result = run_python("", SENTRY_DSN="https://key@sentry.example/1", PYTHONPATH=str(tmp_path))
    assert result.returncode != 0
    assert "pip install sentry-sdk" in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_serves_every_cache_when_redis_url_is_set(redis_url):
    """The `redis` client installs with requirements.txt: no manual pip install."""
    code = (
        "from django.core.cache import caches\n"
        "from django.conf import settings\n"
        "for alias in settings.CACHES:\n"
        "    caches[alias].set('probe', alias)\n"
        "    print(alias, type(caches[alias]).__name__, caches[alias].get('probe'))\n"
    )
    result = run_python(code, REDIS_URL=redis_url)
    assert result.returncode == 0, result.stderr
    assert "default RedisCache default" in result.stdout
    assert "pages RedisCache pages" in result.stdout
    assert "redis==" in (ROOT / "requirements.txt").read_text()


def test_admins_come_from_the_environment():
    result = run_python(
        "from django.conf import settings; print(settings.ADMINS)",
        ADMINS="vadove@vvg.example.lt, it@vvg.example.lt",
    )
    assert result.stdout.strip() == "['vadove@vvg.example.lt', 'it@vvg.example.lt']"


@pytest.mark.django_db
@pytest.mark.urls("tests.test_operations")
def test_a_server_error_page_says_what_to_do_in_the_users_language(client):
    client.raise_request_exception = False
    response = client.get("/boom")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Serveryje įvyko klaida" in page and "Jūsų anksčiau išsaugoti duomenys saugūs" in page
