"""The HR overview of a 45,000-person municipality at 10,000 and at 500,000 episodes, with the
statistics summary built (as production reads it): docs/scale.md, "The HR overview".

    uv run python benchmarks/hr_overview.py build [--prefix hr_overview] [--episodes 500000]
    uv run python benchmarks/hr_overview.py measure [--prefix hr_overview] [--port 8640]
    uv run python benchmarks/hr_overview.py drop [--prefix hr_overview]

`build` makes PREFIX_small (10,000 episodes) and PREFIX_big with benchmarks/national.py's
generation, but five municipalities of 45,000, 40,000, 35,000, 2,405 and 2,100 employees, so the
largest has ~36% of the episodes (~180,000 of 500,000: Copenhagen's 9% of 2,000,000). It then
builds the summary with `stats.summary.build()`, as the worker's sweep does.
`measure` times the overview of the largest municipality's HR adviser in this process (median
of 7, queries) at both sizes, then serves each database (`tryghed serve --workers 1`, ports
PORT and PORT+1) and runs `wrk -t1 -c4 -d10s` twice, small and big interleaved."""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national

SIZES = [45000, 40000, 35000, 2405, 2100]


def setup(db):
    work = Path(tempfile.mkdtemp(prefix="tryghed-hr-overview-"))
    # The summary is filled once here; the sweep does not run to keep it fresh.
    national.environment(db, work, STATS_SUMMARY_MINUTES="1000000")
    import django

    django.setup()
    return work


def fill_summary(db):
    from django.db import connection

    from tryghed.stats import summary

    national.use_db(db)
    started = time.monotonic()
    rows_written = summary.build()  # counted and written by the database, in bounded memory
    connection.close()
    national.psql("VACUUM ANALYZE", db)
    national.say(f"  {db}: summary of {rows_written:,} rows ({time.monotonic() - started:.0f} s)")


def build(args, small, big):
    national.SMALL, national.BIG = small, big
    national.sizes = lambda employees: SIZES
    national.MUNICIPALITIES = len(SIZES)
    build_args = argparse.Namespace(
        employees=sum(SIZES), small=10_000, episodes=args.episodes, summary=False
    )
    national.build(build_args)
    for db in (small, big):
        fill_summary(db)
    chosen = national.pick(small, 2405)["largest"]
    Path(tempfile.gettempdir(), f"{args.prefix}.json").write_text(json.dumps(chosen))


def in_process(db, session, runs=7):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    national.use_db(db)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session
    if client.get("/overblik/").status_code != 200:
        raise SystemExit("the overview did not answer 200")
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get("/overblik/")
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": times[len(times) // 2], "min": times[0], "queries": len(queries)}


def measure(args, small, big, work):
    who = json.loads(Path(tempfile.gettempdir(), f"{args.prefix}.json").read_text())
    sessions = {}
    for db in (small, big):
        national.use_db(db)
        sessions[db] = national.session_for(who["hr"])
    for db in (small, big):
        print(f"{db}, in process: {in_process(db, sessions[db])}", flush=True)
    from django.db import connections

    connections.close_all()
    ports = {small: args.port, big: args.port + 1}
    servers = {db: national.start_serve(db, ports[db], 1, work) for db in (small, big)}
    try:
        runs = {small: [], big: []}
        for db in (small, big):
            national.wrk(ports[db], "/overblik/", sessions[db], 2)  # warm-up
        for _round in range(2):
            for db in (small, big):
                runs[db].append(national.wrk(ports[db], "/overblik/", sessions[db], 10))
        for db, found in runs.items():
            print(
                f"{db}, wrk -t1 -c4 -d10s x2: {sum(r['rps'] for r in found) / 2:.1f} req/s, "
                f"p50 {sum(r['p50'] for r in found) / 2:.0f} ms, "
                f"p99 {max(r['p99'] for r in found):.0f} ms; load {os.getloadavg()[0]:.1f}"
            )
    finally:
        for server in servers.values():
            national.stop(server)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["build", "measure", "drop"])
    parser.add_argument("--prefix", default="hr_overview")
    parser.add_argument("--episodes", type=int, default=500_000)
    parser.add_argument("--port", type=int, default=8640)
    args = parser.parse_args()
    small, big = f"{args.prefix}_small", f"{args.prefix}_big"
    if args.step == "drop":
        for db in (small, big):
            national.psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        return
    work = setup(small)
    if args.step == "build":
        build(args, small, big)
    else:
        measure(args, small, big, work)


if __name__ == "__main__":
    main()
