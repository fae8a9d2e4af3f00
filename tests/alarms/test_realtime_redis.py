"""With REDIS_URL the alarm goes through Redis, so every app server delivers it to its own open
pages. Needs Redis at 127.0.0.1:6379 (CI starts it); uses database 9."""

import asyncio
import os

import pytest
import redis
import time_machine
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer
from django.core.cache import caches
from django.utils import timezone
from django.utils.module_loading import import_string

from tests.alarms.test_realtime import messages_until_hello, open_page, raise_alarm
from tryghed import settings as project_settings
from tryghed.alarms.models import Alarm, Level
from tryghed.notifications.models import Notification

REDIS = "redis://127.0.0.1:6379/9"
# One worker runs them all: Redis's channels (alarm-unit-42) are the same for every database.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("redis")]
# And a run of its own: another test run on this machine (a second checkout's, CI's beside a
# developer's) has the same ids, so its channel and counter names would be these tests' names.
PREFIX = f"tryghed-test-{os.getpid()}"


def channel_layer():
    config = project_settings.redis_channel_layer(REDIS)
    return {**config, "CONFIG": {**config["CONFIG"], "prefix": PREFIX}}


@pytest.fixture
def redis_layer(settings):
    settings.CHANNEL_LAYERS = {"default": channel_layer()}
    channel_layers.backends.clear()
    yield get_channel_layer()
    channel_layers.backends.clear()


def test_an_alarm_reaches_the_guards_page_through_redis(redis_layer, employee, guard):
    assert type(redis_layer).__module__.startswith("channels_redis")

    async def scenario():
        page = await open_page(guard)
        assert await messages_until_hello(page) == []
        alarm, _ = await raise_alarm(by=employee, level=Level.HELP_NOW)
        seen = await page.receive_json_from(timeout=3)
        await page.disconnect()
        await redis_layer.flush()
        return alarm, seen

    alarm, seen = async_to_sync(scenario)()
    assert seen["id"] == alarm.pk and seen["level"] == "help_now"


def test_two_app_servers_both_deliver_what_one_of_them_sends():
    config = channel_layer()
    backend = import_string(config["BACKEND"])

    async def scenario():
        first, second = backend(**config["CONFIG"]), backend(**config["CONFIG"])
        pages = [await first.new_channel(), await second.new_channel()]
        await first.group_add("alarm-unit-42", pages[0])
        await second.group_add("alarm-unit-42", pages[1])
        await first.group_send("alarm-unit-42", {"type": "alarm.update", "text": "{}"})
        got = [
            await asyncio.wait_for(first.receive(pages[0]), 3),
            await asyncio.wait_for(second.receive(pages[1]), 3),
        ]
        await first.flush()
        await second.flush()
        return got

    got = async_to_sync(scenario)()
    assert [m["type"] for m in got] == ["alarm.update", "alarm.update"]


def test_with_redis_the_alarm_rate_limit_counts_across_app_servers(
    settings, client, employee, guard
):
    settings.CACHES = {"default": {**project_settings.redis_cache(REDIS), "KEY_PREFIX": PREFIX}}
    settings.ALARM_REQUESTS_PER_MINUTE = 3
    other_server = redis.Redis.from_url(REDIS)  # counts two requests made through it
    client.force_login(employee)
    json = {"accept": "application/json"}
    with time_machine.travel(timezone.now(), tick=False):
        key = caches["default"].make_key(f"alarm-rate-{employee.pk}-{timezone.now():%Y%m%d%H%M}")
        first = client.post("/alarm/", {"level": "come_by"}, headers=json)  # never refused
        other_server.incrby(key, 2)
        refused = client.post("/alarm/", {"level": "help_now"}, headers=json)
    other_server.delete(key)
    assert first.status_code == 201, first.content
    assert refused.status_code == 429


def test_with_redis_down_the_alarm_is_still_raised_and_its_texts_still_go(
    settings, client, employee, guard
):
    """Redis stops answering (nothing listens at its port): the rate limit lets the alarm
    through and the real-time message fails after the commit, but the alarm is stored, the
    raiser gets their answer and the e-mails are queued; pages get it when they reconnect."""
    closed = "redis://127.0.0.1:1/0"
    settings.CACHES = {"default": project_settings.redis_cache(closed)}
    settings.CHANNEL_LAYERS = {"default": project_settings.redis_channel_layer(closed)}
    channel_layers.backends.clear()
    client.force_login(employee)
    try:
        response = client.post(
            "/alarm/", {"level": "call_112"}, headers={"accept": "application/json"}
        )
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 201, response.content
    alarm = Alarm.objects.get(raised_by=employee)
    assert guard in [r.person for r in alarm.recipients.all()]
    assert Notification.objects.filter(recipient=guard, url=alarm.get_absolute_url()).exists()
