import time

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend

from tryghed.core.sweep import run_sweep


class Command(BaseCommand):
    help = "Run background tasks (django-tasks-db) and the periodic sweep, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="drain, sweep once, exit")

    def handle(self, *, once, **options):
        # With the immediate backend (demo, tests) tasks already ran when they were enqueued.
        queued = isinstance(task_backends["default"], DatabaseBackend)
        last_sweep = None
        while True:
            if queued:
                call_command(
                    "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
                )
            if (
                last_sweep is None
                or time.monotonic() - last_sweep >= settings.SWEEP_INTERVAL_SECONDS
            ):
                results = run_sweep()
                last_sweep = time.monotonic()
                self.stdout.write(f"sweep: {results}")
            if once:
                return
            time.sleep(1)
