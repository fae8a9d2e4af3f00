import logging
import time
import uuid

from django.conf import settings
from django.utils import translation
from django.utils.functional import empty

from tryghed.core import logs, metrics

request_logger = logging.getLogger("tryghed.requests")
# Asked every few seconds by the load balancer and monitoring: their lines are DEBUG.
HEALTH_ROUTES = {"/sundhed/live", "/sundhed/ready", "/sundhed/app/"}


def request_log(get_response):
    """Give each request an id that the audit log, the logs and the tasks it causes share
    (from the reverse proxy's X-Request-ID when that is a UUID, in any of its spellings, such
    as nginx's 32 hex digits; else a new one), and log one line for it: method, URL pattern
    (never the path, which may hold ids, nor the query), status, duration and the person's
    numeric id. It is counted in the metrics too."""

    def middleware(request):
        started = time.perf_counter()
        request.request_id = _incoming_id(request) or uuid.uuid4()
        # Not reset afterwards: Django logs an error response (django.request) after the
        # middleware has returned, and each request sets its own id before anything is logged.
        logs.request_id.set(str(request.request_id))
        response = get_response(request)
        response["X-Request-ID"] = str(request.request_id)
        _log(request, response, time.perf_counter() - started)
        return response

    return middleware


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


def health(get_response):
    """Answer the health checks before the host check: a load balancer asks by address, not by
    the municipality's name. Only the path is read, matched exactly; nothing else of the
    request is used, and every other request goes on as usual. (They are also exempt from the
    HTTPS redirect: settings.SECURE_REDIRECT_EXEMPT.)"""
    from tryghed.core import views

    answers = {
        "/sundhed/live": views.live,
        "/sundhed/ready": views.ready,
        "/sundhed/app/": views.health_app,
    }

    def middleware(request):
        view = answers.get(request.path_info)
        if view is None:
            return get_response(request)
        request.health_route = request.path_info
        return view(request)

    return middleware


def language(get_response):
    """Danish first: the page is Danish unless the person chose English with the language
    switch (a cookie). The browser's Accept-Language is not consulted, so a borrowed or
    English-set computer does not change the language of a Danish workplace."""

    def middleware(request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response

    return middleware


def private_pages(get_response):
    """Keep pages with personal data out of every cache, the browser's included: on a shared
    PC, Back after logout must not show a case. Any response to a request that read or wrote
    the session (every logged-in page does, to find the person) is `no-store`, unless the
    view chose its own caching. Static files never get here (WhiteNoise answers them first),
    and nor does anything that leaves the session alone, such as the health check."""

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        touched = session is not None and (session.accessed or session.modified)
        if touched and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store, private"
        return response

    return middleware
