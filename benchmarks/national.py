"""National scale: 98 municipalities, ~500,000 employees and 2,000,000 episodes on PostgreSQL,
measured beside the same organisation with 10,000 episodes, in one run (issue 19, point 7).

Usage, from the repository root:

    uv run python benchmarks/national.py [--employees 500000] [--episodes 2000000]
        [--small 10000] [--duration 10] [--port 8620] [--keep] [--again]

1. Builds two throwaway PostgreSQL databases (national_small, national_big on 127.0.0.1, user
   postgres): migrate and the demo (for the shared lists, case templates and guidance), then 98
   generated municipalities with set-based SQL (INSERT ... SELECT generate_series): sizes on a
   Zipf curve from the largest (9% of all employees: Copenhagen's ~45,000 of 500,000) down, a
   tree of centers and units of ~35 employees, a manager per unit, a center head per center,
   two executives and three HR advisers at each root. The big database is a copy of the small
   one (CREATE DATABASE ... TEMPLATE), so both have the same people and units; then episodes
   go into each, in proportion to each unit's employees: 3 years back, the demo's kinds, acts,
   triggers and places; the affected person; the follow-up tasks of the case template (with
   their assignees: the unit's manager or the center head) for every open episode and every
   episode reported in the last 90 days (older closed episodes have no task rows: see
   docs/scale.md); then the statistics summary (as the worker's sweep builds it) and VACUUM
   ANALYZE.
2. Serves each database with `tryghed serve --workers 1` (ports --port and --port+1) and, for
   the municipality nearest Ishøj's size (~0.5% of employees) and for the largest, measures the
   manager's start page, the case page (an open case of the manager's unit, with tasks), the
   overview for HR and the quick report (GET) with `wrk -t1 -c4`, small and big interleaved
   (small, big, small, big); counts each page's queries in this process at both sizes.
3. The quick report posted (POST /registrer/ with a fresh submission_key each, wrk with a Lua
   script) to `tryghed serve --workers 2` on the big database: accepted per second per app
   process (episodes made ÷ seconds ÷ 2), p50, p99; the resident memory of each app process.
4. Kills one of the two app processes (SIGKILL) while 8 clients post reports, each retrying
   with the same submission_key until answered with the receipt: checks that every key made
   exactly one case and no other case appeared.
5. The alarm fan-out (benchmarks/alarm_fanout.py's measurement: 1,000 responders on WebSockets,
   Redis channel layer, two app processes) in the largest municipality, at both sizes.
6. `tryghed worker --once` on the big database: its time and peak memory; the database sizes.

Prints progress in a few lines and the figures at the end. Needs wrk and Redis
(127.0.0.1:6379). --keep keeps the databases; --again measures kept ones.
"""

import argparse
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
SERVER = "postgres://postgres@127.0.0.1:5432"
SMALL, BIG = "national_small", "national_big"
MUNICIPALITIES = 98
UNIT_SIZE = 35
MEMORY_CAP_MB = 3000
CSRF = secrets.token_hex(16)  # 32 characters: Django takes it unmasked as cookie and field
T0 = time.monotonic()


def say(text):
    print(f"[{time.monotonic() - T0:6.0f} s] {text}", flush=True)


def psql(sql, db="postgres"):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def use_db(name):
    """Point this process's Django connection at another database."""
    from django.db import connection

    connection.close()
    if connection.settings_dict["NAME"] != name:
        connection.close_pool()  # the pool holds connections to the other database
        connection.settings_dict["NAME"] = name
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            if cursor.fetchone()[0] != name:
                raise SystemExit(f"could not switch to {name}")


def sql(statement, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


# The organisation.


def sizes(employees):
    """98 municipality sizes on a Zipf curve: the largest 9% of all, summing to `employees`."""
    largest = 0.09 * employees
    low, high = 0.1, 3.0
    for _ in range(60):
        a = (low + high) / 2
        total = sum(largest * i**-a for i in range(1, MUNICIPALITIES + 1))
        low, high = (a, high) if total > employees else (low, a)
    return [max(20, round(largest * i**-a)) for i in range(1, MUNICIPALITIES + 1)]


def build_organisation(employees):
    """98 municipalities, their units and people, in the current database."""
    from django.db import connection

    rows = []  # code, parent code, name, kind, employees (leaf units only)
    for m, size in enumerate(sizes(employees), start=1):
        root = f"k{m:02d}"
        rows.append((root, None, f"Kommune {m:02d}", "municipality", 0))
        centers = max(2, math.ceil(size / 4000))
        units = max(centers, round(size / UNIT_SIZE))
        for c in range(centers):
            rows.append((f"{root}-c{c}", root, f"Center {c + 1}", "center", 0))
        for u in range(units):
            n = size // units + (1 if u < size % units else 0)
            rows.append(
                (f"{root}-u{u}", f"{root}-c{u % centers}", f"Enhed {u + 1}", "department", n)
            )
    sql(
        "CREATE TABLE gen_unit (code varchar(60), parent varchar(60), name varchar(200), "
        "kind varchar(20), n_emp int)"
    )
    with connection.cursor() as cursor, cursor.copy("COPY gen_unit FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    for kind in ("municipality", "center", "department"):
        sql(
            "INSERT INTO organizations_unit (name, code, kind, risk_level, parent_id) "
            "SELECT g.name, g.code, g.kind, '', p.id FROM gen_unit g "
            "LEFT JOIN organizations_unit p ON p.code = g.parent WHERE g.kind = %s ORDER BY g.code",
            [kind],
        )
    sql(
        "INSERT INTO organizations_municipality (unit_id, police_report_signed_by, "
        "data_controller, privacy_notes, hr_unit_id, logo, hosts) "
        "SELECT id, 'Kommunaldirektøren', '', '', id, '', '' FROM organizations_unit "
        "WHERE code ~ '^k[0-9]{2}$'"
    )
    # Everyone, numbered in the order of their unit: a unit's employees are consecutive ids.
    sql(
        """CREATE TABLE gen_person AS
        SELECT row_number() OVER (ORDER BY u.id, g) AS n, u.id AS unit_id, g AS slot,
               CASE WHEN gu.kind = 'department' THEN (CASE WHEN g = 0 THEN 'manager'
                    ELSE 'employee' END)
                    WHEN gu.kind = 'center' THEN 'manager'
                    WHEN g < 2 THEN 'manager' ELSE 'advisor' END AS role
        FROM gen_unit gu JOIN organizations_unit u ON u.code = gu.code,
        LATERAL generate_series(0, CASE gu.kind WHEN 'department' THEN gu.n_emp
                                    WHEN 'center' THEN 0 ELSE 4 END) g"""
    )
    first = sql("SELECT coalesce(max(id), 0) + 1 FROM accounts_user")[0][0]
    sql(
        """INSERT INTO accounts_user (password, is_superuser, email, name, job_title,
               employment_type, is_active, is_staff, joined_at)
        SELECT '!', false, 'p' || n || '@national.bench', 'Person ' || n, '', 'permanent',
               true, false, now()
        FROM gen_person ORDER BY n"""
    )
    last = sql("SELECT max(id) FROM accounts_user")[0][0]
    people = sql("SELECT count(*) FROM gen_person")[0][0]
    if last - first + 1 != people:
        raise SystemExit("user ids are not consecutive; cannot place people")
    sql(
        "INSERT INTO organizations_membership (role, user_id, unit_id) "
        "SELECT role, %s + n - 1, unit_id FROM gen_person ORDER BY n",
        [first - 1 + 1],
    )
    # Per leaf unit: its root, center, manager, center head and employees' first id.
    sql(
        """CREATE TABLE gen_leaf AS
        WITH f AS (SELECT unit_id, %(first)s + min(n) - 1 AS id FROM gen_person GROUP BY 1)
        SELECT u.id AS unit_id, c.id AS center_id, c.parent_id AS root_id, gu.n_emp,
               fu.id AS manager, fu.id + 1 AS first_emp, fc.id AS head
        FROM gen_unit gu JOIN organizations_unit u ON u.code = gu.code
        JOIN organizations_unit c ON c.id = u.parent_id
        JOIN f fu ON fu.unit_id = u.id JOIN f fc ON fc.unit_id = c.id
        WHERE gu.kind = 'department'""",
        {"first": first},
    )
    sql("CREATE INDEX ON gen_leaf (unit_id)")
    sql("DROP TABLE gen_person")
    return first


def add_episodes(count, seed):
    """`count` episodes spread over the leaf units by their employees, with their related rows."""
    from tryghed.followup.models import CaseTemplate

    sql("SELECT setseed(%s)", [seed])
    total_emp = sql("SELECT sum(n_emp) FROM gen_leaf")[0][0]
    sql("ALTER TABLE gen_leaf ADD COLUMN IF NOT EXISTS n_ep int")
    # Whole episodes per unit, the remainder to random units: exactly `count`.
    sql("UPDATE gen_leaf SET n_ep = floor(%s::float8 * n_emp / %s)", [count, total_emp])
    rest = count - sql("SELECT sum(n_ep) FROM gen_leaf")[0][0]
    sql(
        "UPDATE gen_leaf SET n_ep = n_ep + 1 WHERE unit_id IN "
        "(SELECT unit_id FROM gen_leaf ORDER BY random() LIMIT %s)",
        [rest],
    )
    before = sql("SELECT coalesce(max(id), 0) FROM incidents_incident")[0][0]
    started = time.monotonic()
    sql(
        """INSERT INTO incidents_incident (kind, occurred_at, reported_at, experienced_severity,
            description, place_kind, place, perpetrator_category, other_witnesses, is_injured,
            injury, property_damage, police_called, wants_talk, platform, links, on_own_page,
            harasser_type, is_minor_log, void_reason, submission_key, reported_by_id,
            severity_given_by_id, unit_id, closed_at, absence_days)
        SELECT kind, occ, rep, sev,
            (ARRAY['Borgeren råbte og truede', 'Beboeren slog ud efter mig',
                   'Skældt ud i telefonen', 'Truende opslag om medarbejderen',
                   'Pårørende blev vred ved mødet'])[1 + floor(r3 * 5)::int],
            (ARRAY['reception', 'office', 'meeting_room', 'corridor', 'home', 'outdoors',
                   'phone'])[1 + floor(r4 * 7)::int], '',
            (ARRAY['citizen', 'user', 'relative', 'unknown', ''])[1 + floor(r5 * 5)::int],
            '', injured, '', '', false, '', '', '', false, '', false, '', gen_random_uuid(),
            who, who, unit_id,
            CASE WHEN rep < now() - interval '60 days' AND r6 < 0.97
                      OR rep < now() - interval '30 days' AND r6 < 0.7
                      OR r6 < 0.2
                 THEN least(rep + (2 + floor(r6 * 40)) * interval '1 day', now()) END,
            CASE WHEN injured AND r6 < 0.5 THEN 1 + floor(r6 * 10)::int END
        FROM (
            SELECT l.unit_id, l.first_emp + floor(random() * l.n_emp)::bigint AS who,
                   CASE WHEN x.r1 < 0.35 THEN 'physical' WHEN x.r1 < 0.9 THEN 'psychological'
                        ELSE 'online' END AS kind,
                   x.occ, least(x.occ + random() * interval '2 days', now()) AS rep,
                   1 + floor(x.r2 * 4)::int AS sev, x.r1 < 0.35 AND x.r2 > 0.5 AND x.r3 < 0.4
                   AS injured, x.r3, random() AS r4, random() AS r5, random() AS r6
            FROM gen_leaf l, generate_series(1, l.n_ep) g,
            LATERAL (SELECT random() AS r1, random() AS r2, random() AS r3,
                            now() - interval '30 minutes' - random() * interval '1095 days' AS occ,
                            g AS keep) x
            ORDER BY 5
        ) e"""
    )
    say(f"  {count:,} episodes in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    new = "i.id > %(before)s"
    sql(
        "INSERT INTO incidents_incident_affected (incident_id, user_id) "
        f"SELECT id, reported_by_id FROM incidents_incident i WHERE {new}",
        {"before": before},
    )
    acts = {kind: [] for kind in ("physical", "psychological", "online")}
    for pk, kind in sql("SELECT id, kind FROM incidents_act ORDER BY id"):
        acts.setdefault(kind, []).append(pk)
    sql(
        "INSERT INTO incidents_incident_acts (incident_id, act_id) "
        "SELECT id, CASE kind WHEN 'physical' THEN (%(p)s::bigint[])[1 + floor(random() * "
        "%(np)s)::int] WHEN 'online' THEN (%(o)s::bigint[])[1 + floor(random() * %(no)s)::int] "
        "ELSE (%(s)s::bigint[])[1 + floor(random() * %(ns)s)::int] END "
        f"FROM incidents_incident i WHERE {new}",
        {
            "before": before,
            **{"p": acts["physical"], "o": acts["online"], "s": acts["psychological"]},
            **{
                "np": len(acts["physical"]),
                "no": len(acts["online"]),
                "ns": len(acts["psychological"]),
            },
        },
    )
    triggers = [pk for (pk,) in sql("SELECT id FROM incidents_trigger ORDER BY id")]
    sql(
        "INSERT INTO incidents_incident_triggers (incident_id, trigger_id) "
        "SELECT id, (%(t)s::bigint[])[1 + floor(random() * %(nt)s)::int] "
        f"FROM incidents_incident i WHERE {new} AND random() < 0.6",
        {"before": before, "t": triggers, "nt": len(triggers)},
    )
    say(f"  affected, acts and triggers in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    shared = CaseTemplate.objects.filter(municipality=None, is_active=True)
    every = shared.get(kind="").pk
    online = shared.filter(kind="online").values_list("pk", flat=True).first() or every
    task_before = sql("SELECT coalesce(max(id), 0) FROM followup_followuptask")[0][0]
    sql(
        f"""INSERT INTO followup_followuptask (anchor, offset_days, offset_hours, "order", kind,
            code, title, guidance, assignee, is_required, due_at, escalate_after_days, status,
            completed_at, note, created_at, completed_by_id, incident_id, template_id,
            is_set_by_law)
        SELECT anchor, offset_days, offset_hours, "order", tkind, code, title, guidance,
            assignee, is_required, due, escalate_after_days,
            CASE WHEN done THEN 'done' ELSE 'open' END, CASE WHEN done THEN least(due, now()) END,
            '', rep, CASE WHEN done THEN manager END, iid, tid, is_set_by_law
        FROM (
            SELECT t.anchor, t.offset_days, t.offset_hours, t."order", t.kind AS tkind, t.code,
                t.title, t.guidance, t.assignee, t.is_required, t.escalate_after_days,
                t.is_set_by_law, t.id AS tid, i.id AS iid, i.reported_at AS rep, l.manager,
                (CASE t.anchor WHEN 'episode' THEN i.occurred_at ELSE i.reported_at END)
                  + make_interval(days => t.offset_days, hours => t.offset_hours) AS due,
                i.closed_at IS NOT NULL OR (
                  (CASE t.anchor WHEN 'episode' THEN i.occurred_at ELSE i.reported_at END)
                  + make_interval(days => t.offset_days) < now() - interval '5 days'
                  AND random() < 0.8) AS done
            FROM incidents_incident i
            JOIN gen_leaf l ON l.unit_id = i.unit_id
            JOIN followup_tasktemplate t ON t.case_template_id =
                 CASE WHEN i.kind = 'online' THEN %(online)s ELSE %(every)s END
            WHERE {new} AND (i.closed_at IS NULL OR i.reported_at > now() - interval '90 days')
              AND (t.condition <> 'serious' OR i.experienced_severity >= 3)
            ORDER BY i.id, t."order"
        ) x""",
        {"before": before, "online": online, "every": every},
    )
    sql(
        """INSERT INTO followup_followuptask_assignees (followuptask_id, user_id)
        SELECT t.id, CASE WHEN t.assignee = 'center_head' THEN l.head ELSE l.manager END
        FROM followup_followuptask t JOIN incidents_incident i ON i.id = t.incident_id
        JOIN gen_leaf l ON l.unit_id = i.unit_id WHERE t.id > %s""",
        [task_before],
    )
    tasks = sql("SELECT count(*) FROM followup_followuptask WHERE id > %s", [task_before])[0][0]
    say(f"  {tasks:,} follow-up tasks and their assignees in {time.monotonic() - started:.0f} s")


def finish(db, with_summary):
    """The statistics summary, as the worker's sweep builds it (if asked), then VACUUM ANALYZE."""
    from django.db import connection

    from tryghed.stats import summary

    started = time.monotonic()
    if with_summary:
        rows = summary.build()
        say(f"  {db}: summary of {rows:,} rows")
    built = time.monotonic() - started
    connection.close()
    started = time.monotonic()
    psql("VACUUM ANALYZE", db)
    say(f"  {db}: summary {built:.0f} s, VACUUM ANALYZE {time.monotonic() - started:.0f} s")


def build(args):
    from django.core.management import call_command

    for db in (SMALL, BIG):
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    psql(f"CREATE DATABASE {SMALL}")
    use_db(SMALL)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    say(f"migrated, demo loaded ({time.monotonic() - started:.0f} s)")
    started = time.monotonic()
    build_organisation(args.employees)
    people = sql("SELECT count(*) FROM accounts_user WHERE email LIKE '%%@national.bench'")[0][0]
    units = sql("SELECT count(*) FROM gen_leaf")[0][0]
    say(
        f"{MUNICIPALITIES} municipalities, {units:,} units, {people:,} people "
        f"({time.monotonic() - started:.0f} s)"
    )
    from django.db import connection, connections

    connections.close_all()
    connection.close_pool()
    # The demo's loading leaves connections of other threads open; they are ours.
    psql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{SMALL}' AND pid <> pg_backend_pid()"
    )
    psql(f"CREATE DATABASE {BIG} TEMPLATE {SMALL}")
    total = time.monotonic()
    for db, count in ((SMALL, args.small), (BIG, args.episodes)):
        use_db(db)
        say(f"{db}: {count:,} episodes")
        add_episodes(count, 0.42)
        finish(db, args.summary)
    say(f"episodes generated in {time.monotonic() - total:.0f} s (both databases)")


# Who is measured.


def pick(db, ishoej_size):
    """In both databases (same people): for the municipality nearest Ishøj's size and for the
    largest, its HR adviser, a unit manager with open cases and one employee."""
    use_db(db)
    rows = sql(
        """SELECT r.id, r.name, sum(l.n_emp) FROM gen_leaf l JOIN organizations_unit r
           ON r.id = l.root_id GROUP BY 1, 2 ORDER BY 3 DESC"""
    )
    largest = rows[0]
    ishoej = min(rows, key=lambda row: abs(row[2] - ishoej_size))
    chosen = {}
    for label, (root, name, employees) in (("Ishøj-size", ishoej), ("largest", largest)):
        hr = sql(
            "SELECT user_id FROM organizations_membership WHERE unit_id = %s AND role = 'advisor' "
            "ORDER BY user_id LIMIT 1",
            [root],
        )[0][0]
        # The unit with the most cases with tasks in the small database (the big one has
        # some in every unit) decides the manager: the same person at both sizes.
        unit, manager, employee = sql(
            """SELECT l.unit_id, l.manager, l.first_emp FROM gen_leaf l
               WHERE l.root_id = %s ORDER BY (SELECT count(DISTINCT t.incident_id)
               FROM followup_followuptask t JOIN incidents_incident i ON i.id = t.incident_id
               WHERE i.unit_id = l.unit_id) DESC, l.unit_id LIMIT 1""",
            [root],
        )[0]
        chosen[label] = {
            "root": root,
            "name": name,
            "employees": employees,
            "hr": hr,
            "unit": unit,
            "manager": manager,
            "employee": employee,
        }
    return chosen


def case_of(unit):
    """The newest open case of the unit with open tasks (a closed one if none is open)."""
    rows = sql(
        """SELECT i.id FROM incidents_incident i WHERE i.unit_id = %s AND EXISTS
           (SELECT 1 FROM followup_followuptask t WHERE t.incident_id = i.id AND t.status = 'open')
           ORDER BY i.id DESC LIMIT 1""",
        [unit],
    ) or sql(
        """SELECT i.id FROM incidents_incident i WHERE i.unit_id = %s AND EXISTS
           (SELECT 1 FROM followup_followuptask t WHERE t.incident_id = i.id)
           ORDER BY i.id DESC LIMIT 1""",
        [unit],
    )
    return rows[0][0]


def session_for(user_id):
    from django.contrib.sessions.backends.db import SessionStore

    from tryghed.accounts.models import User
    from tryghed.accounts.second_factor import DEMO_LOGIN_SESSION_KEY

    person = User.objects.get(pk=user_id)
    session = SessionStore()
    # As the demo's one-click login marks it: no second factor asked (TRYGHED_DEMO is on).
    session[DEMO_LOGIN_SESSION_KEY] = person.pk
    session["_auth_user_id"] = str(person.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = person.get_session_auth_hash()
    session.create()
    return session.session_key


def pages_of(who, case):
    return [
        ("manager's start page", who["manager"], "/"),
        ("case page", who["manager"], f"/episoder/{case}/"),
        ("overview, HR", who["hr"], "/overblik/"),
        ("quick report (GET)", who["employee"], "/registrer/"),
    ]


def count_queries(path, session):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} in process")
    return len(queries)


# Servers and load.


def start_serve(db, port, workers, work):
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{db}"}
    env.pop("DEBUG", None)
    command = [sys.executable, "-m", "tryghed.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    log = open(work / f"serve-{db}-{port}.log", "a")  # noqa: SIM115 (the server's to keep)
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"tryghed serve exited (code {process.returncode}); see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/lyn-guide/", timeout=5)
            return process
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    raise SystemExit(f"nothing answered on port {port}")


def stop(process):
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def rss_mb(pid, field="VmRSS"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return math.nan


def app_processes(serve):
    """uvicorn's worker processes under `tryghed serve` (the serve process itself with one)."""
    workers = [child for child in children(serve.pid) if "spawn_main" in cmdline(child)]
    return workers or [serve.pid]


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(port, path, session, duration, script=None, connections=4):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "30s"]
    command += ["-H", f"Cookie: sessionid={session}; csrftoken={CSRF}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{path}: {bad.group(1)} answers were not 2xx/3xx\n{output}")
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": milliseconds(p50.group(1)) if p50 else math.nan,
        "p99": milliseconds(p99.group(1)) if p99 else math.nan,
    }


def measure_pages(args, chosen, work):
    """Each page, small and big interleaved; returns rows for the table."""
    plan = []  # (label, page, path per db, session per db, queries per db)
    for label, who in chosen.items():
        paths, sessions, queries = {}, {}, {}
        for db in (SMALL, BIG):
            use_db(db)
            case = case_of(who["unit"])
            for name, user, path in pages_of(who, case):
                key = (label, name)
                sessions.setdefault(key, {})[db] = session_for(user)
                paths.setdefault(key, {})[db] = path
                queries.setdefault(key, {})[db] = count_queries(path, sessions[key][db])
        for key in paths:
            plan.append((key, paths[key], sessions[key], queries[key]))
    from django.db import connections

    connections.close_all()
    servers = {SMALL: start_serve(SMALL, args.port, 1, work), BIG: None}
    try:
        servers[BIG] = start_serve(BIG, args.port + 1, 1, work)
        ports = {SMALL: args.port, BIG: args.port + 1}
        rows = []
        for key, paths, sessions, queries in plan:
            figures = {SMALL: [], BIG: []}
            for db in (SMALL, BIG):
                status = answer(ports[db], paths[db], sessions[db])
                if status != 200:
                    raise SystemExit(f"{key}: {paths[db]} answered {status} ({db})")
                wrk(ports[db], paths[db], sessions[db], 2)  # warm-up
            for _round in range(2):
                for db in (SMALL, BIG):
                    figures[db].append(wrk(ports[db], paths[db], sessions[db], args.duration))
            row = {"label": key[0], "page": key[1], "queries": queries, "load": os.getloadavg()[0]}
            for db in (SMALL, BIG):
                runs = figures[db]
                row[db] = {
                    "rps": sum(r["rps"] for r in runs) / len(runs),
                    "p50": sum(r["p50"] for r in runs) / len(runs),
                    "p99": max(r["p99"] for r in runs),
                }
            row["ratio"] = row[BIG]["p50"] / row[SMALL]["p50"]
            rows.append(row)
            say(
                f"  {key[0]:<10} {key[1]:<22} 10k p50 {row[SMALL]['p50']:6.1f} ms, "
                f"big p50 {row[BIG]['p50']:6.1f} ms, ratio {row['ratio']:.2f}, "
                f"queries {queries[SMALL]}/{queries[BIG]}"
            )
        return rows
    finally:
        for server in servers.values():
            stop(server)


LUA = """
local counter = 0
math.randomseed(%(seed)d)
local function hex(n)
  local s = ""
  for _ = 1, n do s = s .. string.format("%%x", math.random(0, 15)) end
  return s
end
request = function()
  counter = counter + 1
  local key = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(12)
  local body = "csrfmiddlewaretoken=%(csrf)s&kind=psychological&when=now&unit=%(unit)d"
    .. "&severity=2&description=Benchmark+episode+nr+" .. counter .. "+" .. hex(6)
    .. "&submission_key=" .. key
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/registrer/", headers, body)
end
"""


def reports_by(user_id):
    return sql("SELECT count(*) FROM incidents_incident WHERE reported_by_id = %s", [user_id])[0][0]


def quick_reports(args, who, work):
    """Throughput of posted quick reports with two app processes, their memory, then the kill."""
    use_db(BIG)
    reporter, unit = who["employee"] + 1, who["unit"]
    session = session_for(reporter)
    script = work / "report.lua"
    script.write_text(LUA % {"seed": 7, "csrf": CSRF, "unit": unit})
    from django.db import connections

    before = reports_by(reporter)
    connections.close_all()
    serve = start_serve(BIG, args.port + 2, 2, work)
    result = {}
    try:
        time.sleep(2)
        workers = app_processes(serve)
        result["rss_idle"] = [rss_mb(pid) for pid in workers]
        wrk(args.port + 2, "/registrer/", session, 3, str(script))  # warm-up
        warm = reports_by(reporter)
        figures = wrk(args.port + 2, "/registrer/", session, args.duration * 3, str(script), 8)
        time.sleep(3)  # the requests in flight when wrk stopped still make their cases
        made = reports_by(reporter) - warm
        result.update(figures)
        result["made"] = made
        result["seconds"] = args.duration * 3
        result["per_process"] = made / result["seconds"] / 2
        result["rss"] = [rss_mb(pid) for pid in app_processes(serve)]
        result["hwm"] = [rss_mb(pid, "VmHWM") for pid in app_processes(serve)]
        connections.close_all()
        # Another reporter: none of wrk's cases can be counted as the kill test's.
        use_db(BIG)
        other = session_for(reporter + 1)
        connections.close_all()
        result["kill"] = kill_test(args, serve, reporter + 1, unit, other)
    finally:
        stop(serve)
    result["before"] = before
    return result


def kill_test(args, serve, reporter, unit, session, clients=8, seconds=20):
    """Clients post reports with fresh keys and retry each key until it is answered with the
    receipt; one app process is killed a few seconds in. Every key must be one case."""
    port = args.port + 2
    keys, lock, stop_at = [], threading.Lock(), time.monotonic() + seconds
    errors = [0]

    def post(key, n):
        body = (
            f"csrfmiddlewaretoken={CSRF}&kind=physical&when=now&unit={unit}&severity=3"
            f"&description=Kill+test+{n}+{key.hex[:6]}&submission_key={key}"
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/registrer/",
            data=body,
            headers={
                "Cookie": f"sessionid={session}; csrftoken={CSRF}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(request, timeout=30)
        except urllib.error.HTTPError as answer:
            return answer.code == 302
        except OSError:
            return False
        return False

    def client(c):
        n = 0
        while time.monotonic() < stop_at:
            key, n = uuid.uuid4(), n + 1
            with lock:
                keys.append(key)
            for _attempt in range(100):
                if post(key, f"{c}-{n}"):
                    break
                with lock:
                    errors[0] += 1
                time.sleep(0.1)

    start_count = reports_by(reporter)
    from django.db import connections

    connections.close_all()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(5)
    victims = app_processes(serve)
    victim = victims[0]
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    for thread in threads:
        thread.join()
    restarted = [pid for pid in app_processes(serve) if pid not in victims]
    found = dict(
        sql(
            "SELECT submission_key, count(*) FROM incidents_incident "
            "WHERE submission_key = ANY(%s) GROUP BY 1",
            [keys],
        )
    )
    made = reports_by(reporter) - start_count
    return {
        "keys": len(keys),
        "one_case": sum(1 for key in keys if found.get(key) == 1),
        "missing": sum(1 for key in keys if key not in found),
        "cases_made": made,
        "failed_attempts": errors[0],
        "killed_after": round(killed_at - (stop_at - seconds), 1),
        "restarted": len(restarted),
    }


def answer(port, path, session):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={session}"}
    )
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def alarm_fanout(db, who, clients, alarms, port):
    """benchmarks/alarm_fanout.py's measurement against this database: a site in the
    municipality with one unit of `clients` responders and one raiser."""
    import alarm_fanout as fan

    from tryghed.accounts.models import User
    from tryghed.alarms.models import Site
    from tryghed.organizations.models import Membership, Unit, UnitKind
    from tryghed.organizations.roles import Role

    use_db(db)
    root = Unit.objects.get(pk=who["root"])
    site_unit = Unit.objects.create(
        name="Rådhuset", code=f"{root.code}-site", kind=UnitKind.SITE, parent=root
    )
    unit = Unit.objects.create(name="Borgerservice", code=f"{root.code}-bs", parent=site_unit)
    Site.objects.create(unit=site_unit, is_town_hall=True)
    people = User.objects.bulk_create(
        User(email=f"alarm{n}@national.bench", name=f"Kollega {n}") for n in range(clients + 1)
    )
    Membership.objects.bulk_create(
        Membership(user=person, unit=unit, role=Role.EMPLOYEE) for person in people
    )
    sessions = [session_for(person.pk) for person in people]
    from django.db import connections

    connections.close_all()
    os.environ["DATABASE_URL"] = f"{SERVER}/{db}"
    ports = iter([port, port + 1])
    fan.free_port = lambda: next(ports)  # our own ports, not any free one
    servers = fan.start_servers(2, True)
    try:
        ports = [port for port, _ in servers]
        first, warm = fan.measure(ports, sessions[0], sessions[1:], alarms, 2)
    finally:
        fan.stop(servers)
    ms = sorted(seconds * 1000 for seconds in warm[0])
    return {
        "p50": ms[len(ms) // 2],
        "p99": ms[max(0, int(len(ms) * 0.99) - 1)],
        "max": ms[-1],
        "receipts": len(ms),
        "first_p99": sorted(first[0])[max(0, int(len(first[0]) * 0.99) - 1)] * 1000,
    }


def worker_once(db, work, timeout):
    """`tryghed worker --once` on the database: seconds and peak resident memory."""
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{db}"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "tryghed.cli", "worker", "--once"],
        cwd=REPO,
        env=env,
        stdout=open(work / "worker.log", "w"),  # noqa: SIM115 (the worker's to keep)
        stderr=subprocess.STDOUT,
    )
    peak = 0.0
    while process.poll() is None and time.monotonic() - started < timeout:
        with contextlib.suppress(OSError):
            peak = max(peak, rss_mb(process.pid, "VmHWM"))
        if peak > MEMORY_CAP_MB:  # a shared machine: stop it before it takes everyone's memory
            break
        time.sleep(0.5)
    finished = process.poll() is not None
    if not finished:
        process.kill()
        process.wait()
    return {"seconds": time.monotonic() - started, "peak_mb": peak, "finished": finished}


# The run.


def environment(db, work, **more):
    """The settings every server and process of a benchmark run is given: the demo's (a login
    without a second factor), plain HTTP, database `db`, files under `work`; nothing of the
    caller's environment leaks in. `more`: further settings."""
    for name in ("DEBUG", "DATABASE_URL", "TRYGHED_VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT"):
        os.environ.pop(name, None)
    os.environ.pop("REDIS_URL", None)
    os.environ.update(
        DATABASE_URL=f"{SERVER}/{db}",
        DJANGO_SETTINGS_MODULE="tryghed.settings",
        TRYGHED_DEMO="true",
        TRYGHED_HTTPS="false",
        TRYGHED_VAR_DIR=str(work / "var"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        LOG_LEVEL="WARNING",
        **more,
    )
    (work / "var" / "static").mkdir(parents=True, exist_ok=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=500_000)
    parser.add_argument("--episodes", type=int, default=2_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--port", type=int, default=8620, help="uses this and the next two")
    parser.add_argument("--alarm-clients", type=int, default=1000)
    parser.add_argument(
        "--summary", action="store_true", help="build the statistics summary (slow: see docs)"
    )
    parser.add_argument("--worker-timeout", type=int, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--again", action="store_true", help="measure kept databases")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="tryghed-national-"))
    environment(SMALL, work, ALARM_CHECK_SECONDS="0", ALARM_REQUESTS_PER_MINUTE="100000")
    import django

    django.setup()
    results = {"args": vars(args)}
    try:
        if not args.again:
            started = time.monotonic()
            build(args)
            results["build_seconds"] = time.monotonic() - started
        chosen = pick(SMALL, 0.0048 * args.employees)
        results["chosen"] = chosen
        # For `hr_overview.py measure --prefix national` on databases kept with --keep.
        Path(tempfile.gettempdir(), "national.json").write_text(json.dumps(chosen["largest"]))
        for label, who in chosen.items():
            say(f"{label}: {who['name']}, {who['employees']:,} employees")
        use_db(BIG)
        results["episodes"] = {
            db: (use_db(db), sql("SELECT count(*) FROM incidents_incident")[0][0])[1]
            for db in (SMALL, BIG)
        }
        say("pages (small and big interleaved)")
        results["pages"] = measure_pages(args, chosen, work)
        say("quick reports posted, two app processes")
        results["reports"] = quick_reports(args, chosen["largest"], work)
        say(f"  {json.dumps(results['reports'], default=str)}")
        results["alarms"] = {}
        for db in (SMALL, BIG):
            say(f"alarm fan-out, {db}")
            results["alarms"][db] = alarm_fanout(
                db, chosen["largest"], args.alarm_clients, 5, args.port + 3
            )
            say(f"  {results['alarms'][db]}")
        say("tryghed worker --once, big database")
        results["worker"] = worker_once(BIG, work, args.worker_timeout)
        use_db(BIG)
        results["sizes"] = {
            db: sql("SELECT pg_database_size(%s)", [db])[0][0] / 2**20 for db in (SMALL, BIG)
        }
        results["tables"] = sql(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname IN "
            "('accounts_user', 'organizations_unit', 'incidents_incident', "
            "'followup_followuptask', 'followup_followuptask_assignees', 'stats_monthlycount')"
        )
        report(results)
        (Path(tempfile.gettempdir()) / "national-last.json").write_text(
            json.dumps(results, default=str, indent=1)
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            for db in (SMALL, BIG):
                psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


def report(results):
    print(
        "\n| municipality | page | queries 10k / big | 10k: req/s, p50, p99 ms | "
        "big: req/s, p50, p99 ms | p50 big / 10k |"
    )
    print("|---|---|---|---|---|---|")
    for row in results["pages"]:
        s, b = row[SMALL], row[BIG]
        print(
            f"| {row['label']} | {row['page']} | {row['queries'][SMALL]} / {row['queries'][BIG]} "
            f"| {s['rps']:.0f}, {s['p50']:.1f}, {s['p99']:.1f} "
            f"| {b['rps']:.0f}, {b['p50']:.1f}, {b['p99']:.1f} | {row['ratio']:.2f} |"
        )
    r = results["reports"]
    print(
        f"\nquick reports: {r['made']} made in {r['seconds']} s by 2 app processes = "
        f"{r['per_process']:.1f} per second per process; p50 {r['p50']:.0f} ms, "
        f"p99 {r['p99']:.0f} ms (wrk -c8)"
    )
    mb = lambda values: ", ".join(f"{m:.0f}" for m in values)  # noqa: E731
    print(
        f"app processes RSS: idle {mb(r['rss_idle'])} MB; after load {mb(r['rss'])} MB "
        f"(peak {mb(r['hwm'])})"
    )
    print(f"kill test: {r['kill']}")
    for db, a in results["alarms"].items():
        print(
            f"alarm fan-out {db}: p50 {a['p50']:.0f} ms, p99 {a['p99']:.0f} ms, "
            f"max {a['max']:.0f} ms"
        )
    w = results["worker"]
    print(
        f"worker --once (big): {w['seconds']:.0f} s, peak RSS {w['peak_mb']:.0f} MB, "
        f"finished {w['finished']}"
    )
    print(f"database sizes MB: {results['sizes']}; rows (big): {results['tables']}")
    print(f"episodes: {results['episodes']}; load average now {os.getloadavg()}")


if __name__ == "__main__":
    main()
