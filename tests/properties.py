"""How many examples a property-based test against the database tries.

Hypothesis draws its examples afresh on every run, and CI runs the suite twice: on SQLite
every test tries its full number, on PostgreSQL half of it, where an example costs about
twice as much (docs/development.md, "What runs on one database only")."""

from django.db import connection


def examples(full):
    return full if connection.vendor == "sqlite" else max(5, full // 2)
