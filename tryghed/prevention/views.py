from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryghed.organizations import access
from tryghed.prevention.models import Measure


@login_required
def measures(request):
    """The measures of the units the person looks after: open first, overdue at the top."""
    visible = Measure.objects.visible_to(request.user)
    if not visible.exists() and not access.units_where(request.user, access.Perm.VIEW_CASES):
        raise Http404
    rows = visible.select_related("unit", "owner", "incident").order_by("done_at", "due_on", "pk")
    return render(
        request, "prevention/measures.html", {"measures": rows, "today": timezone.localdate()}
    )


@require_POST
@login_required
def complete_measure(request, pk):
    measure = get_object_or_404(Measure.objects.visible_to(request.user), pk=pk)
    if not access.may_complete_measure(request.user, measure):
        raise PermissionDenied
    if measure.done_at is None:
        measure.done_at = timezone.now()
        measure.done_by = request.user
        measure.save(update_fields=["done_at", "done_by"])
        messages.success(request, _("The measure is marked as done."))
    return redirect("prevention:measures")
