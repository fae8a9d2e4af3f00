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
