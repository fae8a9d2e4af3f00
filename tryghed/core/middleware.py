"""tryghed's middleware. Each runs as the chain around it runs, as a coroutine under the ASGI
server and as a function under WSGI and the test client: one that ran only as a function
would put the rest of the chain in a thread that calls back into the event loop
(core/static_files.py says what that broke). `around(before, after)` makes one from what
happens before the view and after it; neither may touch the database."""

import uuid

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.utils import translation
from django.utils.decorators import sync_and_async_middleware


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


def _give_request_id(request):
    try:
        request.request_id = uuid.UUID(request.headers.get("X-Request-ID", ""))
    except ValueError:
        request.request_id = uuid.uuid4()


def _send_request_id(request, response):
    response["X-Request-ID"] = str(request.request_id)


# Give each request an id that the audit log and the logs share (from the reverse proxy's
# X-Request-ID when it sends a valid one).
request_id = around(_give_request_id, _send_request_id)


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
