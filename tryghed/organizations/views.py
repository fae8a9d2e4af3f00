from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from tryghed.core.streaming import file_response
from tryghed.organizations import access
from tryghed.organizations.models import Contact, Municipality, Unit


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


@login_required
@cache_control(private=True, max_age=86400)
def logo(request):
    """The logo of the person's own municipality, for the header; its address carries the
    file's name, so a new logo is fetched anew."""
    root = access.municipality_of(request.user)
    settings = Municipality.objects.filter(unit_id=root).exclude(logo="").first()
    if settings is None:
        raise Http404
    return file_response(request, settings.logo.open("rb"))
