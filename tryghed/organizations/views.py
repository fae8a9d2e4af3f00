from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tryghed.organizations.models import Contact, Unit


@login_required
def unit_list(request):
    units = Unit.objects.visible_to(request.user).select_related("parent")
    return render(request, "organizations/unit_list.html", {"units": units})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    context = {
        "unit": unit,
        "ancestors": unit.ancestors(),
        "children": unit.children.visible_to(request.user),
        "memberships": unit.memberships.select_related("user").order_by("role", "user__name"),
        "contacts": Contact.objects.for_unit(unit).values(),
    }
    return render(request, "organizations/unit_detail.html", context)
