"""Indexes that let a person's own episodes be found from the index alone (visible_to and
concerning ask each table on its own): the reporter with the case's id (it replaces the plain
index on the reporter), and the affected employees' table by person, then case."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["reported_by", "id"], name="incidents_reported_by_idx"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="reported_by",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reported_incidents",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reported by",
            ),
        ),
        # The table behind Incident.affected is Django's own, so it cannot name an index in
        # its Meta; the same SQL on SQLite and PostgreSQL.
        migrations.RunSQL(
            "CREATE INDEX incidents_affected_person_idx "
            "ON incidents_incident_affected (user_id, incident_id)",
            "DROP INDEX incidents_affected_person_idx",
        ),
    ]
