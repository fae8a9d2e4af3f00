import hmac

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from tryghed.core import health, metrics


@never_cache
def live(request):
    """The process answers: nothing else is asked (a supervisor restarts a process that does
    not)."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """For monitoring: 200 when every check passes, else 503; each check is named with "ok",
    "skipped" or what is wrong (core/health.py). Nothing else: no counts, no versions."""
    checks = health.ready()
    failed = [name for name, outcome in checks.items() if outcome not in (health.OK, "skipped")]
    body = {"status": "failed" if failed else "ok", "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)


@never_cache
def health_app(request):
    """For the load balancer: 200 while this app process and its database answer, whatever the
    worker does, so that a stopped worker never takes the panic button off the net."""
    if not _database_answers():
        return HttpResponse("failed: database: no answer", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


@never_cache
def prometheus(request):
    """Prometheus metrics, for a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`;
    to anyone else (and always without METRICS_TOKEN) there is nothing here."""
    token = settings.METRICS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme != "Bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


def favicon(request):
    """Browsers and Django's admin ask for /favicon.ico whatever the page links to."""
    return redirect(static("tryghed/favicon.svg"), permanent=True)
