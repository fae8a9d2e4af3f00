"""Open pages hear of alarms through Channels: in real time, only within the circle, and again
on reconnect while the alarm is active."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from tryghed.alarms import services
from tryghed.alarms.consumers import AlarmConsumer
from tryghed.alarms.models import Answer, Level

pytestmark = pytest.mark.django_db(transaction=True)


async def open_page(user):
    page = WebsocketCommunicator(AlarmConsumer.as_asgi(), "/ws/alarmer/")
    page.scope["user"] = user
    connected, _code = await page.connect()
    assert connected
    return page


async def messages_until_hello(page):
    found = []
    while True:
        message = await page.receive_json_from(timeout=2)
        if message["type"] == "hello":
            return found
        found.append(message)


async def next_where(page, check):
    """The next message that passes `check`: a page in two of the circle's groups (the
    raiser's own and the unit's) hears each change twice, and shows it once."""
    while True:
        message = await page.receive_json_from(timeout=2)
        if check(message):
            return message


raise_alarm = database_sync_to_async(services.raise_alarm)
answer_alarm = database_sync_to_async(services.answer_alarm)


def test_the_guard_sees_a_new_alarm_at_once_and_the_raiser_sees_who_is_coming(
    employee, guard, outsider
):
    async def scenario():
        guard_page, raiser_page, outsider_page = [
            await open_page(person) for person in (guard, employee, outsider)
        ]
        for page in (guard_page, raiser_page, outsider_page):
            assert await messages_until_hello(page) == []
        alarm, _ = await raise_alarm(by=employee, level=Level.HELP_NOW)
        seen = await guard_page.receive_json_from(timeout=2)
        assert seen["id"] == alarm.pk and seen["level"] == "help_now"
        assert seen["raised_by"] == "Maja Nørgaard" and "Kløverengen" in seen["place"]
        assert (await raiser_page.receive_json_from(timeout=2))["coming"] == []
        await answer_alarm(alarm=alarm, by=guard, answer=Answer.COMING)
        assert await next_where(raiser_page, lambda m: m["coming"] == ["Kim Vagt"])
        assert await outsider_page.receive_nothing(timeout=0.3)
        await guard_page.send_json_to({"type": "delivered", "alarm": alarm.pk})
        await asyncio.sleep(0.5)  # deliveries are written in batches
        for page in (guard_page, raiser_page, outsider_page):
            await page.disconnect()
        return alarm

    alarm = async_to_sync(scenario)()
    assert alarm.recipients.get(person=guard).delivered_at is not None


def test_a_responder_who_reconnects_gets_every_active_alarm(employee, guard, colleague):
    async def scenario():
        page = await open_page(colleague)
        await messages_until_hello(page)
        await page.disconnect()  # the connection drops
        alarm, _ = await raise_alarm(by=employee, level=Level.COME_BY)
        page = await open_page(colleague)
        replayed = await messages_until_hello(page)
        await page.disconnect()
        return alarm, replayed

    alarm, replayed = async_to_sync(scenario)()
    assert [(m["id"], m["status"]) for m in replayed] == [(alarm.pk, "active")]


def test_a_page_without_a_login_is_refused(tree):
    async def scenario():
        page = WebsocketCommunicator(AlarmConsumer.as_asgi(), "/ws/alarmer/")
        page.scope["user"] = AnonymousUser()
        connected, _code = await page.connect()
        return connected

    assert async_to_sync(scenario)() is False
