import datetime

from django.db import migrations, models


def auditors_become_roles(apps, schema_editor):
    """Auditors were one group for the whole installation (then one LAG): each becomes an
    auditor of every LAG there is, which is what the group let them read."""
    Group = apps.get_model("auth", "Group")
    LocalActionGroup = apps.get_model("lag", "LocalActionGroup")
    Role = apps.get_model("lag", "Role")
    group = Group.objects.filter(name="Auditors").first()
    if group is None:
        return
    today = datetime.date.today()
    for user in group.user_set.all():
        for lag in LocalActionGroup.objects.all():
            Role.objects.create(lag=lag, user=user, kind="auditor", valid_from=today)
    group.user_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("lag", "0005_lag_host"),
    ]

    operations = [
        migrations.AlterField(
            model_name="role",
            name="kind",
            field=models.CharField(
                choices=[("staff", "LAG staff"), ("assessor", "Assessor"), ("auditor", "Auditor")],
                max_length=20,
                verbose_name="role",
            ),
        ),
        migrations.RunPython(auditors_become_roles, migrations.RunPython.noop),
    ]
