"""The periodic sweep: small, idempotent jobs that `tryghed worker` runs every
SWEEP_INTERVAL_SECONDS (reminders, deadlines, retention). An app registers a job with
`@sweep_job("app.name")` in a module its AppConfig.ready() imports."""

import logging
from itertools import batched

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
JOBS = {}


def sweep_job(name, *, atomic=True):
    """Register `func(now)` as a sweep job. A job run with `atomic=False` is not wrapped in one
    transaction: it commits in bounded batches of its own (retention) or item by item
    (reminders), so it never holds locks for long."""

    def register(func):
        func.sweep_atomic = atomic
        JOBS[name] = func
        return func

    return register


def run_sweep(now=None):
    """Run every job once; a failing job is logged and does not stop the others. When all have
    run, the sweep's heartbeat is recorded (the health endpoint reads it).
    Returns {job name: what it returned, or None if it failed}."""
    from tryghed.core.models import Heartbeat

    now = now or timezone.now()
    results = {}
    for name, job in JOBS.items():
        try:
            if getattr(job, "sweep_atomic", True):
                with transaction.atomic():
                    results[name] = job(now)
            else:
                results[name] = job(now)
        except Exception:
            logger.exception("sweep job %s failed", name)
            results[name] = None
    try:
        Heartbeat.beat(Heartbeat.SWEEP)
    except Exception:
        logger.exception("recording the sweep's heartbeat failed")
    return results


BATCH = 500


def in_batches(queryset, size=BATCH):
    """The objects of `queryset` (a filtered queryset of model instances, not sliced), read
    `size` at a time, so that a job over a great many rows (every task due after a worker was
    down for days) holds only one batch of objects in memory; select_related and
    prefetch_related apply to each batch. The ids are read first, by the filter's own indexes;
    each batch is read whole, with the filter asked again, before the job handles it (the job
    may change the rows it reads; a row that no longer matches is left out)."""
    ids = list(queryset.prefetch_related(None).order_by().values_list("pk", flat=True))
    for chunk in batched(sorted(ids), size):
        yield from queryset.filter(pk__in=chunk).order_by("pk")
