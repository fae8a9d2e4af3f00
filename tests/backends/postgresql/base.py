"""Django's PostgreSQL backend for the tests, with one change: the tables are emptied with
DELETE rather than TRUNCATE between the tests that commit (browser tests and the like).
TRUNCATE makes new files for every table and index, some 80 tables here, and took seconds
per test; DELETE of the few rows a test leaves takes milliseconds. The tables end up as
empty either way, and the sequences go on unless a test asks for them to be reset.
Tables with triggers of their own (the audit log refuses DELETE) have those triggers off
while they are emptied, as TRUNCATE would not fire them either."""

from django.db.backends.postgresql import base


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        guarded = self._tables_with_own_triggers(tables)
        quoted = {table: style.SQL_FIELD(self.quote_name(table)) for table in tables}
        return [
            *(f"ALTER TABLE {quoted[table]} DISABLE TRIGGER USER;" for table in guarded),
            *(f"DELETE FROM {quoted[table]};" for table in tables),
            # The foreign keys are checked now, on empty tables: ALTER TABLE refuses to run
            # while their checks wait for the commit.
            "SET CONSTRAINTS ALL IMMEDIATE;",
            *(f"ALTER TABLE {quoted[table]} ENABLE TRIGGER USER;" for table in guarded),
        ]

    def _tables_with_own_triggers(self, tables):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
                [list(tables)],
            )
            return sorted(name for (name,) in cursor.fetchall())


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
