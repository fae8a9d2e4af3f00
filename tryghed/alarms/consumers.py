"""The real-time connection of every open Tryghed page of a logged-in person. On connect it
joins the groups of the person's circles and replays every still-active alarm; then it
forwards alarm changes and records that the page has shown each one.

The pages of one process do not each listen on the channel layer. `Pages` listens once, on one
channel joined to every group one of its pages is in, and copies each message to those pages
itself: channels' own way (a channel, a queue and a dispatch loop per page) spent most of an
alarm's way to a thousand pages waking those one by one."""

import asyncio
import contextlib
import json
import logging
import weakref
from collections import OrderedDict, defaultdict

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings

from tryghed.accounts import second_factor
from tryghed.alarms import circles, realtime, services
from tryghed.alarms.models import Site

logger = logging.getLogger(__name__)


def _groups(user):
    return circles.alarm_groups(user, list(Site.objects.all()))


class Pages:
    """The open pages of this process (of its event loop), by the groups they listen on."""

    REMEMBERED = 256  # keys of recent messages: one message arrives once per group it went to
    _per_loop = weakref.WeakKeyDictionary()

    @classmethod
    def here(cls):
        loop = asyncio.get_running_loop()
        if loop not in cls._per_loop:
            cls._per_loop[loop] = cls()
        return cls._per_loop[loop]

    def __init__(self):
        self.by_group = defaultdict(set)
        self.layer = get_channel_layer()
        self.channel = self.listener = None
        self.lock = asyncio.Lock()
        self.seen = OrderedDict()
        self.held = {}  # page -> texts kept back until it has been sent what is active now
        self.writing = {}  # page -> its write that has not finished
        self.sending = set()

    async def join(self, page, groups):
        """Listen for the page. What arrives for it is held back until `release`, so that
        nothing newer reaches it before the state it is sent on connecting."""
        self.held[page] = []
        async with self.lock:
            if self.listener is None:
                self.channel = await self.layer.new_channel("alarm-pages.")
                self.listener = asyncio.get_running_loop().create_task(self._forward())
            for group in groups:
                self.by_group[group].add(page)
                await self.layer.group_add(group, self.channel)

    def release(self, page):
        for text in self.held.pop(page, []):
            self._write(page, text)

    async def leave(self, page, groups):
        self.held.pop(page, None)
        self.writing.pop(page, None)
        async with self.lock:
            for group in groups:
                pages = self.by_group.get(group)
                if pages is None:
                    continue
                pages.discard(page)
                if not pages:
                    del self.by_group[group]
                    await self.layer.group_discard(group, self.channel)

    async def _forward(self):
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except Exception:
                logger.exception("listening for alarm messages failed")
                await asyncio.sleep(1)
                continue
            try:
                self.deliver(message)
            except Exception:
                logger.exception("forwarding an alarm message failed")

    def deliver(self, message):
        """Write the message's text to every page here in one of its groups, once each."""
        if message["key"] in self.seen:
            return
        self.seen[message["key"]] = None
        if len(self.seen) > self.REMEMBERED:
            self.seen.popitem(last=False)
        pages = set()
        for group in message["groups"]:
            pages.update(self.by_group.get(group, ()))
        for page in pages:
            if page in self.held:
                self.held[page].append(message["text"])
            else:
                self._write(page, message["text"])

    def _write(self, page, text):
        """Every page is written to in tasks of its own, so a page that cannot keep up holds
        up nobody else; a page's writes follow one another in order. The tasks start eagerly:
        a page that can take the text has it at once, and only one that has to wait becomes a
        task the loop runs later."""
        previous = self.writing.get(page)
        if previous is None or previous.done():
            write = page.send(text_data=text)
        else:
            write = _after(previous, page.send, text)
        task = _eager_task(asyncio.get_running_loop(), write)
        if task.done():
            self._written(page, task)
            return
        self.writing[page] = task
        self.sending.add(task)
        task.add_done_callback(lambda task: self._written(page, task))

    def _written(self, page, task):
        self.sending.discard(task)
        if self.writing.get(page) is task:
            del self.writing[page]
        if not task.cancelled() and task.exception() is not None:
            logger.info("a page did not get an alarm message: %r", task.exception())


async def _after(previous, send, text):
    await asyncio.wait([previous])  # neither its error nor our cancellation passes to it
    await send(text_data=text)


_eager_task = asyncio.create_eager_task_factory(asyncio.Task)


class AlarmConsumer(AsyncJsonWebsocketConsumer):
    channel_layer_alias = None  # no channel of its own: Pages listens for it

    async def __call__(self, scope, receive, send):
        """Whatever ends the connection (a close, an error in a handler), the page leaves."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            await Pages.here().leave(self, getattr(self, "alarm_groups", []))

    async def connect(self):
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=4401)
            return
        if await database_sync_to_async(second_factor.is_missing)(
            self.scope.get("session", {}), self.user
        ):
            await self.close(code=4403)  # alarms name people: not before the second factor
            return
        self.alarm_groups = await database_sync_to_async(_groups)(self.user)
        await self.accept()
        pages = Pages.here()
        await pages.join(self, self.alarm_groups)
        for payload in await database_sync_to_async(realtime.active_for)(self.user):
            await self.send_json(payload)
        await self.send_json({"type": "hello"})
        pages.release(self)  # what changed meanwhile, after the state it changed
        start_escalation_timer()

    async def dispatch(self, message):
        """As channels' own, without its thread hop to close stale database connections before
        every message from the page: here every database call goes through
        database_sync_to_async, which closes them itself, and the hops queue on one thread,
        where a thousand pages confirming an alarm held up the alarm's own requests."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except ValueError:
            return None  # a page's garbage is ignored, not a reason to drop its connection

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        if content.get("type") == "delivered" and isinstance(content.get("alarm"), int):
            record_delivery(content["alarm"], self.user.pk)
        elif content.get("type") == "ping":
            await self.send_json({"type": "pong"})


_timer = None
_deliveries = defaultdict(set)  # alarm id -> ids of people whose page has shown it
_flusher = None
DELIVERY_BATCH_SECONDS = 0.2
DELIVERY_ATTEMPTS = 5


def record_delivery(alarm_id, person_id):
    """Deliveries are written in batches: a thousand pages answering at once make a few
    updates, not a thousand writes queued before the next request."""
    global _flusher
    _deliveries[alarm_id].add(person_id)
    if _flusher is None or _flusher.done():
        _flusher = asyncio.get_running_loop().create_task(_flush_deliveries())


async def _flush_deliveries(attempt=1):
    """A batch that could not be written (the database busy or briefly away) goes back into the
    next one, up to DELIVERY_ATTEMPTS times: a delivery shown on a page is not forgotten."""
    global _flusher
    await asyncio.sleep(DELIVERY_BATCH_SECONDS * attempt)
    batch = dict(_deliveries)
    _deliveries.clear()
    try:
        await database_sync_to_async(services.mark_delivered_many)(batch)
    except Exception:
        if attempt >= DELIVERY_ATTEMPTS:
            logger.exception("recording alarm deliveries failed")
            return
        logger.warning("recording alarm deliveries failed; trying again", exc_info=True)
        for alarm_id, people in batch.items():
            _deliveries[alarm_id].update(people)
        _flusher = asyncio.get_running_loop().create_task(_flush_deliveries(attempt + 1))


def start_escalation_timer():
    """One timer per process that escalates unanswered alarms every ALARM_CHECK_SECONDS, so
    that alarms escalate while the worker is down and when no page is open. It starts with the
    server (tryghed.asgi); several processes may run it: an escalation is claimed by one of
    them (services)."""
    global _timer
    if settings.ALARM_CHECK_SECONDS <= 0:
        return
    loop = asyncio.get_running_loop()
    if _timer is not None and not _timer.done() and _timer.get_loop() is loop:
        return
    _timer = loop.create_task(_escalation_loop())


async def stop_escalation_timer():
    global _timer
    timer, _timer = _timer, None
    if timer is not None and not timer.done() and timer.get_loop() is asyncio.get_running_loop():
        timer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await timer


async def _escalation_loop():
    while True:
        await asyncio.sleep(settings.ALARM_CHECK_SECONDS)
        try:
            await database_sync_to_async(services.escalate_due)()
        except Exception:
            logger.exception("escalating alarms failed")
