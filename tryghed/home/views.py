from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from tryghed.alarms.services import guard_requests_waiting_for
from tryghed.followup.models import FollowUpTask
from tryghed.guidance.models import GuidancePoint
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
    return render(request, "home/home.html", context)


def quick_guide(request):
    """The one-screen guide: before, during, after, with the numbers to call. Open without
    login, so it can be reached from a locked phone's browser or a printed QR code."""
    context = {
        "contacts": _contacts_for(request.user),
        "advice": GuidancePoint.objects.advice(),
    }
    return render(request, "home/quick_guide.html", context)


def quick_guide_poster(request):
    """The quick guide as an A4 poster for the wall by the reception desk."""
    from weasyprint import HTML  # slow to import; only this page needs it

    html = render_to_string(
        "home/quick_guide_poster.html", {"contacts": _contacts_for(request.user)}, request=request
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="lyn-guide.pdf"'
    return response
