from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from tryghed import audit
from tryghed.alarms import services as alarms
from tryghed.alarms.services import guard_requests_waiting_for
from tryghed.audit.models import Action
from tryghed.followup import deadlines
from tryghed.followup.models import FollowUpTask
from tryghed.guidance.models import GuidancePoint
from tryghed.home import layout as layouts
from tryghed.incidents.models import Incident, NewestConcerning
from tryghed.organizations import access
from tryghed.organizations.models import Contact, Municipality


def _contacts_for(request):
    """The contacts that apply where the person works (their first unit by name), else those
    of the reader's municipality (Municipality.objects.root_for)."""
    user = request.user
    placed = access.memberships_of(user) if user.is_authenticated else []
    unit = min((m.unit for m in placed), key=lambda unit: (unit.name, unit.pk), default=None)
    if unit is not None:
        return Contact.objects.for_unit(unit)
    root = Municipality.objects.root_for(request)
    return Contact.objects.for_unit_id(root) if root is not None else {}


@never_cache
@login_required
def home(request):
    """The front page: the start page of the person's highest role, or the one asked for in
    ?som=…, with links to the others they have."""
    guards = bool(layouts.for_request(request).guarded_sites())
    page, pages = access.start_page_for(request.user, request.GET.get("som", ""), guards)
    shown = START_PAGES[page](request.user)
    if page in (StartPage.MANAGER, StartPage.REPRESENTATIVE, StartPage.OVERVIEW):
        # Like the unit's list: which cases a person was shown is in the audit log.
        audit.record(
            actor=request.user,
            action=Action.INCIDENTS_LISTED,
            request=request,
            filters={"start_page": str(page)},
        )
    context = {
        "contacts": _contacts_for(request),
        "overdue_tasks": FollowUpTask.objects.overdue().assigned_to(request.user).count(),
        "guard_requests_waiting": guard_requests_waiting_for(request.user),
        "page": page,
        "pages": [(choice, START_PAGE_NAMES[choice]) for choice in pages],
        **shown,
    }
    return render(request, "home/home.html", context)


def _employee(user):
    return {"my_incidents": NewestConcerning(user)[:5]}


def _manager(user):
    tasks = FollowUpTask.objects.open().assigned_to(user).select_related("incident__unit")
    return {"cases": deadlines.by_case(tasks, timezone.now())}


def _representative(user):
    followed = Incident.objects.visible_to(user).open().select_related("unit")
    return {"followed": followed.order_by("-occurred_at")[:10]}


def _overview(user):
    serious = Incident.objects.visible_to(user).active().serious().select_related("unit")
    return {"serious": serious.order_by("-occurred_at")[:10]}


def _guard(user):
    return alarms.console_for(user)


StartPage = access.StartPage
START_PAGES = {
    StartPage.OVERVIEW: _overview,
    StartPage.MANAGER: _manager,
    StartPage.GUARD: _guard,
    StartPage.REPRESENTATIVE: _representative,
    StartPage.EMPLOYEE: _employee,
}
START_PAGE_NAMES = {
    StartPage.OVERVIEW: _("Overview"),
    StartPage.MANAGER: _("Manager"),
    StartPage.GUARD: _("Guard"),
    StartPage.REPRESENTATIVE: _("Elected representative"),
    StartPage.EMPLOYEE: _("Employee"),
}


def quick_guide(request):
    """The one-screen guide: before, during, after, with the numbers to call. Open without
    login, so it can be reached from a locked phone's browser or a printed QR code."""
    context = {
        "contacts": _contacts_for(request),
        "advice": GuidancePoint.objects.for_reader(request).advice(),
    }
    return render(request, "home/quick_guide.html", context)


def quick_guide_poster(request):
    """The quick guide as an A4 poster for the wall by the reception desk."""
    from weasyprint import HTML  # slow to import; only this page needs it

    html = render_to_string(
        "home/quick_guide_poster.html", {"contacts": _contacts_for(request)}, request=request
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="lyn-guide.pdf"'
    return response
