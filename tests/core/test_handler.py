"""Under the ASGI server the middleware chain and the view run in one handover to a thread
(core/handler.py): a logged-in page, a 404 and a static file, sent in chunks, through the
application `tryghed serve` runs."""

import pytest
from asgiref import sync
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator

pytestmark = pytest.mark.django_db(transaction=True)


async def _get(path, headers=()):
    """The status and the whole body, as a browser gets them (a streamed response's last
    message may have no body, which channels' HttpCommunicator does not take)."""
    from tryghed.asgi import application

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(b"host", b"localhost"), *headers],
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(30)
    body, more = b"", True
    while more:
        message = await communicator.receive_output(30)
        body += message.get("body", b"")
        more = message.get("more_body", False)
    await communicator.wait(30)
    return {"status": start["status"], "body": body}


get = async_to_sync(_get)


@pytest.fixture
def handovers(monkeypatch):
    """What the request hands to a thread through sync_to_async, by the function's name."""
    names = []
    handing_over = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        names.append(getattr(self.func, "__name__", repr(self.func)))
        return await handing_over(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted)
    return names


def test_a_page_hands_its_middleware_and_view_to_the_thread_once(client, employee, handovers):
    client.force_login(employee)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    get("/", [(b"cookie", cookie)])  # the first request of a process sets things up
    handovers.clear()
    response = get("/", [(b"cookie", cookie)])
    assert response["status"] == 200
    assert "Maja Nørgaard" in response["body"].decode()
    # (get_response, or Sentry's wrapper of it where a test has turned Sentry on)
    assert sum("get_response" in name for name in handovers) == 1, handovers
    # Besides it: request_started's receivers and closing the response (request_finished).
    # Django's own handler made 19 handovers for this page.
    assert len(handovers) <= 4, handovers


def test_a_missing_page_and_a_static_file_are_served_as_before(employee):
    assert get("/findes-ikke/")["status"] == 404
    css = get("/static/tryghed/tryghed.css")
    assert css["status"] == 200
    assert b".tryghed-" in css["body"]


def test_every_view_and_middleware_runs_as_a_function():
    """The chain runs as functions in the thread (core/handler.py): an asynchronous view or a
    middleware that cannot run as a function would call back into the event loop from it."""
    from asgiref.sync import iscoroutinefunction
    from django.conf import settings
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.utils.module_loading import import_string

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    found = list(views(get_resolver().url_patterns))
    assert len(found) > 100
    assert [view for view in found if iscoroutinefunction(view)] == []
    assert [
        path
        for path in settings.MIDDLEWARE
        if not getattr(import_string(path), "sync_capable", True)
    ] == []


@pytest.fixture
def threads_of_views(monkeypatch):
    """The thread each request's middleware chain and view runs in, in order; `hold` makes the
    first request's view wait until it is set."""
    import threading

    from tryghed.core.handler import OneThreadASGIHandler

    seen, hold = [], threading.Event()
    hold.set()
    respond = OneThreadASGIHandler.get_response

    def recorded(self, request):
        seen.append(threading.current_thread())  # not its ident: a new thread may get an old one
        if len(seen) == 1:
            hold.wait(10)
        return respond(self, request)

    monkeypatch.setattr(OneThreadASGIHandler, "get_response", recorded)
    return seen, hold


def test_requests_one_after_another_are_served_in_one_kept_thread(threads_of_views):
    seen, _hold = threads_of_views
    for _ in range(3):
        assert get("/findes-ikke/")["status"] == 404
    assert len(seen) == 3 and seen[0] is seen[1] is seen[2]
    assert seen[0].name.startswith("tryghed-request")  # not the test's own thread


def test_requests_at_the_same_time_run_in_threads_of_their_own(threads_of_views):
    """The first request's view waits until the second has reached its own view: with one
    thread for both, the second would wait behind the first, and the first for ten seconds."""
    import asyncio
    import time

    seen, hold = threads_of_views
    hold.clear()

    async def both():
        first = asyncio.create_task(_get("/findes-ikke/"))
        while not seen:
            await asyncio.sleep(0.01)
        second = await _get("/findes-ikke/")
        hold.set()
        return await first, second

    started = time.monotonic()
    first, second = async_to_sync(both)()
    assert first["status"] == second["status"] == 404
    assert seen[0] is not seen[1]
    assert time.monotonic() - started < 5


def test_a_thread_still_running_the_view_of_a_cancelled_request_is_not_lent(threads_of_views):
    """Django's handler waits for the view of a client that hung up (its request_finished
    queues behind it in the thread); a server that cancels the application (as when it stops)
    does not, and the view runs on in its thread. The next request gets another thread and
    does not wait for it."""
    import asyncio
    import contextlib

    from tryghed.asgi import application

    seen, hold = threads_of_views
    hold.clear()

    async def hang_up_then_ask_again():
        scope = {
            "type": "http",
            "http_version": "1.1",
            "method": "GET",
            "path": "/findes-ikke/",
            "query_string": b"",
            "headers": [(b"host", b"localhost")],
        }
        gone = ApplicationCommunicator(application, scope)
        await gone.send_input({"type": "http.request", "body": b""})
        while not seen:
            await asyncio.sleep(0.01)
        await gone.send_input({"type": "http.disconnect"})
        gone.future.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await gone.future  # the handler is done; the view still waits
        answer = await asyncio.wait_for(_get("/findes-ikke/"), 5)
        hold.set()
        return answer

    assert async_to_sync(hang_up_then_ask_again)()["status"] == 404
    assert len(seen) == 2 and seen[0] is not seen[1]
