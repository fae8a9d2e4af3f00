"""The default retention schedule for every municipality already in the database (docs/
retention.md gives the reasons). A frozen copy: the live defaults for municipalities added
later are organizations.models.RETENTION_DEFAULTS. Seeded unconfirmed: the sweep acts on a rule
only after an administrator confirmed it."""

from django.db import migrations

DEFAULTS = [
    ("cases", 60, "closed"),
    ("files", 12, "closed"),
    ("blocks", 0, "review"),
    ("perpetrators", 12, "closed"),
    ("audit", 60, "recorded"),
    ("alarms", 12, "recorded"),
]


def seed(apps, schema_editor):
    Municipality = apps.get_model("organizations", "Municipality")
    RetentionRule = apps.get_model("organizations", "RetentionRule")
    for municipality in Municipality.objects.all():
        for kind, months, event in DEFAULTS:
            RetentionRule.objects.get_or_create(
                municipality=municipality,
                kind=kind,
                defaults={"months": months, "from_event": event},
            )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_retentionrule")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
