"""Retention purges audit events older than the municipality's period, and nothing else may
change or delete one. On PostgreSQL the append-only trigger now lets a DELETE through only
inside audit_purge(ids, cutoff), and only of events older than `cutoff`: the function sets a
transaction-local setting the trigger reads, and clears it before it returns. An UPDATE is
still refused always, and so is a DELETE anywhere else."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
DECLARE
    purge_before text := current_setting('tryghed.audit_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND purge_before IS NOT NULL AND purge_before <> '' THEN
        IF TG_TABLE_NAME = 'audit_auditevent_subjects' THEN
            RETURN OLD;
        END IF;
        IF OLD.at < purge_before::timestamptz THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_purge(ids bigint[], cutoff timestamptz) RETURNS integer AS $$
DECLARE
    removed integer;
BEGIN
    PERFORM set_config('tryghed.audit_purge_before', cutoff::text, true);
    DELETE FROM audit_auditevent_subjects s USING audit_auditevent e
        WHERE s.auditevent_id = e.id AND e.id = ANY(ids) AND e.at < cutoff;
    DELETE FROM audit_auditevent WHERE id = ANY(ids) AND at < cutoff;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('tryghed.audit_purge_before', '', true);
    RETURN removed;
END;
$$ LANGUAGE plpgsql;
"""
DROP = """
DROP FUNCTION IF EXISTS audit_purge(bigint[], timestamptz);
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_subjects")]
    operations = [migrations.RunPython(create, drop)]
