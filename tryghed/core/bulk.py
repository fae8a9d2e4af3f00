"""The end of a bulk load (the demo, generated episodes): fresh planner statistics, so the
first pages after it are planned on the rows that are there, not on the empty tables that
PostgreSQL's autovacuum last saw (it analyzes later, on its own schedule)."""

from django.db import connection


def analyze(*models):
    """ANALYZE the tables of `models` (every table of the project's models when none are
    named), on PostgreSQL; SQLite plans without such statistics.

    Never a bare ANALYZE: that also analyzes the catalogs every database of the server shares
    (its roles, its databases), and the lock it takes on them is held to the end of the
    transaction, so an ANALYZE in another database waits for it (in the tests, for a whole
    test: up to a minute)."""
    if connection.vendor != "postgresql":
        return
    if models:
        names = [model._meta.db_table for model in models]
    else:
        names = sorted(connection.introspection.django_table_names(only_existing=True))
    tables = ", ".join(connection.ops.quote_name(name) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
