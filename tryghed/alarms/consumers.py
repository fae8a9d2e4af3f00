"""The real-time connection of every open Tryghed page of a logged-in person. On connect it
joins the groups of the person's circles and replays every still-active alarm; then it
forwards alarm changes and records that the page has shown each one."""

import asyncio
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from tryghed.alarms import realtime, services
from tryghed.alarms.models import Site
from tryghed.organizations import access

logger = logging.getLogger(__name__)


def _groups(user):
    return access.alarm_groups(user, list(Site.objects.all()))


class AlarmConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=4401)
            return
        self.alarm_groups = await database_sync_to_async(_groups)(self.user)
        for group in self.alarm_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        for payload in await database_sync_to_async(realtime.active_for)(self.user):
            await self.send_json(payload)
        await self.send_json({"type": "hello"})
        start_escalation_timer()

    async def disconnect(self, code):
        for group in getattr(self, "alarm_groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "delivered" and isinstance(content.get("alarm"), int):
            await database_sync_to_async(services.mark_delivered)(
                alarm_id=content["alarm"], person=self.user
            )
        elif content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def alarm_update(self, event):
        await self.send_json(event["payload"])


_timer = None


def start_escalation_timer():
    """One timer per process that escalates unanswered alarms between the worker's sweeps.
    Several processes may run it: an escalation is claimed by one of them (services)."""
    global _timer
    loop = asyncio.get_running_loop()
    if settings.ALARM_CHECK_SECONDS <= 0:
        return
    if _timer is not None and not _timer.done() and _timer.get_loop() is loop:
        return
    _timer = loop.create_task(_escalation_loop())


async def _escalation_loop():
    while True:
        await asyncio.sleep(settings.ALARM_CHECK_SECONDS)
        try:
            await database_sync_to_async(services.escalate_due)()
        except Exception:
            logger.exception("escalating alarms failed")
