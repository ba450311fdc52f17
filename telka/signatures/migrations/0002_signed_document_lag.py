import django.db.models.deletion
from django.db import migrations, models


def lag_of_signed_minutes(apps, schema_editor):
    """Signed documents so far are signed minutes: each belongs to its meeting's LAG."""
    SignedDocument = apps.get_model("signatures", "SignedDocument")
    Minutes = apps.get_model("decisions", "Minutes")
    for minutes in Minutes.objects.filter(signed_document__isnull=False).select_related(
        "meeting"
    ):
        SignedDocument.objects.filter(pk=minutes.signed_document_id).update(
            lag=minutes.meeting.lag_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("lag", "0005_lag_host"),
        ("decisions", "0005_merge_20261203_1713"),
        ("signatures", "0001_trust_anchors_and_validations"),
    ]

    operations = [
        migrations.AddField(
            model_name="signeddocument",
            name="lag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="lag.localactiongroup",
                verbose_name="local action group",
            ),
        ),
        migrations.RunPython(lag_of_signed_minutes, migrations.RunPython.noop),
    ]
