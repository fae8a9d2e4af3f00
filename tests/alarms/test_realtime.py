"""Open pages hear of alarms through Channels: in real time, only within the circle, and again
on reconnect while the alarm is active."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from tests.conftest import second_factor_used
from tryghed.alarms import services
from tryghed.alarms.consumers import AlarmConsumer, Pages
from tryghed.alarms.models import Answer, Level

pytestmark = pytest.mark.django_db(transaction=True)


async def open_page(user):
    page = WebsocketCommunicator(AlarmConsumer.as_asgi(), "/ws/alarmer/")
    page.scope["user"] = user
    page.scope["session"] = second_factor_used(user)
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
    """The next message that passes `check`."""
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


def test_a_page_in_several_of_the_circles_groups_gets_each_change_once(employee, guard):
    """The raiser's page listens on their own group and on their unit's; the alarm goes to both."""

    async def scenario():
        page = await open_page(employee)
        await messages_until_hello(page)
        alarm, _ = await raise_alarm(by=employee, level=Level.HELP_NOW)
        first = await page.receive_json_from(timeout=2)
        again = await page.receive_nothing(timeout=0.3)
        await page.disconnect()
        return alarm, first, again

    alarm, first, nothing_more = async_to_sync(scenario)()
    assert first["id"] == alarm.pk and nothing_more


class StandInPage:
    """Where a consumer would write to its socket: records what it is sent; stuck, it never
    finishes sending (a page whose connection has stopped taking data); with a gate, it waits
    until the gate opens, as a socket whose buffer is full waits until it drains."""

    def __init__(self, stuck=False, gate=None):
        self.stuck, self.gate, self.got = stuck, gate, []

    async def send(self, text_data):
        if self.stuck:
            await asyncio.Event().wait()
        if self.gate is not None:
            await self.gate.wait()
        self.got.append(text_data)


def message(key, text, groups=("alarm-unit-1",)):
    return {"key": key, "groups": list(groups), "text": text}


def test_a_page_that_cannot_keep_up_holds_up_nobody_else(tree):
    async def scenario():
        pages = Pages.here()
        stuck, fine = StandInPage(stuck=True), StandInPage()
        for page in (stuck, fine):
            await pages.join(page, ["alarm-unit-1"])
            pages.release(page)
        pages.deliver(message("k1", "{}", groups=["alarm-unit-1", "alarm-user-7"]))
        written_at_once = list(fine.got)
        waiting = len(pages.sending)
        for task in list(pages.sending):
            task.cancel()
        for page in (stuck, fine):
            await pages.leave(page, ["alarm-unit-1"])
        return written_at_once, waiting

    written_at_once, waiting = async_to_sync(scenario)()
    assert written_at_once == ["{}"]
    assert waiting == 1


def test_the_process_stops_listening_to_a_group_when_its_last_page_leaves(tree):
    async def scenario():
        pages = Pages.here()
        first, second = StandInPage(), StandInPage()
        await pages.join(first, ["alarm-site-3", "alarm-user-1"])
        await pages.join(second, ["alarm-site-3", "alarm-user-2"])
        pages.release(first)
        pages.release(second)
        await pages.leave(first, ["alarm-site-3", "alarm-user-1"])
        listening = {g for g, members in pages.layer.groups.items() if pages.channel in members}
        pages.deliver(message("k2", "{}", groups=["alarm-site-3", "alarm-user-1"]))
        await pages.leave(second, ["alarm-site-3", "alarm-user-2"])
        after = {g for g, members in pages.layer.groups.items() if pages.channel in members}
        return listening, first.got, second.got, after

    listening, first_got, second_got, after = async_to_sync(scenario)()
    assert listening == {"alarm-site-3", "alarm-user-2"}
    assert (first_got, second_got) == ([], ["{}"])
    assert after == set()


def test_what_arrives_while_a_page_is_sent_the_active_alarms_comes_after_them(tree):
    async def scenario():
        pages = Pages.here()
        page = StandInPage()
        await pages.join(page, ["alarm-unit-1"])
        pages.deliver(message("k3", "cancelled"))  # while the page is sent what is active
        before = list(page.got)
        await page.send(text_data="active (the replay)")
        pages.release(page)
        await pages.leave(page, ["alarm-unit-1"])
        return before, page.got

    before, got = async_to_sync(scenario)()
    assert before == []
    assert got == ["active (the replay)", "cancelled"]


def test_a_page_that_has_to_wait_gets_its_messages_in_order(tree):
    async def scenario():
        pages = Pages.here()
        gate = asyncio.Event()
        page = StandInPage(gate=gate)
        await pages.join(page, ["alarm-unit-1"])
        pages.release(page)
        pages.deliver(message("k4", "active"))
        pages.deliver(message("k5", "coming: 1"))
        gate.set()  # the buffer drains, and before the waiting writes resume a third arrives
        pages.deliver(message("k6", "cancelled"))
        await asyncio.gather(*pages.sending)
        await pages.leave(page, ["alarm-unit-1"])
        return page.got

    assert async_to_sync(scenario)() == ["active", "coming: 1", "cancelled"]


def test_garbage_from_a_page_is_ignored_and_a_closed_page_leaves(employee, guard):
    async def scenario():
        page = await open_page(guard)
        await messages_until_hello(page)
        for garbage in ("{not json", "[]", "42"):
            await page.send_to(text_data=garbage)
        await page.send_json_to({"type": "ping"})
        answer = await page.receive_json_from(timeout=2)
        await page.disconnect()
        return answer, dict(Pages.here().by_group)

    answer, listening = async_to_sync(scenario)()
    assert answer == {"type": "pong"}
    assert listening == {}
