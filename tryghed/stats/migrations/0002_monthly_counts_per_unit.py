"""The summary counts per unit (and the unit's root), so that every overview, not only the whole
municipality's, reads it. Its rows are derived: they are emptied here and the sweep counts them
again (until then the overview counts every episode itself)."""

import django.db.models.deletion
from django.db import migrations, models


def empty_the_summary(apps, schema_editor):
    apps.get_model("stats", "MonthlyCount").objects.all().delete()
    apps.get_model("stats", "SummaryBuilt").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_all_contact_kinds"),
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(empty_the_summary, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="monthlycount", name="stats_monthlycount_month_idx"),
        migrations.AddField(
            model_name="monthlycount",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.unit",
            ),
        ),
        migrations.AddField(
            model_name="monthlycount",
            name="root",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.unit",
            ),
        ),
        migrations.AddIndex(
            model_name="monthlycount",
            index=models.Index(fields=["root", "month", "figure"], name="stats_monthly_root_idx"),
        ),
        migrations.AddIndex(
            model_name="monthlycount",
            index=models.Index(fields=["unit", "month", "figure"], name="stats_monthly_unit_idx"),
        ),
    ]
