"""'Mine opgaver' with 10,000 open tasks: the server time (median of 10) and the number of
queries of the page, for a manager who has them all. Throwaway SQLite in a temporary folder.

Usage, from the repository root: uv run python benchmarks/my_tasks.py
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.update(
    TRYGHED_VAR_DIR=tempfile.mkdtemp(prefix="tryghed-bench-"),
    TRYGHED_DEMO="true",
    DJANGO_SETTINGS_MODULE="tryghed.settings",
    LOG_LEVEL="WARNING",
)
os.environ.pop("DATABASE_URL", None)
(Path(os.environ["TRYGHED_VAR_DIR"]) / "static").mkdir(parents=True, exist_ok=True)

TASKS = 10_000


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from tryghed.accounts.models import User
    from tryghed.demo.seed import DEMO_DOMAIN
    from tryghed.followup.models import FollowUpTask
    from tryghed.incidents.models import Incident

    call_command("migrate", verbosity=0)
    call_command("load_demo", incidents=40, verbosity=0)
    manager = User.objects.get(email=f"leder@{DEMO_DOMAIN}")
    incidents = list(Incident.objects.filter(closed_at__isnull=True, voided_at__isnull=True))
    now = timezone.now()
    missing = TASKS - FollowUpTask.objects.open().assigned_to(manager).count()
    tasks = FollowUpTask.objects.bulk_create(
        FollowUpTask(
            incident=incidents[n % len(incidents)],
            kind="other",
            title=f"Opgave {n}",
            assignee="manager",
            anchor="episode",
            due_at=now + timedelta(hours=n - TASKS // 2),
        )
        for n in range(missing)
    )
    through = FollowUpTask.assignees.through
    through.objects.bulk_create(through(followuptask_id=t.pk, user_id=manager.pk) for t in tasks)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    client.get(reverse("followup:my_tasks"))
    timings = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(reverse("followup:my_tasks"))
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    total = FollowUpTask.objects.open().assigned_to(manager).count()
    median = statistics.median(timings) * 1000
    print(f"my tasks with {total:,} open tasks: median {median:.1f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main()
