"""The statistics summary's rebuild (`stats.summary.build`, what the worker's sweep runs) at
national scale: its time, its rows and the peak memory of the process that runs it.

Usage, from the repository root:

    uv run python benchmarks/summary_build.py [--employees 500000]
        [--episodes 200000,1000000,2000000] [--before REV] [--db summary_bench] [--keep]

Builds a throwaway PostgreSQL database (127.0.0.1, user postgres) with benchmarks/national.py's
generation (98 municipalities on a Zipf curve, units of ~35 employees, episodes in proportion
to each unit's employees over 3 years, with their affected person, acts, triggers and tasks),
then for each count of episodes (added to reach it; VACUUM ANALYZE after) runs `build()` in a
fresh process and prints its seconds, the rows it wrote and the process's peak resident memory
(getrusage's ru_maxrss) beside its memory before the build (Django loaded, connected).

--before REV also runs the build of the summary.py at git revision REV (e.g. the one before the
rebuild counted in the database), at the first count only (it holds every row in memory).
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import national  # noqa: E402  (its generation functions; nothing runs on import)


def summary_module(revision):
    """tryghed.stats.summary, or its source at git `revision` loaded as a module."""
    from tryghed.stats import summary

    if not revision:
        return summary
    import types

    source = subprocess.run(
        ["git", "show", f"{revision}:tryghed/stats/summary.py"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("tryghed.stats.summary_before")
    module.__file__ = f"{revision}:tryghed/stats/summary.py"
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def measure(revision):
    """In a fresh process: one build, as JSON on stdout."""
    import django

    django.setup()
    from django.db import connection

    from tryghed.stats.models import MonthlyCount

    module = summary_module(revision)
    connection.ensure_connection()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    rows = module.build()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": rows,
                "stored": MonthlyCount.objects.count(),
                "seconds": round(seconds, 1),
                "rss_before_mb": round(rss_before),
                "peak_rss_mb": round(peak),
            }
        )
    )


def build_once(revision):
    command = [sys.executable, __file__, "--measure"]
    if revision:
        command += ["--revision", revision]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=500_000)
    parser.add_argument("--episodes", default="200000,1000000,2000000")
    parser.add_argument("--before", default="", help="also time summary.py at this git revision")
    parser.add_argument("--db", default="summary_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--revision", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.revision)
    work = Path(tempfile.mkdtemp(prefix="tryghed-summary-"))
    (work / "var" / "static").mkdir(parents=True)
    national.environment(args.db, work)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    results = []
    try:
        national.psql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
        national.psql(f"CREATE DATABASE {args.db}")
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        national.build_organisation(args.employees)
        units = national.sql("SELECT count(*) FROM gen_leaf")[0][0]
        national.say(f"{national.MUNICIPALITIES} municipalities, {units:,} units")
        have = 0
        for n, target in enumerate(int(count) for count in args.episodes.split(",")):
            national.add_episodes(target - have, 0.42 + n / 100)
            have = target
            connections.close_all()
            national.psql("VACUUM ANALYZE", args.db)
            episodes = national.sql("SELECT count(*) FROM incidents_incident")[0][0]
            for revision in [args.before] if args.before and n == 0 else []:
                result = {"episodes": episodes, "summary.py": revision, **build_once(revision)}
                national.say(json.dumps(result))
                results.append(result)
            result = {"episodes": episodes, "summary.py": "this checkout", **build_once("")}
            national.say(json.dumps(result))
            results.append(result)
    finally:
        connections.close_all()
        if not args.keep:
            national.psql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{'episodes':>10} {'summary.py':>14} {'rows':>12} {'seconds':>8} {'peak RSS':>9}")
    for r in results:
        print(
            f"{r['episodes']:>10,} {r['summary.py'][:14]:>14} {r['stored']:>12,} "
            f"{r['seconds']:>8.1f} {r['peak_rss_mb']:>6} MB  (before the build "
            f"{r['rss_before_mb']} MB)"
        )


if __name__ == "__main__":
    main()
