"""Escalation keeps running when the worker is down and no page is open: every app process
starts its own timer with the server, and two processes escalating at once move an alarm on
once."""

import asyncio
import threading
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tryghed.alarms import services
from tryghed.alarms.models import Alarm, Level, Reason
from tryghed.asgi import application
from tryghed.notifications.models import SmsDelivery, SmsStatus

pytestmark = pytest.mark.django_db(transaction=True)


def overdue_alarm(person):
    alarm, _ = services.raise_alarm(by=person, level=Level.HELP_NOW)
    Alarm.objects.filter(pk=alarm.pk).update(step_started_at=timezone.now() - timedelta(seconds=61))
    return alarm


async def served(until):
    """The ASGI application as `tryghed serve` starts it (lifespan on), with no request and no
    WebSocket, until `until()` holds or 30 s have passed."""
    messages = asyncio.Queue()
    sent = []

    async def send(message):
        sent.append(message["type"])

    await messages.put({"type": "lifespan.startup"})
    server = asyncio.create_task(application({"type": "lifespan"}, messages.get, send))
    try:
        for _ in range(300):
            if await database_sync_to_async(until)():
                return True
            await asyncio.sleep(0.1)
        return False
    finally:
        await messages.put({"type": "lifespan.shutdown"})
        await server
        assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_an_unanswered_alarm_escalates_through_the_app_process_with_no_page_open(
    employee, guard, tree, settings
):
    from tests.factories import person

    settings.ALARM_CHECK_SECONDS = 0.1
    below = person(tree["below"], name="Bo Nedenunder", email="bo@ishoj.example")
    alarm = overdue_alarm(employee)

    def escalated():
        return Alarm.objects.get(pk=alarm.pk).escalation_step == 1

    assert async_to_sync(served)(escalated), "the app process's timer escalated the alarm"
    assert alarm.recipients.get(person=below).reason == Reason.SITE


def test_with_the_timer_off_the_app_process_leaves_escalation_to_the_worker(
    employee, guard, settings
):
    settings.ALARM_CHECK_SECONDS = 0
    alarm = overdue_alarm(employee)

    async def briefly():
        calls = []
        await served(lambda: calls.append(1) or len(calls) > 5)

    async_to_sync(briefly)()
    assert Alarm.objects.get(pk=alarm.pk).escalation_step == 0


@pytest.mark.skipif("sqlite" in connection.vendor, reason="two writers at once need PostgreSQL")
def test_two_processes_escalating_at_once_move_an_alarm_on_once(employee, guard):
    alarm = overdue_alarm(employee)
    start = threading.Barrier(2)
    results = []

    def escalate():
        start.wait()
        try:
            results.append(services.escalate_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=escalate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    alarm.refresh_from_db()
    assert alarm.escalation_step == 1
    assert SmsDelivery.objects.about(alarm).count() == 1, "one text message, not two"


def test_the_alarm_page_shows_what_became_of_each_text_message(
    client, employee, guard, settings, outsider
):
    settings.SMS_URL = ""
    alarm = overdue_alarm(employee)
    services.escalate_due()
    [delivery] = SmsDelivery.objects.about(alarm)
    assert delivery.status == SmsStatus.NOT_SENT
    client.force_login(guard)
    response = client.get(reverse("alarms:detail", args=[alarm.pk]))
    section = response.text.split('id="alarm-sms"')[1].split("</section>")[0]
    assert "Ikke sendt: der er ingen sms-udbyder sat op" in section
    assert delivery.recipient in section
    assert "28 88 09 01" not in section, "the recipient is named, not the number"
    client.force_login(outsider)
    assert client.get(reverse("alarms:detail", args=[alarm.pk])).status_code == 404
