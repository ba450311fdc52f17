"""Every model that keeps final rows has its database triggers (telka.lib.frozen). On
SQLite a later migration that rebuilds a table drops its triggers: this test catches it."""

import pytest
from django.apps import apps
from django.db import connection

from telka.lib.frozen import FrozenModel


def frozen_tables() -> set[str]:
    models = [m for m in apps.get_models() if issubclass(m, FrozenModel)]
    return {m._meta.db_table for m in models} | {"audit_auditevent"}


def tables_with_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%%_frozen'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE '%_frozen_update'"
            )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_frozen_table_has_its_triggers():
    assert len(frozen_tables()) >= 15
    assert frozen_tables() <= tables_with_triggers()
