from django.db import migrations


def seed(apps, schema_editor):
    from telka.periods.seed import seed as seed_periods

    seed_periods(apps)


class Migration(migrations.Migration):
    dependencies = [("periods", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
