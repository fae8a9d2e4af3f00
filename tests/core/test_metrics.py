"""/metrics answers Prometheus's scraper, which sends METRICS_TOKEN, and nobody else: requests and
latency by URL pattern, the task queue from the database, alarms raised, time to the first
answer, and failed e-mails and text messages. Several processes add up (multiprocess mode)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from tests.fresh_process import python
from tryghed.alarms.models import Site
from tryghed.alarms.services import answer_alarm, raise_alarm
from tryghed.notifications.tasks import send_notification_email

TOKEN = "skraber-token-9f8e7d"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def scrape():
        response = client.get(reverse("core:metrics"), headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
        }

    return scrape


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_without_the_token_there_is_nothing_at_metrics(client, manager, settings):
    assert client.get("/metrics").status_code == 404, "no token set: never"
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    wrong = {"Authorization": "Bearer gaet"}
    assert client.get("/metrics", headers=wrong).status_code == 404
    client.force_login(manager)
    manager.is_superuser = True
    manager.save()
    assert client.get("/metrics").status_code == 404, "a login is no token"


def test_requests_are_counted_by_url_pattern_and_status(client, db, scrape):
    before = scrape()
    client.get("/lyn-guide/")
    client.get("/findes-ikke/42/")
    after = scrape()
    for route, status in (("/lyn-guide/", "200"), ("unmatched", "404")):
        labels = {"route": route, "method": "GET", "status": status}
        counted = value(after, "tryghed_http_requests_total", **labels)
        assert counted - value(before, "tryghed_http_requests_total", **labels) == 1
        latency = {"route": route, "status": status}
        assert value(after, "tryghed_http_request_duration_seconds_count", **latency) >= 1
    routes = {value for _name, labels in after for key, value in labels if key == "route"}
    assert not any("findes-ikke" in route for route in routes), "no path in a label"


def test_the_task_queue_is_read_from_the_database(db, scrape, settings, employee):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_notification_email.enqueue(1)
    send_notification_email.enqueue(2)
    with time_machine.travel(timezone.now() + timedelta(seconds=90), tick=False):
        samples = scrape()
    assert value(samples, "tryghed_tasks_waiting") == 2
    assert 89 <= value(samples, "tryghed_tasks_oldest_wait_seconds") <= 91


def test_failed_tasks_are_counted_by_task(db, scrape, settings, employee):
    settings.MAILERS = {"default": {"BACKEND": "tryghed.notifications.backends.OutboxBackend"}}
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="tryghed.notifications.tasks.send_notification_email",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        status="FAILED",
    )
    assert value(scrape(), "tryghed_tasks_failed", task="send_notification_email") == 1


def test_alarms_raised_and_the_time_to_the_first_answer(
    db, scrape, tree, employee, manager, django_capture_on_commit_callbacks
):
    Site.objects.create(unit=tree["own"])
    before = scrape()
    with django_capture_on_commit_callbacks(execute=True):
        alarm, _ = raise_alarm(by=employee, level="help_now")
    later = time_machine.travel(alarm.raised_at + timedelta(seconds=25), tick=False)
    with later, django_capture_on_commit_callbacks(execute=True):
        answer_alarm(alarm=alarm, by=manager, answer="coming")
    with django_capture_on_commit_callbacks(execute=True):
        answer_alarm(alarm=alarm, by=manager, answer="cannot")
    after = scrape()
    raised = "tryghed_alarms_raised_total"
    assert value(after, raised, level="help_now") - value(before, raised, level="help_now") == 1
    count = "tryghed_alarm_first_answer_seconds_count"
    assert value(after, count) - value(before, count) == 1, "one first answer per alarm"
    bucket = "tryghed_alarm_first_answer_seconds_bucket"
    in_30 = value(after, bucket, le="30.0") - value(before, bucket, le="30.0")
    in_20 = value(after, bucket, le="20.0") - value(before, bucket, le="20.0")
    assert (in_20, in_30) == (0, 1)


def test_a_failed_email_and_a_failed_text_message_are_counted(
    db, scrape, settings, employee, django_capture_on_commit_callbacks
):
    from tests.core.test_logs import FailingGateway, RefusingSmtp
    from tryghed.alarms.models import Alarm
    from tryghed.notifications.services import notify, send_sms

    before = scrape()
    with RefusingSmtp() as smtp, FailingGateway() as gateway:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": smtp.server_address[1], "timeout": 5},
            }
        }
        settings.SMS_PROVIDER = "tryghed.notifications.sms.HttpProvider"
        settings.SMS_URL, settings.SMS_TOKEN, settings.SMS_MAX_ATTEMPTS = gateway.url, "t", 1
        Site.objects.create(unit=employee.memberships.first().unit)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[employee], title="Noget nyt")
            alarm, _ = raise_alarm(by=employee, level="come_by")
            send_sms(to="28 88 09 01", recipient="Vagten", text="Test", about=alarm)
    after = scrape()
    assert Alarm.objects.count() == 1
    for name in ("tryghed_emails_failed_total", "tryghed_sms_attempts_failed_total"):
        assert value(after, name) - value(before, name) >= 1, name


def test_several_processes_add_up_in_multiprocess_mode(tmp_path):
    """Two processes each count a request into one PROMETHEUS_MULTIPROC_DIR; a third reads the
    sum, as a scrape of any web process does."""
    count = (
        "from tryghed.core import metrics; "
        "metrics.observe_request(route='/lyn-guide/', method='GET', status=200, seconds=0.1)"
    )
    read = (
        "from prometheus_client import CollectorRegistry, multiprocess, generate_latest; "
        "r = CollectorRegistry(); multiprocess.MultiProcessCollector(r); "
        "print(generate_latest(r).decode())"
    )
    for _ in range(2):
        counted = python(count, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
        assert counted.returncode == 0, counted.stderr
    shown = python(read, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    line = 'tryghed_http_requests_total{method="GET",route="/lyn-guide/",status="200"} 2.0'
    assert line in out
