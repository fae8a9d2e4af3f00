"""With SENTRY_DSN set, an error in a view reaches the error-report service (here a real HTTP
server started by the test, speaking Sentry's envelope endpoint), and nothing a person typed
or anything about who they are goes with it. A task that fails in the worker is reported
too."""

import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli  # with brotli installed (weasyprint brings it), Sentry compresses with it
import pytest
import sentry_sdk

from tryghed.core.errors import before_send, init_sentry

NAME, PHONE, EMAIL = "Jens Kragh Hansen", "22 33 44 55", "jens.kragh@eksempel.dk"
FREE_TEXT = "slog ud efter mig med en stol"


class Ingest:
    """Sentry's ingest in a thread: keeps the body of every envelope posted to it."""

    def __init__(self):
        self.envelopes = []
        ingest = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                ingest.envelopes.append((self.path, body.decode()))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.dsn = f"http://publickey@127.0.0.1:{self.server.server_address[1]}/42"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ingest():
    ingest = Ingest()
    init_sentry(ingest.dsn, environment="test")
    yield ingest
    sentry_sdk.get_client().close()
    ingest.close()


def test_an_error_in_a_view_is_reported_without_what_was_typed_or_who(
    client, employee, settings, ingest
):
    settings.ROOT_URLCONF = "tests.core.boom_urls"
    client.raise_request_exception = False
    client.force_login(employee)
    typed = f"{NAME} (tlf. {PHONE}, {EMAIL}) {FREE_TEXT}"
    response = client.post(
        "/boom/?navn=Jens+Kragh", {"description": typed}, headers={"X-Kontakt": EMAIL}
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=10)
    events = [body for path, body in ingest.envelopes if path == "/api/42/envelope/"]
    assert events, "the error report arrived"
    report = "\n".join(events)
    assert "ValueError" in report and "boom" in report
    event = json.loads(next(line for line in report.splitlines() if '"exception"' in line))
    assert "user" not in event, "nothing about the person"
    assert "data" not in event["request"] and "cookies" not in event["request"]
    assert event["exception"]["values"][0]["type"] == "ValueError"
    secrets = [NAME, "Jens Kragh", PHONE, EMAIL, FREE_TEXT, employee.name, employee.email]
    secrets += [client.cookies["sessionid"].value]
    for value in secrets:
        assert value not in report, value


@pytest.mark.django_db(transaction=True)
def test_a_task_that_fails_in_the_worker_is_reported(employee, settings, ingest):
    from django.core.management import call_command
    from django.tasks.signals import task_finished

    from tryghed.core.errors import report_failed_task
    from tryghed.notifications.services import notify

    task_finished.connect(report_failed_task, dispatch_uid="tryghed.core.errors")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 5},
        }
    }
    try:
        notify(recipients=[employee], title="Noget nyt")
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        task_finished.disconnect(dispatch_uid="tryghed.core.errors")
    sentry_sdk.flush(timeout=10)
    report = "\n".join(body for _path, body in ingest.envelopes)
    assert "ConnectionRefusedError" in report and "send_notification_email" in report
    assert employee.email not in report and employee.name not in report


def test_a_secret_token_in_the_address_is_not_reported():
    token = "q3V8mKp2R7xY1nB4cT6wZ9aD0eF5gH8jL2sU7vX1yQ4"
    event = {"request": {"url": f"https://tryghed.ishoj.dk/kalender/{token}.ics?x=1"}}
    url = before_send(event, None)["request"]["url"]
    assert token not in url
    assert url == "https://tryghed.ishoj.dk/kalender/[token].ics"
