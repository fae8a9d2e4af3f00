from django.db import migrations

from tryghed.incidents.defaults import seed_lists


def seed(apps, schema_editor):
    seed_lists(apps.get_model("incidents", "Act"), apps.get_model("incidents", "Trigger"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
