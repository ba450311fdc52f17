"""Submitted versions and the copies of their files (with their SHA-256) refuse UPDATE
and DELETE in the database; only the contact details a GDPR erasure overwrites may
change, and the submitter link may be cleared."""

from django.db import migrations

from telka.lib.frozen import ALWAYS, FreezeFinalRows


class Migration(migrations.Migration):
    dependencies = [("calls", "0002_constraint_messages")]

    operations = [
        FreezeFinalRows(
            "calls_submission",
            final_when=ALWAYS,
            mutable=["contact_name", "contact_email", "contact_phone"],
            null_only=["submitted_by_id"],
        ),
        FreezeFinalRows("calls_submissionfile", final_when=ALWAYS),
    ]
