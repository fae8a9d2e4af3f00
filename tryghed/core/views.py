from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache

from tryghed.alarms.services import guard_requests_waiting_for
from tryghed.core.models import Heartbeat
from tryghed.followup.models import FollowUpTask
from tryghed.organizations.models import Contact, Unit


def _contacts_for(user):
    """The contacts that apply where the person works (their first unit), else the
    municipality's."""
    unit = Unit.objects.filter(memberships__user=user).first() if user.is_authenticated else None
    unit = unit or Unit.objects.roots().first()
    return Contact.objects.for_unit(unit) if unit else {}


@login_required
def home(request):
    context = {
        "contacts": _contacts_for(request.user),
        "overdue_tasks": FollowUpTask.objects.overdue().assigned_to(request.user).count(),
        "guard_requests_waiting": guard_requests_waiting_for(request.user),
    }
    return render(request, "core/home.html", context)


def quick_guide(request):
    """The one-screen guide: before, during, after, with the numbers to call. Open without
    login, so it can be reached from a locked phone's browser or a printed QR code."""
    return render(request, "core/quick_guide.html", {"contacts": _contacts_for(request.user)})


def quick_guide_poster(request):
    """The quick guide as an A4 poster for the wall by the reception desk."""
    from weasyprint import HTML  # slow to import; only this page needs it

    html = render_to_string(
        "core/quick_guide_poster.html", {"contacts": _contacts_for(request.user)}, request=request
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="lyn-guide.pdf"'
    return response


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
