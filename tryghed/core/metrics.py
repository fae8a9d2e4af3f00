"""Prometheus metrics for the operator (/metrics, docs/operations.md, "Metrics").

Counters and histograms are counted where things happen (requests in core/middleware.py,
alarms in alarms/services.py, failed e-mails and text messages in notifications/tasks.py);
the task queue is read from the database at each scrape, so every process answers the same.
With several processes on one machine (`tryghed serve --workers N`, the worker) each writes
its counts to files in PROMETHEUS_MULTIPROC_DIR, and a scrape of any one adds them all up
(prometheus_client's multiprocess mode; the variable must be set before the process starts).
No label holds anything about a person: routes are URL patterns, not paths."""

import os

from django.db import DatabaseError
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "tryghed_http_requests",
    "HTTP requests answered, by URL pattern, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "tryghed_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL pattern and status.",
    ["route", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
ALARMS_RAISED = Counter(
    "tryghed_alarms_raised",
    "Alarms raised (not level changes), by level.",
    ["level"],
    registry=REGISTRY,
)
FIRST_ANSWER = Histogram(
    "tryghed_alarm_first_answer_seconds",
    "Time from an alarm being raised to the first responder's answer.",
    buckets=(5, 10, 20, 30, 60, 90, 120, 180, 300, 600),
    registry=REGISTRY,
)
EMAILS_FAILED = Counter(
    "tryghed_emails_failed",
    "E-mails the mail server refused or could not be reached for.",
    registry=REGISTRY,
)
SMS_FAILED = Counter(
    "tryghed_sms_attempts_failed",
    "Tries at sending a text message that failed.",
    registry=REGISTRY,
)


class TaskQueue:
    """The task queue as it stands in the database at the scrape."""

    def collect(self):
        from tryghed.core import taskqueue  # its models need the apps loaded

        try:
            waiting = taskqueue.waiting().count()
            oldest = taskqueue.oldest_wait_seconds()
            failed = taskqueue.failed_by_task()
        except DatabaseError:
            return
        yield GaugeMetricFamily(
            "tryghed_tasks_waiting", "Tasks due that no worker has taken.", value=waiting
        )
        yield GaugeMetricFamily(
            "tryghed_tasks_oldest_wait_seconds",
            "How long the longest-waiting due task has waited.",
            value=oldest,
        )
        family = GaugeMetricFamily(
            "tryghed_tasks_failed", "Failed task runs the queue keeps, by task.", labels=["task"]
        )
        for name, count in sorted(failed.items()):
            family.add_metric([name], count)
        yield family


def multiprocess_mode():
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def exposition():
    """(body, content type) of a scrape."""
    registry = CollectorRegistry()
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Ours())
    registry.register(TaskQueue())
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Ours:
    """This process's own counts (single-process mode)."""

    def collect(self):
        return REGISTRY.collect()


# A client may send any method name; each would be a new series kept in the metrics files.
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_request(*, route, method, status, seconds):
    method = method if method in METHODS else "other"
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, status=str(status)).observe(seconds)


def alarm_raised(level):
    ALARMS_RAISED.labels(level=level).inc()


def alarm_first_answer(seconds):
    FIRST_ANSWER.observe(max(0.0, seconds))


def email_failed():
    EMAILS_FAILED.inc()


def sms_attempt_failed():
    SMS_FAILED.inc()
