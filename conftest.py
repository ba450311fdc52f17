"""Test-wide settings and the personas every app's tests share.

Personas (STYLE.md P12): Sara, LAG staff · Eva, assessor · Bruno, board member ·
Ana, applicant (member of an organisation) · Rita, resident · Otto, outsider
with an unverified account."""

import pytest

from telka.lag.models import RoleKind, Sector
from tests import base


def pytest_configure(config):
    from django.conf import settings
    from django.core.signals import setting_changed

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # An admin module importing a @task during django.setup() has already built the
    # database backend; the signal makes django.tasks rebuild it from the new setting.
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    _flush_sqlite_without_triggers()


def _flush_sqlite_without_triggers():
    """Transactional tests empty every table after each test. PostgreSQL does it with
    TRUNCATE, which row triggers ignore; SQLite deletes row by row, which the triggers
    freezing final rows (telka.lib.frozen) would refuse. Switch SQLite's triggers off
    for the flush only, as TRUNCATE does on PostgreSQL."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        self.connection.ensure_connection()
        raw = self.connection.connection
        raw.setconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_TRIGGER, False)
        try:
            flush(self, sql_list)
        finally:
            raw.setconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_TRIGGER, True)

    DatabaseOperations.execute_sql_flush = execute_sql_flush


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a test that activates English (a
    request handled in this thread, translation.activate) must not change the URLs
    the next test reverses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_caches():
    from django.core.cache import caches

    from telka.lib import pagecache, statements

    for alias in ("default", "pages", "fragments"):
        caches[alias].clear()
    pagecache._seen.update(value=None, at=0.0)  # the generation this process last read
    statements.forget()


@pytest.fixture
def lag(db):
    return base.make_lag()


@pytest.fixture
def strategy(lag):
    return base.make_strategy(lag)


@pytest.fixture
def board(lag):
    return base.make_board(lag)


@pytest.fixture
def sara(lag):
    user = base.make_user("sara@example.test", "Sara Jonaitienė", is_staff=True)
    base.give_role(user, lag, RoleKind.STAFF)
    return user


@pytest.fixture
def eva(lag):
    user = base.make_user("eva@example.test", "Eva Petrauskienė")
    base.give_role(user, lag, RoleKind.ASSESSOR)
    return user


@pytest.fixture
def bruno(board):
    user = base.make_user("bruno@example.test", "Bruno Kazlauskas")
    base.seat(board, "Bruno Kazlauskas", Sector.CIVIL, user=user)
    return user


@pytest.fixture
def ana(db):
    return base.make_user("ana@example.test", "Ana Stankevičienė")


@pytest.fixture
def organisation(ana):
    return base.make_organisation(ana)


@pytest.fixture
def rita(db):
    return base.make_user("rita@example.test", "Rita Vaitkutė")


@pytest.fixture
def otto(db):
    return base.make_user("otto@example.test", "Otto Outsider", verified=False)


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
