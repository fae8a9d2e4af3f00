"""`tryghed worker` runs the sweep beside the task queue: an e-mail queued while a long sweep
job runs (the statistics summary at a million episodes takes tens of seconds) is sent at once,
not after the job."""

import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction

from tests.stats.test_summary import waiting_for_a_lock
from tryghed.notifications.models import Notification
from tryghed.notifications.services import notify
from tryghed.stats.models import MonthlyCount, SummaryBuilt


def until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def hold_the_summary_table(holding, release):
    """Keep the summary from being written until `release` is set: the rebuild stays running."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {MonthlyCount._meta.db_table} IN SHARE MODE")
            holding.set()
            release.wait(60)
    finally:
        connection.close()


def queue_an_email_during_the_rebuild(person, seen, release):
    """What happens beside the worker: once the rebuild is waiting to write, an e-mail is
    queued; note whether it was sent while the rebuild still waited, then let it finish."""
    try:
        if until(lambda: waiting_for_a_lock() == 1):
            notify(recipients=[person], title="Noget nyt")
            seen["sent"] = until(lambda: len(mail.outbox) == 1)
            seen["rebuilding"] = waiting_for_a_lock() == 1 and not SummaryBuilt.objects.exists()
    finally:
        release.set()
        connection.close()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one transaction at a time write, so there an e-mail can wait for a "
    "sweep job anyway; LOCK TABLE, which holds the rebuild here, is PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
def test_an_email_queued_during_a_summary_rebuild_is_sent_before_the_rebuild_ends(
    employee, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    holding, release, seen = threading.Event(), threading.Event(), {}
    holder = threading.Thread(target=hold_the_summary_table, args=(holding, release))
    beside = threading.Thread(
        target=queue_an_email_during_the_rebuild, args=(employee, seen, release)
    )
    holder.start()
    assert holding.wait(30)
    beside.start()
    call_command("worker", once=True)  # in the main thread: it handles signals
    beside.join(60)
    holder.join(60)

    assert seen == {"sent": True, "rebuilding": True}
    assert Notification.objects.get().emailed_at is not None
    assert SummaryBuilt.objects.exists(), "the rebuild finished after all"
