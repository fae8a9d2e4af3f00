"""The shared cache (Redis), for what may be forgotten: rate-limit counters and memos.

When Redis does not answer, Django's RedisCache raises and every page that touches the cache
(the login page counts attempts) answers 500. Nothing kept here is the only copy of anything,
so this cache answers as an empty one instead: a read finds nothing, a write is dropped, and a
warning is logged. Rate limits count nothing while Redis is away (a person can still log in
and raise an alarm); `/sundhed/ready` reports Redis as down meanwhile.
"""

import functools
import logging

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# What each method answers when Redis is away: what an empty cache that forgets at once would
# answer. An add succeeds (nothing was there), so a lock taken with add is granted and a rate
# limit lets the request through rather than refusing everyone.
_EMPTY = {
    "add": True,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


def _forgiving(name, method, empty):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except redis.RedisError as error:
            logger.warning("cache %s failed: Redis unavailable (%s)", name, type(error).__name__)
            if name == "get":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            return empty

    return call


class ForgivingRedisCache(RedisCache):
    """RedisCache that answers as an empty cache while Redis is unreachable."""

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except redis.RedisError as error:
            logger.warning("cache incr failed: Redis unavailable (%s)", type(error).__name__)
            raise ValueError("Key not found") from error  # as for a key the cache lost


for _name, _empty in _EMPTY.items():
    setattr(
        ForgivingRedisCache,
        _name,
        _forgiving(_name, getattr(RedisCache, _name), _empty),
    )
