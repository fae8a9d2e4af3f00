from django.db import migrations

from tryghed.followup.defaults import seed_templates


def seed(apps, schema_editor):
    seed_templates(
        apps.get_model("followup", "CaseTemplate"), apps.get_model("followup", "TaskTemplate")
    )


class Migration(migrations.Migration):
    dependencies = [("followup", "0003_online_tasks")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
