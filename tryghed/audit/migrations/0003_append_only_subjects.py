"""Who an audit event concerns is part of the record too: on PostgreSQL its rows cannot be
changed or deleted either (people are deactivated, never deleted)."""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_auditevent_subjects_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent_subjects
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_auditevent_subjects_append_only ON audit_auditevent_subjects;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(create, drop)]
