"""Every main page, served as in production, against the framework's floor, at 10k and 1M episodes.

What it does, from the repository root:

    uv run python benchmarks/pages.py [--counts 10000,1000000] [--duration 10] [--db NAME]
        [--port 8201] [--keep] [--again]

1. Creates a throwaway PostgreSQL database (default tryghed_bench_pages on 127.0.0.1, user
   postgres), migrates it and loads the demo.
2. Writes a bare one-view Django app (no apps, no middleware, no database) to a temporary folder
   and serves it with uvicorn, one process: the floor, what any Django page costs here.
3. For each count: generates episodes up to it with the demo's bulk generator
   (`tryghed.demo.generate`, as `manage generate_episodes`), runs VACUUM ANALYZE, builds the
   statistics summary as the worker's sweep would, once the newest report is older than the
   summary's margin (so that the overview's live tail is empty at every count, as it mostly is
   between reports: at 10,000 this waits up to two minutes for the demo's newest reports), and
   starts `tryghed serve --workers 1` (DEMO on, DEBUG off).
4. Logs in as each role through the demo's login form (GET the login page for the CSRF cookie,
   POST the form), then measures each page with `wrk -t1 -c4 -d<duration>s --latency` and the
   session cookie, the floor measured right before each page (floor, page, floor, page, …),
   so the ratio floor req/s ÷ page req/s holds even when other work shares the machine.
5. Counts each page's queries in this process (Django's test client, same login form, the
   second request of two).

Prints one table: per page its queries, req/s, p50, p99 and ratio at each count, and how much
the ratio grew from the first count to the last. Goal (issue 17): every page at most 8x the
floor at 10k, and the 1M ratio at most 1.3x the 10k ratio. Needs `wrk` (Debian: apt-get install
wrk). --keep keeps the database; --again measures a kept one, growing it to the counts given (a
count it already holds is measured as it is).
"""

import argparse
import http.client
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
import national  # noqa: E402

DOMAIN = "demo.ishoj.dk"

# (name, who logs in (the local part of a demo login's address) or None, path)
PAGES = [
    ("front page (employee)", "medarbejder", "/"),
    ("quick report (GET)", "medarbejder", "/registrer/"),
    ("Mine episoder (employee)", "medarbejder", "/episoder/"),
    ("case page (manager)", "leder", "/episoder/{case}/"),
    ("case follow-up (manager)", "leder", "/episoder/{case}/opfoelgning/"),
    ("task list (manager)", "leder", "/opgaver/"),
    ("overview, HR", "hr", "/overblik/"),
    ("overview, unit manager", "leder", "/overblik/"),
    ("overview, center head", "centerchef", "/overblik/"),
    ("lyn-guide (logged out)", None, "/lyn-guide/"),
]

FLOOR = textwrap.dedent(
    '''
    """A bare Django app: one view, no apps, no middleware, no database."""
    from django.core.asgi import get_asgi_application
    from django.http import HttpResponse
    from django.urls import path

    DEBUG = False
    SECRET_KEY = "floor"
    ALLOWED_HOSTS = ["127.0.0.1"]
    ROOT_URLCONF = __name__
    INSTALLED_APPS = []
    MIDDLEWARE = []
    DATABASES = {}
    USE_TZ = True


    def page(request):
        return HttpResponse("<!doctype html><title>Floor</title><p>Hello</p>")


    urlpatterns = [path("", page)]
    application = get_asgi_application()
    '''
)


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for_port(port, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server exited at start (code {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port} within {seconds} s")


def start(command, port, cwd, env, log):
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    wait_for_port(port, process)
    return process


def stop(process):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_floor(work, port):
    (work / "floorsite.py").write_text(FLOOR)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "floorsite", "PYTHONPATH": str(work)}
    command = [sys.executable, "-m", "uvicorn", "floorsite:application", "--port", str(port)]
    command += ["--workers", "1", "--log-level", "warning", "--no-access-log"]
    return start(command, port, work, env, open(work / "floor.log", "w"))


def start_project(work, port):
    env = {**os.environ}
    env.pop("DEBUG", None)
    command = [sys.executable, "-m", "tryghed.cli", "serve", "--port", str(port), "--workers", "1"]
    return start(command, port, REPO, env, open(work / "project.log", "a"))


# Logging in over HTTP, as a browser does.


def cookies_of(response, jar):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar):
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def request(port, method, path, jar, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": cookie_header(jar)}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}/konto/login/"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    cookies_of(response, jar)
    connection.close()
    return response


def log_in(port, local):
    """The session cookies of a demo login made through the login page's form."""
    jar = {}
    request(port, "GET", "/konto/login/", jar)
    body = urlencode({"csrfmiddlewaretoken": jar["csrftoken"], "email": f"{local}@{DOMAIN}"})
    response = request(port, "POST", "/demo-login/", jar, body)
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"logging in as {local} answered {response.status}")
    return jar


# Measuring.


def wrk(port, path, jar, duration):
    command = ["wrk", "-t1", "-c4", f"-d{duration}s", "--latency", "--timeout", "30s"]
    if jar:
        command += ["-H", f"Cookie: {cookie_header(jar)}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{path}: {bad.group(1)} answers were not 2xx/3xx\n{output}")
    # A page slower than the whole run completes nothing: no rate, no percentiles.
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(p50.group(1)) if p50 else math.nan,
        "p99": milliseconds(p99.group(1)) if p99 else math.nan,
    }


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def measure(floor_port, port, cases, duration):
    """Each page after a fresh floor measurement; returns {page name: figures}."""
    jars = {local: log_in(port, local) for _, local, _ in PAGES if local}
    results = {}
    for name, local, path in PAGES:
        path = path.format(**cases)
        jar = jars.get(local, {})
        answer = request(port, "GET", path, dict(jar))
        if answer.status != 200:
            raise SystemExit(f"{name}: {path} answered {answer.status}")
        wrk(port, path, jar, 2)  # warm-up
        floor = wrk(floor_port, "/", {}, duration)
        page = wrk(port, path, jar, duration)
        page["floor"] = floor["rps"]
        page["ratio"] = floor["rps"] / page["rps"] if page["rps"] else math.inf
        page["load"] = os.getloadavg()[0]
        results[name] = page
        print(
            f"    {name:<28} {page['rps']:8.1f} req/s  p50 {page['p50']:7.1f} ms  "
            f"p99 {page['p99']:7.1f} ms  floor {floor['rps']:7.0f} req/s  "
            f"ratio {page['ratio']:5.1f}x  (load {page['load']:.1f})",
            flush=True,
        )
    return results


def count_queries(cases):
    """Queries per page, in this process: the test client logs in through the same form."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    clients = {}
    for name, local, path in PAGES:
        if local not in clients:
            client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
            if local:
                client.get("/konto/login/")
                token = client.cookies["csrftoken"].value
                data = {"csrfmiddlewaretoken": token, "email": f"{local}@{DOMAIN}"}
                assert client.post("/demo-login/", data).status_code == 302, local
            clients[local] = client
        url = path.format(**cases)
        clients[local].get(url)
        with CaptureQueriesContext(connection) as queries:
            response = clients[local].get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


# The data.


def choose_case():
    """The manager's newest demo case with follow-up tasks (the demo's, not a generated one)."""
    from tryghed.accounts.models import User
    from tryghed.followup.models import FollowUpTask
    from tryghed.incidents.models import Incident

    manager = User.objects.get(email=f"leder@{DOMAIN}")
    visible = Incident.objects.visible_to(manager)
    task = FollowUpTask.objects.filter(incident__in=visible).order_by("-incident_id").first()
    return {"case": task.incident_id}


def grow_to(count, demo):
    """Generate episodes until `count` exist beyond the demo's `demo`, then VACUUM ANALYZE and
    build the statistics summary; returns (seconds generating, seconds for the rest, not
    counting a wait for the summary's margin)."""
    from django.db import connection

    from tryghed.demo.generate import generate
    from tryghed.incidents.models import Incident

    started = time.monotonic()
    missing = count - (Incident.objects.count() - demo)
    if missing > 0:
        generate(missing, seed=count)
    generated = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    waited = build_summary_with_no_tail()
    return generated, time.monotonic() - started - generated - waited


def build_summary_with_no_tail():
    """The summary as the worker's sweep keeps it between reports: holding every episode, so
    that the overview's live tail is empty. A rebuild counts what was reported up to its margin
    before it (summary.MARGIN); the demo's newest reports are seconds old after loading, so at
    small counts this waits for them to pass the margin, and then builds. Returns the seconds
    it waited."""
    from django.db.models import Max
    from django.utils import timezone

    from tryghed.incidents.models import Incident
    from tryghed.stats import summary

    wait = 0
    now = timezone.now()
    newest = Incident.objects.aggregate(newest=Max("reported_at"))["newest"]
    if newest is not None and newest > now:
        raise SystemExit(f"an episode is reported in the future ({newest}): the data is wrong")
    if newest is not None:
        # Counted when the newest report lies before where the summary's counting ends.
        wait = max(0, (newest - summary.counted_before(now)).total_seconds() + 1)
        if wait:
            print(f"waiting {wait:.0f} s for the newest report to pass the summary's margin")
            time.sleep(wait)
    summary.build()
    return wait


def demo_episodes(db, fresh):
    """How many episodes the demo made: counted after loading it, and kept as the database's
    comment so that a kept database (--keep, then --again) can grow further."""
    from django.db import connection

    from tryghed.incidents.models import Incident

    with connection.cursor() as cursor:
        if fresh:
            demo = Incident.objects.count()
            cursor.execute(f"COMMENT ON DATABASE {db} IS 'demo episodes: {demo}'")
            return demo
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        return int(cursor.fetchone()[0].rsplit(" ", 1)[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="10000,1000000")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--db", default="tryghed_bench_pages")
    parser.add_argument("--port", type=int, default=0, help="the project's port (floor: +1)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--again", action="store_true", help="measure a kept database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")
    counts = [int(c) for c in args.counts.split(",")]
    # Stopped with SIGTERM, it still stops its servers and drops its database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = args.port or free_port()
    floor_port = port + 1 if args.port else free_port()
    if not args.again:
        psql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
        psql(f"CREATE DATABASE {args.db}")
    work = Path(tempfile.mkdtemp(prefix="tryghed-pages-bench-"))
    national.environment(args.db, work)  # the settings of every benchmark's servers
    import django

    django.setup()
    from django.core.management import call_command

    floor = project = None
    table = {}
    try:
        call_command("migrate", verbosity=0)
        from tryghed.incidents.models import Incident

        if not args.again:
            call_command("load_demo", verbosity=0)
        demo = demo_episodes(args.db, fresh=not args.again)
        cases = choose_case()
        floor = start_floor(work, floor_port)
        for count in counts:
            generated, summarized = grow_to(count, demo)
            total = Incident.objects.count()
            print(
                f"{count:,} generated ({total:,} episodes in all; generating took "
                f"{generated:.0f} s, VACUUM ANALYZE and the summary {summarized:.0f} s)",
                flush=True,
            )
            queries = count_queries(cases)
            django.db.connections.close_all()
            project = start_project(work, port)
            figures = measure(floor_port, port, cases, args.duration)
            stop(project)
            project = None
            for name, page in figures.items():
                page["queries"] = queries[name]
            table[count] = figures
        print_table(table, args.duration)
        errors = server_errors(work / "project.log")
        print(f"\nserver log: {errors or 'no errors or tracebacks'}")
    finally:
        stop(project)
        stop(floor)
        django.db.connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_errors(log):
    """What the project's server logged as errors while measured: a count and the first one."""
    text = log.read_text(errors="replace") if log.exists() else ""
    found = re.findall(r"^(?:ERROR|Traceback|\w*(?:Error|Exception)\b)[^\n]*", text, flags=re.M)
    if not found:
        return ""
    first = text[text.index(found[0]) :][:3000]
    return f"{len(found)} error lines; the first:\n{first}"


def print_table(table, duration):
    counts = list(table)
    head = "| page | queries |" + "".join(
        f" {c:,}: req/s | p50 ms | p99 ms | ratio |" for c in counts
    )
    if len(counts) > 1:
        head += f" ratio {counts[-1]:,} / {counts[0]:,} |"
    print(
        f"\nwrk -t1 -c4 -d{duration}s, one uvicorn worker each; ratio = floor req/s / page req/s\n"
    )
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for name, _, _ in PAGES:
        rows = [table[c][name] for c in counts]
        queries = "/".join(str(q) for q in dict.fromkeys(r["queries"] for r in rows))
        line = f"| {name} | {queries} |"
        for r in rows:
            line += f" {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['ratio']:.1f}x |"
        if len(counts) > 1:
            line += f" {rows[-1]['ratio'] / rows[0]['ratio']:.2f} |"
        print(line)
    floors = [r["floor"] for c in counts for r in table[c].values()]
    loads = [r["load"] for c in counts for r in table[c].values()]
    print(
        f"\nfloor: {min(floors):.0f}-{max(floors):.0f} req/s; load average (1 min) "
        f"{min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
