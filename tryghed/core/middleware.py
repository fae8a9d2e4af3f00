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
