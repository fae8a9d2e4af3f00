"""The overview for the executives (the whole municipality), a unit manager (Borgerservice, 28%
of the generated episodes) and a center head (Sundhed og Omsorg, 40%), measured on PostgreSQL.

Prints, with 10,000 and with 1,000,000 generated episodes (plus the demo's 400):
- for each of them, the dashboard's server time (Django's test client, in process: median and
  slowest of 5, after one warm-up request), its number of queries, and whether the summary gave
  the figures (with its live tail); for the default page (the last 12 months, whole months)
  and for the same 12 months as chosen dates to the day (not whole months: counted live);
- how long `generate_episodes` and the summary's rebuild took.

It creates a throwaway PostgreSQL database (default tryghed_bench_overview on 127.0.0.1, user
postgres) and drops it at the end. Usage, from the repository root:

    uv run python benchmarks/overview.py [--sizes 10000,1000000] [--db NAME] [--keep]
        [--checkout /work/main]

--checkout measures the code of another checkout (say, main before a change) with this script.
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
# Who is measured: (label, the demo login's local part).
VIEWERS = [("executive", "direktion"), ("unit manager", "leder"), ("center head", "centerchef")]
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
    parser.add_argument("--checkout", help="measure the code of this checkout instead")
    args = parser.parse_args()
    if args.checkout:
        sys.path.insert(0, str(Path(args.checkout).resolve()))
    sizes = [int(size) for size in args.sizes.split(",")]
    if not args.again:
        psql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
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
            # FORCE: the connection pool may still hold connections.
            psql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")


def summarize():
    """Build the monthly summary the sweep keeps; returns the seconds it took."""
    from tryghed.stats import summary

    started = time.monotonic()
    summary.build()
    return time.monotonic() - started


def logged_in(user):
    """A test client logged in as `user` with a second factor, as allauth records a code from
    the authenticator app (everyone who sees statistics must use one)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time(), "type": "totp"}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def report(size, generated, summarized):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tryghed.accounts.models import User
    from tryghed.demo.seed import DEMO_DOMAIN
    from tryghed.incidents.models import Incident

    total = Incident.objects.count()
    print(
        f"{size:>9,} generated ({total:,} in all; generated in {generated:.0f} s, "
        f"summary built in {summarized:.1f} s)"
    )
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    chosen = CHOSEN_DATES.format(start=today - timedelta(days=364), end=today)
    slowest = []
    for label, local in VIEWERS:
        client = logged_in(User.objects.get(email=f"{local}@{DEMO_DOMAIN}"))
        for name, url in [("default page", "/overblik/"), ("chosen dates", chosen)]:
            client.get(url)  # warm-up
            times = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            # The page says when the summary it read was counted.
            used = "er talt kl." in response.content.decode()
            print(
                f"    {label:<12} {name:<12}: median {statistics.median(times):5.0f} ms, "
                f"slowest {max(times):5.0f} ms, {len(queries)} queries, "
                f"summary {'used' if used else 'not used'}"
            )
            slowest += [(label, name, q) for q in queries.captured_queries]
    slowest.sort(key=lambda item: -float(item[2]["time"]))
    for label, name, query in slowest[: int(os.environ.get("SHOW_QUERIES", "5"))]:
        print(f"    {float(query['time']) * 1000:6.0f} ms  {label}, {name}: {query['sql'][:90]}")


if __name__ == "__main__":
    main()
