"""One JSON line per request (request id, person's id, method, URL pattern, status, duration),
the request id carried into the tasks it causes, and no names, phone numbers, e-mail addresses
or free text in any log line: the flows are driven for real and every record is read."""

import io
import json
import logging
import socketserver
import threading
import uuid

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from tests.incidents.factories import make_incident
from tryghed.alarms.models import Site
from tryghed.core import logs
from tryghed.incidents.models import Incident, Kind, Severity

NAME, PHONE, EMAIL = "Jens Kragh Hansen", "22 33 44 55", "jens.kragh@eksempel.dk"
FREE_TEXT = "slog ud efter mig med en stol"
DESCRIPTION = f"{NAME} (tlf. {PHONE}, {EMAIL}) {FREE_TEXT} ved frokosten."


def production_handler(stream):
    """The handler settings.LOGGING sets up with LOG_FORMAT=json, writing to `stream`."""
    config = logs.logging_config(log_format="json", level="DEBUG", tasks_level="DEBUG")
    formatter = config["formatters"]["json"]
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(formatter["fmt"], rename_fields=formatter["rename_fields"]))
    handler.addFilter(logs.Context())
    handler.addFilter(logs.PersonalData())
    handler.setLevel(logging.DEBUG)
    return handler


@pytest.fixture
def json_lines():
    """Every line the production handler writes meanwhile, parsed."""
    stream = io.StringIO()
    handler = production_handler(stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "tryghed.requests"]


def test_each_request_is_one_json_line_with_its_url_pattern_not_its_path(
    client, employee, json_lines
):
    incident = make_incident(unit=employee.memberships.first().unit, reporter=employee)
    client.force_login(employee)
    response = client.get(reverse("incidents:detail", args=[incident.pk]))
    [line] = request_lines(json_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == employee.pk
    assert line["method"] == "GET" and line["status"] == response.status_code
    assert line["route"] == "/episoder/<int:pk>/"
    assert str(incident.pk) not in line["route"] and isinstance(line["duration_ms"], float)
    assert set(line) >= {"time", "level", "logger", "message"}


def test_a_request_of_someone_not_logged_in_has_no_user_id_and_costs_no_query(
    client, db, json_lines, django_assert_num_queries
):
    with django_assert_num_queries(0):
        client.get(reverse("core:live"))
    [line] = request_lines(json_lines())
    assert line["user_id"] is None and line["route"] == "/sundhed/live"


def test_an_unknown_address_is_logged_as_unmatched(client, db, json_lines):
    client.get("/findes-ikke/jens.kragh@eksempel.dk")
    [line] = request_lines(json_lines())
    assert line["route"] == "unmatched" and line["status"] == 404


def test_the_proxys_request_id_is_kept_when_it_is_a_uuid_and_replaced_when_not(client, db):
    given = str(uuid.uuid4())
    assert client.get("/sundhed/live", headers={"X-Request-ID": given})["X-Request-ID"] == given
    nginx = uuid.uuid4().hex
    answered = client.get("/sundhed/live", headers={"X-Request-ID": nginx})["X-Request-ID"]
    assert answered == str(uuid.UUID(nginx))
    for unsafe in ("abc\nINFO forged line", "x" * 500, "jens@eksempel.dk"):
        answered = client.get("/sundhed/live", headers={"X-Request-ID": unsafe})["X-Request-ID"]
        assert uuid.UUID(answered) and answered != unsafe


@pytest.mark.django_db(transaction=True)
def test_the_request_id_follows_into_the_task_the_request_caused(
    client, employee, tree, settings, json_lines
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ALARM_CHECK_SECONDS = 0
    Site.objects.create(unit=tree["own"])
    client.force_login(employee)
    with FailingGateway() as gateway:
        settings.SMS_PROVIDER = "tryghed.notifications.sms.HttpProvider"
        settings.SMS_URL, settings.SMS_TOKEN, settings.SMS_MAX_ATTEMPTS = gateway.url, "t", 1
        response = client.post(reverse("alarms:panic"), {"level": "call_112"})
        logs.request_id.set(None)  # the worker is another process
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    sms = [line for line in json_lines() if line["logger"] == "tryghed.notifications.tasks"]
    assert sms and {line["request_id"] for line in sms} == {response["X-Request-ID"]}


def quick_report(client, employee, description):
    return client.post(
        reverse("incidents:report"),
        {
            "unit": employee.memberships.first().unit.pk,
            "kind": Kind.PHYSICAL,
            "when": "now",
            "severity": Severity.SERIOUS,
            "description": description,
            "submission_key": str(uuid.uuid4()),
        },
    )


class Server(socketserver.ThreadingTCPServer):
    """A server in a thread of its own, for the length of a `with`."""

    allow_reuse_address = daemon_threads = True

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class RefusingSmtp(Server):
    """A mail server that refuses every recipient, quoting the address as real ones do."""

    def __init__(self):
        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 smtp.example ESMTP\r\n")
                for line in self.rfile:
                    verb = line[:4].upper()
                    if verb == b"RCPT":
                        address = line.split(b":", 1)[1].strip()
                        self.wfile.write(b"550 5.1.1 " + address + b" User unknown\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    elif verb == b"EHLO":
                        self.wfile.write(b"250 smtp.example\r\n")
                    else:
                        self.wfile.write(b"250 ok\r\n")

        super().__init__(("127.0.0.1", 0), Handler)


class FailingGateway(Server):
    """An SMS gateway that answers 500 to everything."""

    def __init__(self):
        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                while self.rfile.readline() not in (b"\r\n", b""):
                    pass
                self.wfile.write(b"HTTP/1.1 500 Error\r\nContent-Length: 0\r\n\r\n")

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/send"
        threading.Thread(target=self.serve_forever, daemon=True).start()


def test_no_name_phone_number_email_address_or_free_text_reaches_the_log(
    password_client, employee, manager, tree, settings, caplog
):
    for name in (None, "django", "tryghed", "django.tasks", "django.request", "allauth"):
        caplog.set_level(logging.DEBUG, logger=name)
    settings.ALARM_CHECK_SECONDS = 0
    Site.objects.create(unit=tree["own"])
    with RefusingSmtp() as smtp, FailingGateway() as gateway:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": smtp.server_address[1], "timeout": 5},
            }
        }
        settings.SMS_PROVIDER = "tryghed.notifications.sms.HttpProvider"
        settings.SMS_URL, settings.SMS_TOKEN, settings.SMS_MAX_ATTEMPTS = gateway.url, "t", 1
        run_every_flow(password_client, employee)
    assert Incident.objects.get().description == DESCRIPTION, "the flows really ran"
    personal = [NAME, PHONE, EMAIL, FREE_TEXT, employee.name, employee.email]
    personal += [manager.name, manager.email, "28 88 09 01", "28880901"]
    messages = [record.getMessage() for record in caplog.records]
    assert any("SMS" in message for message in messages), "the failed text message is logged"
    assert any(record.exc_info for record in caplog.records), "the failed e-mail is logged"
    for message in messages:
        for value in personal:
            assert value not in message, (value, message)
    # The tracebacks pass through the handler's filter, which masks what the mail server
    # quoted (the refused address) before any line is written.
    stream = io.StringIO()
    handler = production_handler(stream)
    for record in caplog.records:
        handler.handle(record)
    refusals = [str(r.exc_info[1]) for r in caplog.records if r.exc_info]
    assert any(manager.email in text for text in refusals), "the mail server quoted the address"
    written = stream.getvalue()
    assert "5.1.1 <[e-mail]> User unknown" in written, "the refusal is in the log, masked"
    for value in personal:
        assert value not in written, value


def run_every_flow(client, employee):
    with TestCase.captureOnCommitCallbacks(execute=True):
        # Login: a wrong password, then the right one, both with the typed address.
        client.post(reverse("account_login"), {"login": employee.email, "password": "forkert-1"})
        client.post(
            reverse("account_login"), {"login": employee.email, "password": "kodeord-æøå-123"}
        )
        # A quick report whose story names a person with phone and e-mail; its notification
        # e-mails (to the manager) are refused by the mail server.
        quick_report(client, employee, DESCRIPTION)
    with TestCase.captureOnCommitCallbacks(execute=True):
        # An alarm with a call to 112: the guard's text message fails at the gateway.
        client.post(reverse("alarms:panic"), {"level": "call_112"})


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("ring 22 33 44 55 nu", "ring [phone] nu"),
        ("ring 22334455", "ring [phone]"),
        ("ring +45 2233 4455", "ring [phone]"),
        ("skriv til jens.kragh@eksempel.dk!", "skriv til [e-mail]!"),
        ("cpr 010203-1234", "cpr [cpr]"),
        ("SMS 12, attempt 2 failed: HTTP 500", "SMS 12, attempt 2 failed: HTTP 500"),
        ("at 2026-12-05 10:00:00 in 312 ms", "at 2026-12-05 10:00:00 in 312 ms"),
    ],
)
def test_the_safety_net_masks_phone_numbers_and_addresses_and_nothing_else(text, masked):
    assert logs.mask(text) == masked


def test_the_safety_net_masks_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "to %s", ("a@b.dk",), None)
    try:
        raise ValueError("refused <jens@eksempel.dk>")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    text = logging.Formatter().format(logs.PersonalData().filter(record))
    assert "jens@eksempel.dk" in logging.Formatter().format(record), "the original is kept"
    assert "a@b.dk" not in text and "jens@eksempel.dk" not in text
    assert "to [e-mail]" in text and "ValueError: refused <[e-mail]>" in text
