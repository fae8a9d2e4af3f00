"""The demo municipality for the browser tests, made once per test process and copied back
for each test. `load_demo` goes through the services and their signals, some 3,000 queries, and
was most of a browser test's set-up; writing back the rows it made gives each test the same
data in a small part of the time. The copy is made on a database as a committing test leaves
it (flushed), which is what nearly every browser test met before, and is made anew on a new day,
as the demo's episodes are dated from the day it is loaded."""

import sqlite3
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


class DemoCopy:
    def __init__(self):
        self.made_on = None
        self.rows = None
        self.outbox = []

    def load(self):
        """The demo in the test database, from the copy if there is one of today's."""
        if self.made_on == date.today():
            self._restore()
        else:
            self._make()
        ContentType.objects.clear_cache()
        mail.outbox[:] = self.outbox

    def _make(self):
        # As a committing test's teardown empties the database (TransactionTestCase).
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
        call_command("load_demo", incidents=40)  # the whole demo, with fewer episodes: faster
        self.rows = _save()
        self.outbox = list(mail.outbox)
        self.made_on = date.today()

    def _restore(self):
        _write_back(self.rows)


def _save():
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return _save_sqlite()
    return _save_postgresql()


def _write_back(rows):
    if connection.vendor == "sqlite":
        _write_back_sqlite(rows)
    else:
        _write_back_postgresql(rows)


def _save_sqlite():
    """The whole database file, page by page: SQLite's own backup."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def _write_back_sqlite(copy):
    connection.ensure_connection()
    copy.backup(connection.connection)


def _tables():
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def _save_postgresql():
    """Each table's rows as PostgreSQL's COPY writes them: exact, whatever the column types."""
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _write_back_postgresql(rows):
    """Empty every table as between tests, copy the rows in and set each sequence past the
    highest id. Django's foreign keys are checked at commit: the order of the tables is free."""
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), list(rows)))
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in rows.items():
            if data:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(data)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
