"""The retention sweep on PostgreSQL: N expired cases anonymised in bounded batches while quick
reports keep coming in.

It creates a throwaway database (default tryghed_bench_retention on 127.0.0.1, user postgres),
loads the demo, generates N episodes (`generate_episodes`), closes them and moves them six
years back with one bulk UPDATE, confirms the demo municipality's retention rules, and runs the
sweep. Meanwhile another process reports episodes one after another through the same service
the quick report's form calls (`report_incident`, each in its own transaction) and counts
those accepted and failed and the slowest one. Prints the sweep's total time, its number of
batch transactions, the longest one (the longest any row stayed locked) and the quick reports.
Usage, from the repository root:
    uv run python benchmarks/retention_sweep.py [--count 100000] [--batch 500] [--db NAME] [--keep]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SERVER = "postgres://postgres@127.0.0.1:5432"

REPORTER = """
import json, sys, time, uuid
from pathlib import Path
import django
django.setup()
from tryghed.accounts.models import User
from tryghed.demo.seed import DEMO_DOMAIN
from tryghed.incidents.models import Kind
from tryghed.incidents.services import report_incident
from tryghed.organizations.models import Unit
from django.utils import timezone
stop = Path(sys.argv[1])
person = User.objects.get(email=f"vikar@{DEMO_DOMAIN}")
unit = Unit.objects.get(code="borgerservice")
accepted = failed = 0
slowest = 0.0
while not stop.exists():
    started = time.perf_counter()
    try:
        report_incident(reporter=person, unit=unit, kind=Kind.PSYCHOLOGICAL,
                        occurred_at=timezone.now(), severity=2,
                        description="Borgeren råbte ved skranken.", notify_people=False)
        accepted += 1
    except Exception as error:
        failed += 1
        print(repr(error)[:200], file=sys.stderr)
    slowest = max(slowest, time.perf_counter() - started)
print(json.dumps({"accepted": accepted, "failed": failed, "slowest": slowest}))
"""


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--db", default="tryghed_bench_retention")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    psql(f"DROP DATABASE IF EXISTS {args.db}")
    psql(f"CREATE DATABASE {args.db}")
    os.environ.update(
        TRYGHED_VAR_DIR=tempfile.mkdtemp(prefix="tryghed-bench-"),  # the demo's files go here
        DATABASE_URL=f"{SERVER}/{args.db}",
        DJANGO_SETTINGS_MODULE="tryghed.settings",
        TRYGHED_DEMO="true",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        started = time.monotonic()
        call_command("generate_episodes", count=args.count, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"generated {args.count:,} episodes in {time.monotonic() - started:.0f} s")
        expired = age_and_confirm()
        print(
            f"{expired:,} closed cases past the five-year period; sweeping in batches of "
            f"{args.batch}"
        )
        run(args.batch)
    finally:
        django.db.connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.db}")


def age_and_confirm():
    from django.db import connection

    from tryghed.organizations.models import RetentionKind, RetentionRule
    from tryghed.retention import services

    with connection.cursor() as cursor:
        # About six years back (whole days: no leap day moves only one end), closed a month
        # after: every generated case is past its five-year period.
        cursor.execute(
            "UPDATE incidents_incident SET occurred_at = occurred_at - interval '2200 days', "
            "reported_at = reported_at - interval '2200 days', "
            "closed_at = occurred_at - interval '2200 days' + interval '30 days'"
        )
        cursor.execute("VACUUM ANALYZE")
    for municipality in services.municipalities():
        RetentionRule.objects.add_missing(municipality)
    for rule in services.rules():
        services.confirm(rule=rule, by=None)
    planned = services.plan()
    return sum(item.count for item in planned if item.rule.kind == RetentionKind.CASES)


def run(batch):
    from tryghed.retention import services

    stop = Path(tempfile.mkdtemp()) / "stop"
    reporter = subprocess.Popen(
        [sys.executable, "-c", REPORTER, str(stop)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # the reporter is up and reporting
    batches = []
    started = time.monotonic()
    done = services.sweep(batch_size=batch, on_batch=lambda kind, s: batches.append((kind, s)))
    total = time.monotonic() - started
    stop.touch()
    reports = json.loads(reporter.communicate(timeout=60)[0].strip().splitlines()[-1])
    longest_kind, longest = max(batches, key=lambda item: item[1])
    print(f"sweep: {total:.1f} s in all, {len(batches)} batch transactions")
    for (_municipality, kind), count in sorted(done.items()):
        print(f"    {kind}: {count:,} items")
    print(f"longest batch transaction (longest lock): {longest * 1000:.0f} ms ({longest_kind})")
    print(
        f"quick reports during the sweep: {reports['accepted']:,} accepted, "
        f"{reports['failed']} failed, slowest {reports['slowest'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
