"""Who may read a case, on PostgreSQL: the plans of the visibility queries for each role.

Loads the demo and N generated episodes (default 100,000) into a scratch PostgreSQL database
(default tryghed_fasta_bench on 127.0.0.1, user postgres), runs VACUUM ANALYZE, then prints for
an employee, a manager and HR the plan of loading one case by id through
`Incident.objects.visible_to` (the case page, every task action, every download), of a case
they may not see (the 404), of "Mine episoder" and of a follow-up task by id: the execution
time (median of 5 runs of EXPLAIN ANALYZE) and the plan's nodes, with `SEQ SCAN` wherever a
table of episodes is read whole. Usage, from the repository root:

    uv run python benchmarks/visibility.py [--count 100000] [--db NAME] [--keep] [--again]
        [--checkout PATH]

--keep keeps the database, --again measures a kept one as it is (after migrating it with the
code measured), --checkout PATH measures the code of another checkout (for a before/after on
the same data: run the older code first, as its migrations are the older ones).
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
RUNS = 5


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--db", default="tryghed_fasta_bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--again", action="store_true", help="measure a kept database")
    parser.add_argument("--checkout", type=Path, default=REPO, help="the code to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.checkout.resolve()))
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
    try:
        prepare(args)
        measure(args.checkout)
    finally:
        django.db.connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.db}")


def prepare(args):
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if not args.again:
        from tryghed.demo.generate import generate

        call_command("load_demo", verbosity=0)
        generate(args.count)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(checkout):
    from tryghed.incidents.models import Incident

    print(f"code: {checkout}; {Incident.objects.count():,} episodes")
    for label, queryset in queries():
        time, nodes = explain(queryset)
        print(f"{label:<44} {time:8.2f} ms  {', '.join(nodes)}")


def queries():
    """(label, queryset) for each role's reads."""
    from tryghed.accounts.models import User
    from tryghed.demo.seed import DEMO_DOMAIN
    from tryghed.followup.models import FollowUpTask
    from tryghed.incidents.models import Incident

    def person(local):
        return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")

    employee, manager, hr = person("medarbejder"), person("leder"), person("hr")
    own = Incident.objects.concerning(employee).order_by("-pk").first()
    managed = Incident.objects.filter(unit__code="borgerservice").order_by("-pk").first()
    elsewhere = Incident.objects.exclude(unit__code="borgerservice").order_by("-pk").first()
    shared = shared_case(hr, manager)
    task = FollowUpTask.objects.filter(incident__unit__code="borgerservice").first()
    visible = Incident.objects.visible_to
    yield "employee: own case by id", visible(employee).filter(pk=own.pk)
    yield "employee: a colleague's case (404)", visible(employee).filter(pk=managed.pk)
    yield "employee: Mine episoder (first page)", Incident.objects.concerning(employee)[:25]
    few = person_with_three_cases()
    yield "employee with 3 cases: Mine episoder", Incident.objects.concerning(few)[:25]
    yield "manager: a case of the unit by id", visible(manager).filter(pk=managed.pk)
    yield "manager: another unit's case (404)", visible(manager).filter(pk=elsewhere.pk)
    if task:
        yield (
            "manager: a follow-up task by id",
            FollowUpTask.objects.visible_to(manager).filter(pk=task.pk),
        )
    yield "HR: a case shared with HR by id", visible(hr).filter(pk=shared.pk)
    yield "HR: a case not shared (404)", visible(hr).filter(pk=managed.pk)


def person_with_three_cases():
    """Every generated person has thousands of episodes; most people have a few."""
    from tryghed.accounts.models import User
    from tryghed.incidents.models import Incident

    person, made = User.objects.get_or_create(email="three.cases@example.org")
    if made:
        for incident in Incident.objects.order_by("pk")[:3]:
            incident.affected.add(person)
    return person


def shared_case(hr, manager):
    """A case shared with HR: the demo's, or one made here on the scratch database."""
    from tryghed.incidents.models import Incident, Share

    share = Share.objects.filter(person=hr).order_by("-pk").first()
    if share is None:
        incident = Incident.objects.filter(unit__code="borgerservice").order_by("pk").first()
        share = Share.objects.create(incident=incident, person=hr, shared_by=manager, reason="x")
    return share.incident


def explain(queryset):
    """(median execution time in ms, the plan's nodes) of the queryset's SQL."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    times = []
    for _ in range(RUNS):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            (result,) = cursor.fetchone()
        times.append(result[0]["Execution Time"])
    return statistics.median(times), list(nodes(result[0]["Plan"]))


def nodes(plan):
    """Each node of the plan; a scan with the table and index it reads and the rows it read
    (an index scan can read a whole table too)."""
    kind = plan["Node Type"]
    relation = plan.get("Relation Name")
    if relation:
        index = plan.get("Index Name")
        whole = kind == "Seq Scan" and relation.startswith("incidents_")
        read = plan["Actual Rows"] * plan["Actual Loops"] + plan.get("Rows Removed by Filter", 0)
        kind = f"{'SEQ SCAN' if whole else kind} on {relation}" + (f" ({index})" if index else "")
        kind += f" [{read:,} rows]"
    yield kind
    for child in plan.get("Plans", ()):
        yield from nodes(child)


if __name__ == "__main__":
    main()
