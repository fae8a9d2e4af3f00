"""Named locks that let one process at a time do a job that two would do wrong (the sweep
runs in every worker). A lock lasts until the end of the transaction it was taken in, so a
crashed process cannot leave it held."""

import zlib

from django.db import connection


def try_lock(name):
    """Whether this transaction now holds the lock `name`. Never waits: False means another
    transaction holds it, and the caller should leave the job to that one.

    On PostgreSQL a transaction-level advisory lock. SQLite has no such lock and needs none: it
    lets one transaction at a time write (settings.py begins every transaction IMMEDIATE), so
    a second one waits for the first to finish and then sees its result."""
    if not connection.in_atomic_block:
        raise RuntimeError("try_lock needs a transaction: the lock ends with it")
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_key(name)])
        return cursor.fetchone()[0]


def _key(name):
    # A stable 32-bit number per name, shared by every process (hash() is salted per process).
    return zlib.crc32(f"tryghed:{name}".encode())
