"""tryghed's middleware. Each runs as the chain around it runs: as a function under the ASGI
server (core/handler.py runs the whole chain in one thread), WSGI and the test client, and as
a coroutine under Django's own ASGI handler and its AsyncClient, where one that ran only as a
function would put the rest of the chain in a thread that calls back into the event loop
(core/static_files.py says what that broke). `around(before, after)` makes one from what
happens before the view and after it; neither may touch the database."""

import logging
import time
import uuid

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.utils import translation
from django.utils.decorators import sync_and_async_middleware
from django.utils.functional import empty

from tryghed.core import logs, metrics

request_logger = logging.getLogger("tryghed.requests")
# Asked every few seconds by the load balancer and monitoring: their lines are DEBUG.
HEALTH_ROUTES = {"/sundhed/live", "/sundhed/ready", "/sundhed/app/"}


def around(before, after):
    """A middleware that calls `before(request)`, then the rest of the chain, then
    `after(request, response)`, in whichever mode the chain runs."""

    @sync_and_async_middleware
    def make(get_response):
        if iscoroutinefunction(get_response):

            async def middleware(request):
                before(request)
                response = await get_response(request)
                after(request, response)
                return response

        else:

            def middleware(request):
                before(request)
                response = get_response(request)
                after(request, response)
                return response

        return middleware

    return make


def _start_request(request):
    request.started = time.perf_counter()
    request.request_id = _incoming_id(request) or uuid.uuid4()
    # Not reset afterwards: Django logs an error response (django.request) after the middleware
    # has returned, and each request sets its own id before anything is logged.
    logs.request_id.set(str(request.request_id))


def _finish_request(request, response):
    response["X-Request-ID"] = str(request.request_id)
    _log(request, response, time.perf_counter() - request.started)


# Give each request an id that the audit log, the logs and the tasks it causes share (from the
# reverse proxy's X-Request-ID when that is a UUID, in any of its spellings, such as nginx's 32
# hex digits; else a new one), and log one line for it: method, URL pattern (never the path,
# which may hold ids, nor the query), status, duration and the person's numeric id. It is
# counted in the metrics too.
request_log = around(_start_request, _finish_request)


def _incoming_id(request):
    try:
        return uuid.UUID(request.headers.get("X-Request-ID", "")[:64])
    except ValueError:
        return None


def _log(request, response, seconds):
    route = _route(request)
    metrics.observe_request(
        route=route, method=request.method, status=response.status_code, seconds=seconds
    )
    level = logging.DEBUG if route in HEALTH_ROUTES else logging.INFO
    request_logger.log(
        level,
        "%s %s %s %d ms",
        request.method,
        route,
        response.status_code,
        round(seconds * 1000),
        extra={
            "request_id": str(request.request_id),
            "user_id": _user_id(request),
            "method": request.method,
            "route": route,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
        },
    )


def _route(request):
    """The URL pattern that answered ("/episoder/<int:pk>/"), or "unmatched"."""
    if getattr(request, "health_route", None):
        return request.health_route
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None else "unmatched"


def _user_id(request):
    """The person's primary key, if the request already knew who they are: looking them up for
    the log alone would cost a query on pages that never asked."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


@sync_and_async_middleware
def health(get_response):
    """Answer the health checks whatever the host (the host check, organizations.hosts, lets
    these paths through): a load balancer asks by address, not by the municipality's name.
    Only the path is read, matched exactly; nothing else of the request is used, and every
    other request goes on as usual. (They are also exempt from the HTTPS redirect:
    settings.SECURE_REDIRECT_EXEMPT.)"""
    from tryghed.core import views

    answers = {
        "/sundhed/live": views.live,
        "/sundhed/ready": views.ready,
        "/sundhed/app/": views.health_app,
    }

    if iscoroutinefunction(get_response):

        async def middleware(request):
            view = answers.get(request.path_info)
            if view is None:
                return await get_response(request)
            request.health_route = request.path_info
            return await sync_to_async(view)(request)

    else:

        def middleware(request):
            view = answers.get(request.path_info)
            if view is None:
                return get_response(request)
            request.health_route = request.path_info
            return view(request)

    return middleware


def _choose_language(request):
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    translation.activate(code)
    request.LANGUAGE_CODE = code


def _tell_language(request, response):
    response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)


# Danish first: the page is Danish unless the person chose English with the language switch (a
# cookie). The browser's Accept-Language is not consulted, so a borrowed or English-set
# computer does not change the language of a Danish workplace.
language = around(_choose_language, _tell_language)


def _no_store(request, response):
    session = getattr(request, "session", None)
    touched = session is not None and (session.accessed or session.modified)
    if touched and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store, private"


# Keep pages with personal data out of every cache, the browser's included: on a shared PC,
# Back after logout must not show a case. Any response to a request that read or wrote the
# session (every logged-in page does, to find the person) is `no-store`, unless the view chose
# its own caching. Static files never get here (WhiteNoise answers them first), and nor does
# anything that leaves the session alone, such as the health check.
private_pages = around(lambda request: None, _no_store)
