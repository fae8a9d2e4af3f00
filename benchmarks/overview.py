"""The overview for a municipality-wide viewer (the executives), measured on PostgreSQL.

Prints, with 10,000 and with 1,000,000 generated episodes (plus the demo's 400):
- the dashboard's server time (Django's test client, in process: median and slowest of 5, after
  one warm-up request), and its number of queries;
- how long `generate_episodes` took.

It creates a throwaway PostgreSQL database (default tryghed_bench_overview on 127.0.0.1, user
postgres) and drops it at the end. Usage, from the repository root:

    uv run python benchmarks/overview.py [--sizes 10000,1000000] [--db NAME] [--keep]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SERVER = "postgres://postgres@127.0.0.1:5432"
# The last 12 months to the day: not whole months, so counted from the episodes themselves.
CHOSEN_DATES = "/overblik/?period=custom&date_from={start}&date_to={end}"


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--db", default="tryghed_bench_overview")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--again", action="store_true", help="measure a database kept by --keep, as it is"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if not args.again:
        psql(f"DROP DATABASE IF EXISTS {args.db}")
        psql(f"CREATE DATABASE {args.db}")
    os.environ.update(
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
        if args.again:
            with django.db.connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            report(sizes[-1], 0, summarize())
            return
        call_command("load_demo", verbosity=0)
        made = 0
        for size in sizes:
            started = time.monotonic()
            from tryghed.demo.generate import generate

            generate(size - made, seed=size)
            generated = time.monotonic() - started
            made = size
            with django.db.connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            report(size, generated, summarize())
    finally:
        django.db.connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.db}")


def summarize():
    """Build the monthly summary the sweep keeps; returns the seconds it took."""
    from tryghed.stats import summary

    started = time.monotonic()
    summary.build()
    return time.monotonic() - started


def report(size, generated, summarized):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tryghed.accounts.models import User
    from tryghed.demo.seed import DEMO_DOMAIN
    from tryghed.incidents.models import Incident

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=f"direktion@{DEMO_DOMAIN}"))
    total = Incident.objects.count()
    print(
        f"{size:>9,} generated ({total:,} in all; generated in {generated:.0f} s, "
        f"summary built in {summarized:.1f} s)"
    )
    # The default page reads the summary; chosen dates (not whole months) count the episodes.
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    chosen = CHOSEN_DATES.format(start=today - timedelta(days=364), end=today)
    for name, url in [("summary", "/overblik/"), ("episodes", chosen)]:
        client.get(url)  # warm-up
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        used = "Tallene for hele kommunen er talt" in response.content.decode()
        assert used == (name == "summary"), name
        print(
            f"    dashboard from the {name}: median {statistics.median(times):.0f} ms, "
            f"slowest {max(times):.0f} ms, {len(queries)} queries"
        )
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[
        : int(os.environ.get("SHOW_QUERIES", "5"))
    ]
    for query in slowest:
        print(f"    {float(query['time']) * 1000:6.0f} ms  {query['sql'][:110]}")


if __name__ == "__main__":
    main()
