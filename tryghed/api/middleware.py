"""Under /api/v1/, the two answers Django and django-ninja make before any operation runs (no
such path: 404; no such method on a path: 405) are JSON, as every other API answer is."""

from asgiref.sync import iscoroutinefunction
from django.http import JsonResponse
from django.utils.decorators import sync_and_async_middleware
from django.utils.translation import gettext as _

from tryghed.api.errors import body

PREFIX = "/api/v1/"


def _as_json(request, response):
    if not request.path.startswith(PREFIX) or response.status_code not in (404, 405):
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        return response  # an operation's own 404 (a case one may not see)
    if response.status_code == 404:
        answer = JsonResponse(body("not_found", _("Not found.")), status=404)
    else:
        answer = JsonResponse(body("method_not_allowed", _("Method not allowed.")), status=405)
        answer["Allow"] = response["Allow"]
    answer["Cache-Control"] = "no-store, private"
    return answer


@sync_and_async_middleware
def json_errors(get_response):
    if iscoroutinefunction(get_response):

        async def middleware(request):
            return _as_json(request, await get_response(request))

    else:

        def middleware(request):
            return _as_json(request, get_response(request))

    return middleware
