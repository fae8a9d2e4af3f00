"""Error reports to Sentry (or a service that speaks its protocol) when SENTRY_DSN is set.

What leaves is the exception's type, its traceback's file names and lines, and the address
without its query; not the exception's message (which may quote anything
typed, a name included), not the request's body, cookies or headers, nothing about the
person, no local variables; and every string left has e-mail addresses and phone numbers
masked (core/logs.py) as a last net. The message stays in the server's own log (masked)."""

import re
import sys

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from tryghed.core.logs import mask

KEEP_REQUEST = ("method", "url")


def init_sentry(dsn, *, environment):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        # Nothing about the person or the request is collected: what send_default_pii=False
        # meant, in the option that replaced it (sentry-sdk 2.7x).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "graphql": {"document": False, "variables": False},
            "gen_ai": {"inputs": False, "outputs": False},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        integrations=[DjangoIntegration(), LoggingIntegration()],
        # Errors only: no performance traces, which would carry every query.
        traces_sample_rate=0,
    )


def report_failed_task(sender, task_result, **kwargs):
    """A task that failed in the worker (django-tasks-db records it and logs nothing at the
    worker's verbosity): sent like an error in a page. The signal comes from inside the
    exception handler, so the exception is at hand."""
    if task_result.status == "FAILED" and sys.exc_info()[0] is not None:
        sentry_sdk.capture_exception(sys.exc_info())


def before_send(event, hint):
    request = event.get("request")
    if request:
        event["request"] = {key: request[key] for key in KEEP_REQUEST if key in request}
        if "url" in event["request"]:
            event["request"]["url"] = without_secrets(event["request"]["url"].split("?", 1)[0])
    event.pop("user", None)
    for exception in event.get("exception", {}).get("values", []):
        exception["value"] = ""
    logentry = event.get("logentry")
    if logentry:
        # The template is ours ("SMS %s, attempt %s failed"); the values are not.
        event["logentry"] = {"message": logentry.get("message", "")}
    event.pop("extra", None)
    return scrub(event)


# A path segment this long of URL-safe characters is a secret token (the calendar feed's), not a
# word or an id: it is an address's key and must not reach the error reports.
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,}")


def without_secrets(url):
    return TOKEN.sub("[token]", url)


def before_breadcrumb(crumb, hint):
    # A query's breadcrumb is its SQL, whose values may be anything a person typed.
    if crumb.get("category") == "query":
        return None
    return scrub(crumb)


def scrub(value):
    """`value` (an event, in JSON's types) with every string masked."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(item) for item in value]
    return value
