"""The periodic sweep: small, idempotent jobs that `tryghed worker` runs every
SWEEP_INTERVAL_SECONDS (reminders, deadlines, retention). An app registers a job with
`@sweep_job("app.name")` in a module its AppConfig.ready() imports."""

import logging

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)
JOBS = {}


def sweep_job(name):
    def register(func):
        JOBS[name] = func
        return func

    return register


def run_sweep(now=None):
    """Run every job once; a failing job is logged and does not stop the others.
    Returns {job name: what it returned, or None if it failed}."""
    now = now or timezone.now()
    results = {}
    for name, job in JOBS.items():
        try:
            with transaction.atomic():
                results[name] = job(now)
        except Exception:
            logger.exception("sweep job %s failed", name)
            results[name] = None
    return results
