"""Text messages leave through the task queue to a real HTTP server started by the test: tried
again after a failure, recorded per attempt, never claimed as sent when nothing could send
them, and never written to the log with the phone number or the text."""

import json
import logging
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import checks
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tryghed.core.sweep import run_sweep
from tryghed.notifications.models import OutboxSms, SmsDelivery, SmsStatus
from tryghed.notifications.services import send_sms
from tryghed.notifications.tasks import retry_delay

PHONE = "28 88 09 01"
TEXT = "Tryghed-alarm: Hjælp nu på Kløverengen, Samtalerum Æ. Se http://x/alarm/1/"


class SmsGateway:
    """A municipality's SMS gateway in a thread: answers each POST with the next status of
    `answers` (the last one repeats) and keeps what it was sent."""

    def __init__(self, answers):
        self.answers, self.received = list(answers), []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append((dict(self.headers), json.loads(body)))
                status = gateway.answers.pop(0) if len(gateway.answers) > 1 else gateway.answers[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def queued(settings):
    """The production set-up: the database task queue, drained by the worker's db_worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SMS_PROVIDER = "tryghed.notifications.sms.HttpProvider"
    settings.SMS_TOKEN = "hemmelig-token-42"
    settings.SMS_SENDER = "Ishøj"
    settings.SMS_MAX_ATTEMPTS = 4


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_text_message_is_tried_again_after_a_500_and_sent_with_a_record_per_attempt(
    queued, settings, employee, caplog
):
    caplog.set_level(logging.DEBUG)
    settings.SMS_RETRY_SECONDS = 0  # the retry is due at once: the worker's batch runs it
    with SmsGateway([500, 200]) as gateway:
        settings.SMS_URL = gateway.url
        delivery = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
        assert SmsDelivery.objects.get(pk=delivery.pk).status == SmsStatus.QUEUED
        run_worker()
    assert len(gateway.received) == 2
    headers, body = gateway.received[-1]
    assert body == {"recipient": PHONE, "sender": "Ishøj", "text": TEXT}
    assert headers["Authorization"] == "Bearer hemmelig-token-42"
    delivery.refresh_from_db()
    assert delivery.status == SmsStatus.SENT
    attempts = list(delivery.attempts.values_list("number", "outcome", "reason"))
    assert attempts == [(1, "failed", "HTTP 500"), (2, "sent", "")]
    assert delivery.phone == "" and delivery.text == "", "not kept once it has been sent"
    assert "attempt 1 failed: HTTP 500" in caplog.text
    for secret in (PHONE, "28880901", "Kløverengen", "hemmelig"):
        assert secret not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_retry_waits_longer_each_time_and_gives_up_after_the_last_attempt(
    queued, settings, employee
):
    settings.SMS_RETRY_SECONDS = 10
    settings.SMS_MAX_ATTEMPTS = 3
    assert [retry_delay(n).total_seconds() for n in (1, 2)] == [10, 30]
    with SmsGateway([503]) as gateway:
        settings.SMS_URL = gateway.url
        delivery = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
        run_worker()
        delivery.refresh_from_db()
        assert delivery.status == SmsStatus.RETRYING
        [waiting] = DBTaskResult.objects.filter(status="READY")
        wait = (waiting.run_after - timezone.now()).total_seconds()
        assert 5 < wait <= 10
        for _ in range(2):  # the clock is not moved; the waiting try is made due instead
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            run_worker()
    assert len(gateway.received) == 3
    delivery.refresh_from_db()
    assert delivery.status == SmsStatus.FAILED
    assert delivery.attempts.count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists(), "attempts are bounded"


@pytest.mark.django_db(transaction=True)
def test_a_refused_message_is_not_tried_again_and_a_dead_gateway_is_a_failure(
    queued, settings, employee
):
    with SmsGateway([400]) as gateway:
        settings.SMS_URL = gateway.url
        refused = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
        run_worker()
    refused.refresh_from_db()
    assert refused.status == SmsStatus.FAILED and refused.attempts.count() == 1
    settings.SMS_MAX_ATTEMPTS = 1
    settings.SMS_URL = gateway.url  # the gateway has stopped: nobody listens there
    unreachable = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
    run_worker()
    unreachable.refresh_from_db()
    assert unreachable.status == SmsStatus.FAILED
    assert unreachable.attempts.get().reason.startswith("network error")


def test_without_a_provider_a_message_is_recorded_as_not_sent(settings, employee):
    settings.SMS_URL = ""
    delivery = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
    delivery.refresh_from_db()
    assert delivery.status == SmsStatus.NOT_SENT
    assert delivery.get_status_display() == "Ikke sendt: der er ingen sms-udbyder sat op"
    assert delivery.phone == ""


def test_the_demo_keeps_text_messages_in_its_outbox(
    client, settings, employee, django_capture_on_commit_callbacks
):
    settings.DEMO = True
    settings.SMS_PROVIDER = "tryghed.notifications.sms.OutboxProvider"
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
    delivery.refresh_from_db()
    assert delivery.status == SmsStatus.SENT
    assert OutboxSms.objects.get().to == PHONE
    client.force_login(employee)
    response = client.get(reverse("notifications:outbox"))
    assert PHONE in response.text and "Samtalerum Æ" in response.text


def escalation_warnings():
    messages = checks.run_checks(include_deployment_checks=True)
    return [m for m in messages if m.id == "alarms.W001"]


def test_the_deploy_check_warns_when_alarms_escalate_and_no_sms_provider_is_set(settings):
    settings.SMS_PROVIDER = "tryghed.notifications.sms.HttpProvider"
    settings.ALARM_ESCALATION_SECONDS = 60
    settings.SMS_URL = ""
    [warning] = escalation_warnings()
    assert warning.level == checks.WARNING
    settings.SMS_URL = "https://sms.example.org/send"
    assert escalation_warnings() == []
    settings.SMS_URL = ""
    settings.ALARM_ESCALATION_SECONDS = 0
    assert escalation_warnings() == []


def test_the_production_server_prints_the_warning_at_start(settings, capsys):
    from tryghed.cli import _warn_about_set_up

    settings.SMS_PROVIDER = "tryghed.notifications.sms.HttpProvider"
    settings.SMS_URL = ""
    _warn_about_set_up()
    assert "alarms.W001" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_a_set_up_fault_is_recorded_as_a_failure_and_not_logged_with_the_number(
    queued, settings, employee, caplog
):
    settings.SMS_URL = "http://127.0.0.1:9/send"
    settings.SMS_TOKEN = "nøgle"  # not ASCII: no HTTP header can carry it
    delivery = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == SmsStatus.FAILED
    assert delivery.attempts.get().reason == "error (UnicodeEncodeError)"
    assert PHONE not in caplog.text


def test_a_message_still_waiting_after_an_hour_is_recorded_as_failed_by_the_sweep(
    settings, employee
):
    settings.SMS_URL = "http://127.0.0.1:9/send"  # configured; the queue's task never ran
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    delivery = send_sms(to=PHONE, recipient="Centervagten", text=TEXT, about=employee)
    assert run_sweep(now=timezone.now() + timedelta(minutes=59))["notifications.sms_overdue"] == 0
    assert run_sweep(now=timezone.now() + timedelta(minutes=61))["notifications.sms_overdue"] == 1
    delivery.refresh_from_db()
    assert delivery.status == SmsStatus.FAILED and delivery.phone == ""
