"""The end of a bulk load (the demo, generated episodes): fresh planner statistics, so the
first pages after it are planned on the rows that are there, not on the empty tables that
PostgreSQL's autovacuum last saw (it analyzes later, on its own schedule)."""

from django.db import connection


def analyze(*models):
    """ANALYZE the tables of `models` (every table when none are named), on PostgreSQL; SQLite
    plans without such statistics."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
