"""The case's history stores codes and reads them in the reader's language (incidents.history):
the `label` column, words in the writer's language, goes. Lines written before keep what they
said: a line about a field of the report keeps its code (its values read as they were written);
the events the history now codes get their code; any other line becomes an "earlier entry"
whose text is its old label and value. Frozen here: the codes as they were then."""

from django.db import migrations, models

RENAMED = {
    "attachments": "attachment_added",
    "evidence": "evidence_secured",
    "voided_at": "case_voided",
    "comment": "comment_added",
}
REPORT_FIELDS = {
    "kind",
    "occurred_at",
    "description",
    "experienced_severity",
    "manager_severity",
    "acts",
    "triggers",
    "place_kind",
    "place",
    "perpetrator_category",
    "perpetrator_reference",
    "witnesses",
    "other_witnesses",
    "is_injured",
    "injury",
    "absence_from",
    "absence_days",
    "property_damage",
    "police_called",
    "wants_talk",
    "platform",
    "links",
    "on_own_page",
    "harasser_type",
}


def code_the_history(apps, schema_editor):
    IncidentChange = apps.get_model("incidents", "IncidentChange")
    for old, new in RENAMED.items():
        IncidentChange.objects.filter(field=old).update(field=new)
    keep = REPORT_FIELDS | set(RENAMED.values())
    for change in IncidentChange.objects.exclude(field__in=keep).iterator():
        text = f"{change.label}: {change.new_value}" if change.new_value else change.label
        change.field = "written"
        change.new_value = text
        change.save(update_fields=["field", "new_value"])


def uncode_the_history(apps, schema_editor):
    IncidentChange = apps.get_model("incidents", "IncidentChange")
    for change in IncidentChange.objects.iterator():
        change.label = change.field
        change.save(update_fields=["label"])


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_index_served_access"),
    ]

    operations = [
        # A default, so that going back can add the column to the lines written since.
        migrations.AlterField(
            model_name="incidentchange",
            name="label",
            field=models.CharField(blank=True, default="", max_length=200),
        ),
        migrations.RunPython(code_the_history, uncode_the_history),
        migrations.RemoveField(
            model_name="incidentchange",
            name="label",
        ),
    ]
