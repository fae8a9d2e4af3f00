import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import close_old_connections, connection, connections
from django.tasks import task_backends
from django_tasks_db import DatabaseBackend

from tryghed.core.sweep import run_sweep

logger = logging.getLogger(__name__)
# How often the queue is looked at while nothing is waiting in it.
POLL_SECONDS = 1


class Command(BaseCommand):
    turn = contextlib.nullcontext()
    help = (
        "Run background tasks (django-tasks-db) and, in a thread of its own, the periodic "
        "sweep, until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="sweep once, send what is queued meanwhile, exit"
        )

    def handle(self, *, once, **options):
        # With the immediate backend (demo, tests) tasks already ran when they were enqueued.
        queued = isinstance(task_backends["default"], DatabaseBackend)
        # The sweep has a thread (and a database connection) of its own: a long job, such as
        # the statistics summary at a million episodes, must not hold up an e-mail.
        sweeper = threading.Thread(target=self.sweep, args=(once,), name="sweep", daemon=True)
        if once:
            return self.drain_while(sweeper, queued)
        sweeper.start()
        if queued:
            # django-tasks-db's own loop, which finishes the task at hand on SIGTERM and stops.
            call_command(
                "db_worker",
                interval=POLL_SECONDS,
                startup_delay=False,
                reload=False,
                verbosity=0,
            )
        else:
            sweeper.join()

    def drain_while(self, sweeper, queued):
        """--once: send what is queued while the sweep runs, and then what it queued."""
        # SQLite lets one transaction at a time write (the test database in memory refuses
        # rather than waits), so there the sweep and the queue take turns.
        self.turn = threading.Lock() if connection.vendor == "sqlite" else self.turn
        sweeper.start()
        while True:
            swept = not sweeper.is_alive()
            if queued:
                with self.turn:
                    call_command(
                        "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
                    )
            if swept:
                return
            time.sleep(POLL_SECONDS / 10)

    def sweep(self, once):
        try:
            while True:
                started = time.monotonic()
                self.sweep_once()
                if once:
                    return
                pause = settings.SWEEP_INTERVAL_SECONDS - (time.monotonic() - started)
                time.sleep(max(0, pause))
        finally:
            connections.close_all()  # this thread's own

    def sweep_once(self):
        close_old_connections()
        try:
            with self.turn:
                results = run_sweep()
            self.stdout.write(f"sweep: {results}")
        except Exception:
            # run_sweep keeps one failing job from the others; this is the database gone.
            logger.exception("the sweep failed")
        finally:
            close_old_connections()
