"""The real-time connection of every open Tryghed page of a logged-in person. On connect it
joins the groups of the person's circles and replays every still-active alarm; then it
forwards alarm changes and records that the page has shown each one."""

import asyncio
import logging
from collections import defaultdict

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
            record_delivery(content["alarm"], self.user.pk)
        elif content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def alarm_update(self, event):
        await self.send(text_data=event["text"])


_timer = None
_deliveries = defaultdict(set)  # alarm id -> ids of people whose page has shown it
_flusher = None
DELIVERY_BATCH_SECONDS = 0.2


def record_delivery(alarm_id, person_id):
    """Deliveries are written in batches: a thousand pages answering at once make a few
    updates, not a thousand writes queued before the next request."""
    global _flusher
    _deliveries[alarm_id].add(person_id)
    if _flusher is None or _flusher.done():
        _flusher = asyncio.get_running_loop().create_task(_flush_deliveries())


async def _flush_deliveries():
    await asyncio.sleep(DELIVERY_BATCH_SECONDS)
    batch = dict(_deliveries)
    _deliveries.clear()
    try:
        await database_sync_to_async(services.mark_delivered_many)(batch)
    except Exception:
        logger.exception("recording alarm deliveries failed")


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
