import uuid

from django.conf import settings
from django.utils import translation


def request_id(get_response):
    """Give each request an id that the audit log and the logs share (from the reverse proxy's
    X-Request-ID when it sends a valid one)."""

    def middleware(request):
        try:
            request.request_id = uuid.UUID(request.headers.get("X-Request-ID", ""))
        except ValueError:
            request.request_id = uuid.uuid4()
        response = get_response(request)
        response["X-Request-ID"] = str(request.request_id)
        return response

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
