"""Accepted project reports (with their indicator values, expenditure and attachments)
and approved annual reports refuse UPDATE and DELETE in the database (INV-35, INV-36)."""

from django.db import migrations

from telka.lib.frozen import FreezeFinalRows

OF_ACCEPTED_REPORT = (
    "EXISTS (SELECT 1 FROM monitoring_report r WHERE r.id = OLD.report_id "
    "AND r.status = 'accepted')"
)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [
        FreezeFinalRows(
            "monitoring_report",
            final_when="OLD.status = 'accepted'",
            mutable=["reminded_on"],
            null_only=["submitted_by_id", "reviewed_by_id"],
        ),
        FreezeFinalRows("monitoring_indicatorvalue", final_when=OF_ACCEPTED_REPORT),
        FreezeFinalRows("monitoring_expenditure", final_when=OF_ACCEPTED_REPORT),
        FreezeFinalRows("monitoring_reportattachment", final_when=OF_ACCEPTED_REPORT),
        FreezeFinalRows("monitoring_annualreport", final_when="OLD.status = 'approved'"),
    ]
