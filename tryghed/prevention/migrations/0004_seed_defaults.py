from django.db import migrations

from tryghed.prevention.defaults import seed_defaults


def seed(apps, schema_editor):
    seed_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("prevention", "0003_risk_guideline_crisis_training")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
