"""What a request computes once: the unit tree, the person's memberships, the layout's figures.

Every page's header, menu and access checks ask the same questions many times (the tree alone
was loaded five times per page). `per_request` keeps an answer for the rest of the request in a
context variable that `middleware` gives each request and takes away at its end, so no answer
outlives its request and none is shared between requests, processes or threads. Outside a
request (the worker, management commands, a test calling a function) nothing is kept and
every call computes afresh, except inside `kept()`: a report keeps its answers until it is
made, for itself and the receivers of its signals.

A request that changes what was kept (an administrator saving a unit) calls `forget()`;
organizations/receivers.py does so on every change of a unit or a membership.
"""

import contextlib
import contextvars

from asgiref.sync import iscoroutinefunction
from django.utils.decorators import sync_and_async_middleware

_kept = contextvars.ContextVar("tryghed_request_memo", default=None)


def per_request(key, compute):
    """`compute()`, once per request for each `key`."""
    kept = _kept.get()
    if kept is None:
        return compute()
    if key not in kept:
        kept[key] = compute()
    return kept[key]


def forget():
    """Drop what this request kept: it changed."""
    kept = _kept.get()
    if kept is not None:
        kept.clear()


@contextlib.contextmanager
def request_scope():
    """What runs inside keeps its answers, and loses them at the end."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


@contextlib.contextmanager
def kept():
    """What runs inside keeps its answers: within a request, the request's; elsewhere (a
    service called by the worker, a command or a test), until the block ends."""
    if _kept.get() is not None:
        yield
    else:
        with request_scope():
            yield


@sync_and_async_middleware
def middleware(get_response):
    """Give each request its own, empty memo, and take it away when the response is made.
    Under ASGI the view's thread runs in a copy of this context: it sees the same memo."""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            with request_scope():
                return await get_response(request)

    else:

        def middleware(request):
            with request_scope():
                return get_response(request)

    return middleware
