"""What PostgreSQL's planner knows of a table."""

from django.db import connection


def planned_rows(model):
    """How many rows the planner thinks the table holds (ANALYZE sets it; -1: never asked)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]
