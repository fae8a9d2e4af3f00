"""Settings for the test suite: Tryghed's own settings, over plain HTTP, with fast hashing."""

import os

os.environ.setdefault("TRYGHED_HTTPS", "false")

from tryghed.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# The test client's host, as Django's test set-up adds it to ALLOWED_HOSTS.
HOSTS_FROM_ENVIRONMENT = [*HOSTS_FROM_ENVIRONMENT, "testserver"]  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# In memory whatever REDIS_URL says: every test starts with these emptied (tests/conftest.py),
# and the tests that need Redis ask for it themselves (tests/alarms/test_realtime_redis.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CHANNEL_LAYERS = {"default": IN_MEMORY_CHANNEL_LAYER}  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The same backend, emptying tables with DELETE between committing tests: faster.
    DATABASES["default"]["ENGINE"] = "tests.backends.postgresql"  # noqa: F405
    # A commit does not wait for the disk: the test database is thrown away, and each commit
    # of a committing test (browser tests, the servers they start) waited ~4 ms for fsync.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
# The read replica's alias as a mirror of the test database (no database of its own): the
# tests that read from it (tests/stats/test_replica.py) turn READ_REPLICA on themselves.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# Without a pool of its own, which would keep the test database open when it is dropped.
_options = DATABASES["default"].get("OPTIONS", {})  # noqa: F405
DATABASES["replica"]["OPTIONS"] = {k: v for k, v in _options.items() if k != "pool"}  # noqa: F405
