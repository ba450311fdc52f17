"""Log-in cost: the password hasher's time per check (CPU and wall) for each candidate,
and a whole log-in POST through Django (SQLite, in-process) with the configured hasher.

Goal (issue 15, finding 10): a log-in costs little more than an ordinary page
(≤ 0.1 s CPU on one core for the hash) while each password guess stays expensive for
an attacker: a memory-hard hasher at OWASP's parameters. The hasher in force is
settings.PASSWORD_HASHERS[0] (telka/accounts/hashers.py).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_LOGIN_REPEAT", "5"))
PASSWORD = "aleksotas-demo"


def _setup(var_dir: str) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="telka.settings", TELKA_VAR_DIR=var_dir, LOG_LEVEL="ERROR"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _candidates() -> dict:
    from django.contrib.auth import hashers

    class Pbkdf2Floor(hashers.PBKDF2PasswordHasher):
        iterations = 600_000

    found = {
        "pbkdf2_django_default_1500000": hashers.PBKDF2PasswordHasher(),
        "pbkdf2_owasp_600000": Pbkdf2Floor(),
        "scrypt_n16384_r8_p5": hashers.ScryptPasswordHasher(),
    }
    from telka.accounts.hashers import TelkaArgon2PasswordHasher

    found["argon2id_django_default_m100mib_t2_p8"] = hashers.Argon2PasswordHasher()
    found["argon2id_owasp_m19mib_t2_p1_in_force"] = TelkaArgon2PasswordHasher()
    return found


def _time(function) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `function` over REPEAT runs."""
    walls, cpus = [], []
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _hashers() -> dict:
    figures = {}
    for name, hasher in _candidates().items():
        encoded = hasher.encode(PASSWORD, hasher.salt())
        wall, cpu = _time(lambda h=hasher, e=encoded: h.verify(PASSWORD, e))
        figures[f"{name}_check_ms_wall"] = round(wall, 1)
        figures[f"{name}_check_ms_cpu"] = round(cpu, 1)
    return figures


def _login() -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from telka.accounts.models import User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(email="bench@example.test", password=PASSWORD)
    User.objects.filter(pk=user.pk).update(full_name="Bench")

    def log_in():
        client = Client()
        response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.status_code

    def page():
        assert Client().get("/accounts/login/").status_code == 200

    log_in()
    page()
    login_wall, login_cpu = _time(log_in)
    page_wall, page_cpu = _time(page)
    return {
        "hasher_in_force": settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1],
        "login_post_ms_wall": round(login_wall, 1),
        "login_post_ms_cpu": round(login_cpu, 1),
        "login_page_get_ms_wall": round(page_wall, 1),
        "login_page_get_ms_cpu": round(page_cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def run() -> dict:
    with tempfile.TemporaryDirectory() as var_dir:
        _setup(var_dir)
        return {**_hashers(), **_login()}


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<45} {value}")
