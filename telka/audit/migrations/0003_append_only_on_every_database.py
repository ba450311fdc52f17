"""The audit log refuses UPDATE and DELETE on SQLite too, through the shared helper
that replaces the PostgreSQL-only trigger of 0002 (INV-35)."""

from django.db import migrations

from telka.lib.frozen import ALWAYS, FreezeFinalRows

OLD_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_no_change
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""


def drop_old_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditevent_no_change ON audit_auditevent")
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_auditevent_append_only()")


def restore_old_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.RunPython(drop_old_trigger, restore_old_trigger),
        FreezeFinalRows("audit_auditevent", final_when=ALWAYS),
    ]
