"""Production configuration passes Django's deployment checklist with no warnings."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "q8Zr!x2vT#p9Lm@w" * 4,
    "ALLOWED_HOSTS": "vvg.example.lt",
    "CSRF_TRUSTED_ORIGINS": "https://vvg.example.lt",
    "SITE_URL": "https://vvg.example.lt",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
    "EMAIL_HOST": "smtp.example.lt",
}


def run_check(env_overrides: dict) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in env_overrides and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="telka.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = run_check(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_about_the_development_defaults():
    result = run_check({})
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


def readme_recipe(tmp_path: Path) -> dict:
    """The environment of README.md's production recipe (its `export` lines), with
    the secret files it names written to tmp_path."""
    text = (ROOT / "README.md").read_text()
    block = text.split("export DEBUG=false", 1)[1].split("\nmake install", 1)[0]
    words = shlex.split("DEBUG=false" + block.replace("\\\n", " "))
    env = dict(word.split("=", 1) for word in words)
    for name in list(env):
        if name.endswith("_FILE"):
            secret = tmp_path / name.lower()
            secret.write_text("s3cr3t-" + "Zq8!rT2#vX9@pL" * 4)
            env[name] = str(secret)
    return env


def test_check_deploy_is_clean_under_the_readme_recipe(tmp_path):
    env = readme_recipe(tmp_path)
    assert env["DEBUG"] == "false" and "SECRET_KEY_FILE" in env
    result = run_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
