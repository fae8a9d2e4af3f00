"""The shared cache when Redis does not answer: logging in still works (the wrong-password
counter counts nothing meanwhile), and what the cache was asked to keep is simply not there.
The cache points at a port where nothing listens, as when Redis has stopped."""

import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from tryghed.settings import redis_cache

from ..accounts.test_login_limits import log_in, logged_in

GONE = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_gone():
    with override_settings(CACHES={"default": redis_cache(GONE)}):  # Django rebuilds caches
        yield caches["default"]


def test_an_unreachable_redis_reads_as_an_empty_cache_and_gives_up_fast(redis_gone):
    started = time.monotonic()
    assert redis_gone.get("x") is None
    assert redis_gone.get("x", "fallback") == "fallback"
    assert redis_gone.add("x", 1) is True  # nothing was there
    redis_gone.set("x", 1)
    assert redis_gone.get_many(["x", "y"]) == {}
    with pytest.raises(ValueError, match="Key not found"):
        redis_gone.incr("x")
    assert time.monotonic() - started < 10


def test_a_person_logs_in_while_redis_is_down(client, employee, redis_gone, caplog):
    assert logged_in(log_in(client, employee, password="forkert")) is False
    assert logged_in(log_in(client, employee))
    assert "Redis unavailable" in caplog.text
    assert employee.email not in caplog.text
