"""An index of the open cases by unit: the overview counts their overdue follow-up tasks."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0003_history_stores_codes"),
        ("organizations", "0006_many_municipalities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                condition=models.Q(("closed_at__isnull", True), ("voided_at__isnull", True)),
                fields=["unit", "occurred_at"],
                name="incidents_open_unit_idx",
            ),
        ),
    ]
