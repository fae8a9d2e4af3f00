"""The summary's rows added up per municipality, for the overview of a whole municipality. The
new table is empty: the summary counts as not built, so the overview counts every episode itself
until the sweep rebuilds both tables."""

import django.db.models.deletion
from django.db import migrations, models


def forget_the_summary(apps, schema_editor):
    apps.get_model("stats", "SummaryBuilt").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0006_many_municipalities"),
        ("stats", "0002_monthly_counts_per_unit"),
    ]

    operations = [
        migrations.RunPython(forget_the_summary, migrations.RunPython.noop),
        migrations.CreateModel(
            name="MunicipalityMonthlyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("kind", models.CharField(max_length=20)),
                ("severity", models.PositiveSmallIntegerField()),
                ("figure", models.CharField(max_length=30)),
                ("value", models.CharField(blank=True, max_length=200)),
                ("episodes", models.PositiveIntegerField()),
                (
                    "root",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.unit",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["root", "figure", "month"], name="stats_municipality_month_idx"
                    )
                ],
            },
        ),
    ]
