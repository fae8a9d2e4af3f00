from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tryghed.organizations import access
from tryghed.organizations.models import Contact, Unit


@login_required
def unit_list(request):
    units = Unit.objects.visible_to(request.user).select_related("parent")
    return render(request, "organizations/unit_list.html", {"units": units})


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    ancestors = unit.ancestors()
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "visible_ancestor_ids": set(
            Unit.objects.visible_to(request.user)
            .filter(pk__in=[a.pk for a in ancestors])
            .values_list("pk", flat=True)
        ),
        "children": unit.children.visible_to(request.user),
        "people": unit.people_with_roles(),
        "contacts": Contact.objects.for_unit(unit).values(),
        "may_place_people": unit.pk in access.placing_units(request.user),
    }
    return render(request, "organizations/unit_detail.html", context)
