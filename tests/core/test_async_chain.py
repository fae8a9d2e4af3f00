"""Every middleware can run as a coroutine, as Django's own ASGI handler and its AsyncClient
run them: one that could run only as a function put the rest of the chain in a thread calling
back into the event loop, and a client that hung up then left "CurrentThreadExecutor already
quit or is broken" in the log and request_finished not run (core/static_files.py). The ASGI
server runs them as functions, in one thread (core/handler.py, tests/core/test_handler.py)."""

from django.conf import settings
from django.utils.module_loading import import_string


def test_every_middleware_can_run_as_a_coroutine():
    sync_only = [
        path
        for path in settings.MIDDLEWARE
        if not getattr(import_string(path), "async_capable", False)
    ]
    assert sync_only == []
