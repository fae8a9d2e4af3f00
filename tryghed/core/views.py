from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from tryghed.core.models import Heartbeat


@never_cache
def health(request):
    """For monitoring: 200 "ok" when the database answers and the worker has swept within twice
    SWEEP_INTERVAL_SECONDS; otherwise 503 with one line naming the check that failed. A worker
    that has never swept (a fresh install) fails too. The demo runs no worker."""
    if not _database_answers():
        return _unhealthy("database: no answer")
    if not settings.DEMO:
        last = Heartbeat.last(Heartbeat.SWEEP)
        if last is None:
            return _unhealthy("worker: no sweep recorded yet")
        age = (timezone.now() - last).total_seconds()
        if age > 2 * settings.SWEEP_INTERVAL_SECONDS:
            return _unhealthy(f"worker: last sweep {int(age)} s ago")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def health_app(request):
    """For the load balancer: 200 while this app process and its database answer, whatever the
    worker does, so that a stopped worker never takes the panic button off the net."""
    if not _database_answers():
        return _unhealthy("database: no answer")
    return HttpResponse("ok", content_type="text/plain")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _unhealthy(reason):
    return HttpResponse(f"failed: {reason}", content_type="text/plain", status=503)


def favicon(request):
    """Browsers and Django's admin ask for /favicon.ico whatever the page links to."""
    return redirect(static("tryghed/favicon.svg"), permanent=True)
