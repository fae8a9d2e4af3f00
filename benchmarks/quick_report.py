"""The quick report and the unit's case list, measured.

Prints:
- the quick report's required questions and the interactions from the front page to the
  receipt, counted in the browser (Chromium through Playwright, the same flow as the browser
  tests), and the submit as the browser sees it;
- the server time of the submit (Django's test client, in process, median of 20);
- the case list's response time (median of 10) and its query count with 1,000 and with
  100,000 episodes in the database.

Everything runs on a throwaway SQLite database in a temporary folder; ./var is not touched.
Usage, from the repository root: uv run python benchmarks/quick_report.py
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORK = Path(tempfile.mkdtemp(prefix="tryghed-bench-"))
os.environ.update(
    TRYGHED_VAR_DIR=str(WORK),
    TRYGHED_DEMO="true",
    DJANGO_SETTINGS_MODULE="tryghed.settings",
    DJANGO_ALLOW_ASYNC_UNSAFE="true",
    LOG_LEVEL="WARNING",
)
os.environ.pop("DATABASE_URL", None)
(Path(os.environ["TRYGHED_VAR_DIR"]) / "static").mkdir(parents=True, exist_ok=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browser_figures():
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM
    from tests.e2e.flows import report_about_oneself
    from tests.e2e.login import log_in
    from tryghed.demo.seed import DEMO_DOMAIN

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "tryghed.cli", "demo", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/konto/login/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the demo did not answer within 120 s") from None
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            log_in(page, base, f"vikar@{DEMO_DOMAIN}")
            interactions, required, seconds = report_about_oneself(
                page, base, "Borgeren truede mig ved skranken."
            )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"quick report: {len(required)} required questions ({', '.join(required)})")
    steps = ", ".join(interactions)
    print(f"quick report: {len(interactions)} interactions from the front page ({steps})")
    print(f"quick report: submit to receipt in the browser {seconds * 1000:.0f} ms")


def server_figures():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tryghed.accounts.models import User
    from tryghed.demo.seed import DEMO_DOMAIN
    from tryghed.incidents.models import Incident, Kind
    from tryghed.organizations.models import Unit

    temp = User.objects.get(email=f"vikar@{DEMO_DOMAIN}")
    unit = Unit.objects.get(code="borgerservice")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(temp)
    timings = []
    for _ in range(20):
        data = {
            "kind": Kind.PSYCHOLOGICAL,
            "when": "now",
            "unit": unit.pk,
            "severity": 2,
            "description": "Borgeren råbte ved skranken.",
            "submission_key": str(uuid.uuid4()),
        }
        started = time.perf_counter()
        response = client.post(reverse("incidents:report"), data)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    median = statistics.median(timings) * 1000
    print(f"quick report: server time of the submit, median of 20: {median:.1f} ms")

    manager = User.objects.get(email=f"centerchef@{DEMO_DOMAIN}")
    scope = Unit.objects.get(code="kloeverengen-a")
    template = Incident.objects.filter(unit=scope).first()
    client.force_login(manager)
    for target in (1_000, 100_000):
        _fill_to(target, template)
        client.get(reverse("incidents:unit_list"))
        timings = []
        for _ in range(10):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(reverse("incidents:unit_list"))
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        total = Incident.objects.count()
        median = statistics.median(timings) * 1000
        print(f"case list with {total:,} episodes: median {median:.1f} ms, {len(queries)} queries")


def _fill_to(target, template):
    """Copies of a demo episode, spread over two years, until there are `target` episodes."""
    from django.utils import timezone

    from tryghed.incidents.models import Incident

    missing = target - Incident.objects.count()
    now = timezone.now()
    batch = []
    for number in range(missing):
        moment = now - timedelta(minutes=7 * (number + 1) % (60 * 24 * 730))
        batch.append(
            Incident(
                unit_id=template.unit_id,
                kind=template.kind,
                occurred_at=moment,
                reported_at=moment,
                reported_by_id=template.reported_by_id,
                experienced_severity=1 + number % 4,
                severity_given_by_id=template.reported_by_id,
                description=template.description,
                submission_key=uuid.uuid4(),
            )
        )
        if len(batch) == 5_000:
            Incident.objects.bulk_create(batch)
            batch = []
    Incident.objects.bulk_create(batch)


if __name__ == "__main__":
    import django

    django.setup()
    browser_figures()
    server_figures()
