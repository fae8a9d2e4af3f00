"""Reads that may come from a read replica: the statistics and the exports.

With DATABASE_REPLICA_URL set (settings.READ_REPLICA names the database alias), a view
wrapped in `reads_from_replica` reads from the replica: its counting queries, the largest
reads of the system, leave the primary to the reports and the follow-up. Everything else reads
from the primary, and every write (the audit record of an export) goes there, inside the
wrapped view too. A replica lags its primary by moments: a figure may miss an episode
reported in the last seconds, and a person whose access was withdrawn seconds ago may still
be shown figures. Both are acceptable for statistics and nothing else is read there.
Migrations never run on the replica; it gets its tables from the primary.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_reading = ContextVar("reads_from_replica", default=False)


@contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the replica for reads inside `replica_reads`, when there is
    one; the primary ("default") for everything else."""

    def db_for_read(self, model, **hints):
        alias = getattr(settings, "READ_REPLICA", None)
        if alias and _reading.get():
            return alias
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same tables on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
