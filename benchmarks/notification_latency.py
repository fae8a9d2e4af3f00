"""How long a notification e-mail waits while the worker rebuilds the statistics summary.

On a throwaway PostgreSQL database (default tryghed_bench_latency on 127.0.0.1, user postgres)
with the demo's data and N generated episodes (`tryghed manage generate_episodes --count N`),
the real `tryghed worker` is started with the database queue, e-mail over SMTP to a small SMTP
server in this script, and no summary yet, so that its first sweep rebuilds it. As soon as the
rebuild's counting query runs, a notification is queued (notify(), as the app does); the time
from queueing to the e-mail's arrival at the SMTP server is printed. While the rebuild lasts,
another notification is queued a second after each arrival. Then the rebuild's duration.

Usage, from the repository root:

    uv run python benchmarks/notification_latency.py [--count 1000000] [--db NAME] [--keep]
        [--again] [--checkout PATH]

--count 100000 for a quicker run. --keep keeps the database; --again measures a kept database
without generating. --checkout runs `tryghed worker` from another checkout (its .venv), to
measure code from before a change on the same data.
"""

import argparse
import os
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SERVER = "postgres://postgres@127.0.0.1:5432"
# The rebuild's first counting query groups the episodes by month.
REBUILDING = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND state = 'active' AND pid <> pg_backend_pid() AND query ILIKE '%%DATE_TRUNC%%'"
)


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Arrivals(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's SMTP backend; notes when each message has arrived."""

    def handle(self):
        self.wfile.write(b"220 bench\r\n")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line)
                self.server.arrived.append((time.monotonic(), b"".join(lines)))
                self.wfile.write(b"250 ok\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Arrivals)
    server.daemon_threads = True
    server.arrived = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def manage(*args):
    subprocess.run([sys.executable, "-m", "tryghed.cli", "manage", *args], check=True)


def prepare(count):
    manage("migrate", "--verbosity", "0")
    manage("load_demo", "--verbosity", "0")
    started = time.monotonic()
    manage("generate_episodes", "--count", str(count))
    print(f"generated {count:,} episodes in {time.monotonic() - started:.0f} s")


def start_worker(checkout, smtp_port):
    python = Path(checkout) / ".venv" / "bin" / "python" if checkout else sys.executable
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SWEEP_INTERVAL_SECONDS": "3600",
    }
    return subprocess.Popen(
        [str(python), "-m", "tryghed.cli", "worker"],
        cwd=checkout or REPO,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


def measure(server, person):
    from django.db import connection

    from tryghed.notifications.services import notify
    from tryghed.stats.models import SummaryBuilt

    def rebuilding():
        with connection.cursor() as cursor:
            cursor.execute(REBUILDING)
            return cursor.fetchone()[0] > 0

    if not until(rebuilding, 120):
        raise SystemExit("the worker did not start rebuilding the summary within 120 s")
    began = time.monotonic()
    waits, during = [], []
    while not SummaryBuilt.objects.exists():
        queued = time.monotonic()
        # Autocommit: queued at once. The sweep sends reminders too: the link tells ours apart.
        (notification,) = notify(recipients=[person], title="Noget nyt")
        arrived = until(partial(arrival, server, notification.get_absolute_url()), 600)
        if not arrived:
            raise SystemExit("an e-mail did not arrive within 600 s")
        waits.append(arrived - queued)
        during.append(not SummaryBuilt.objects.exists())
        time.sleep(1)
    return waits, during, time.monotonic() - began


def arrival(server, link):
    """When the e-mail holding `link` arrived, or None."""
    for moment, message in list(server.arrived):
        if link.encode() in message:
            return moment
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--db", default="tryghed_bench_latency")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--again", action="store_true", help="measure a kept database")
    parser.add_argument("--checkout", help="run `tryghed worker` from this checkout")
    args = parser.parse_args()
    for name in ("TRYGHED_DEMO", "EMAIL_URL", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(
        DATABASE_URL=f"{SERVER}/{args.db}",
        DJANGO_SETTINGS_MODULE="tryghed.settings",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        TRYGHED_HTTPS="false",
        LOG_LEVEL="WARNING",
    )
    if not args.again:
        psql(f"DROP DATABASE IF EXISTS {args.db}")
        psql(f"CREATE DATABASE {args.db}")
    worker = None
    try:
        if not args.again:
            prepare(args.count)
        import django

        django.setup()
        from django.db import connection
        from django_tasks_db.models import DBTaskResult

        from tryghed.accounts.models import User
        from tryghed.incidents.models import Incident
        from tryghed.stats.models import MonthlyCount, SummaryBuilt

        MonthlyCount.objects.all().delete()
        SummaryBuilt.objects.all().delete()
        DBTaskResult.objects.all().delete()  # nothing left over from an earlier run
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        person = User.objects.filter(is_active=True).exclude(email="").order_by("pk").first()
        server = smtp_server()
        episodes = Incident.objects.count()
        worker = start_worker(args.checkout, server.server_address[1])
        waits, during, rebuilt = measure(server, person)
        print(f"{episodes:,} episodes; worker from {args.checkout or REPO}")
        print(f"    the first e-mail, queued as the rebuild began: {waits[0]:.2f} s")
        print(
            f"    {len(waits)} e-mails queued during the rebuild: median "
            f"{statistics.median(waits):.2f} s, slowest {max(waits):.2f} s; "
            f"{sum(during)} arrived before the rebuild ended"
        )
        print(f"    the rebuild took about {rebuilt:.0f} s")
    finally:
        if worker is not None:
            worker.terminate()  # django-tasks-db finishes the task at hand, then stops
            worker.wait(120)
        if "django.db" in sys.modules:
            sys.modules["django.db"].connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
