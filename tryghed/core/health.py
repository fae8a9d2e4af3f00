"""The checks behind /sundhed/ready: each answers "ok", "skipped" (not part of this set-up) or
a fixed word for what is wrong, never an exception's text, a count or a name."""

import logging
import uuid

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from tryghed.core import taskqueue
from tryghed.core.models import Heartbeat

logger = logging.getLogger(__name__)
OK, SKIPPED = "ok", "skipped"


def database(alias="default"):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return OK


def replica():
    """The read replica of the statistics (core/replica.py), when DATABASE_REPLICA_URL sets
    one."""
    alias = getattr(settings, "READ_REPLICA", None)
    return database(alias) if alias else SKIPPED


def redis_server():
    """The channel layer's and the cache's Redis, when REDIS_URL sets one."""
    if not settings.REDIS_URL:
        return SKIPPED
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        return "unreachable"
    finally:
        client.close()
    return OK


def storage():
    """The uploads' storage takes a file and lets it be deleted again."""
    try:
        name = default_storage.save(f"sundhed/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception:
        logger.warning("the storage check failed", exc_info=True)
        return "not writable"
    return OK


def tasks(now):
    """The oldest task due has waited no longer than HEALTH_TASK_MAX_AGE_SECONDS."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return SKIPPED  # the demo and the tests run tasks at once
    try:
        waited = taskqueue.oldest_wait_seconds(now)
    except DatabaseError:
        return "unreachable"
    return OK if waited <= settings.HEALTH_TASK_MAX_AGE_SECONDS else "too old"


def sweep(now):
    """The worker swept within HEALTH_SWEEP_MAX_AGE_SECONDS. The demo runs no worker."""
    if settings.DEMO:
        return SKIPPED
    try:
        last = Heartbeat.last(Heartbeat.SWEEP)
    except DatabaseError:
        return "unreachable"
    if last is None:
        return "never ran"
    too_old = (now - last).total_seconds() > settings.HEALTH_SWEEP_MAX_AGE_SECONDS
    return "too old" if too_old else OK


def ready():
    """{check: outcome} for every check, in a fixed order."""
    now = timezone.now()
    answers = database()
    # Without the database the queue and the heartbeat cannot be read: not tried again, each
    # would wait for a connection as long as the first did.
    return {
        "database": answers,
        "replica": replica(),
        "redis": redis_server(),
        "storage": storage(),
        "tasks": tasks(now) if answers == OK else answers,
        "sweep": sweep(now) if answers == OK else answers,
    }
