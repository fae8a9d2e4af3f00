from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from tryghed import audit
from tryghed.accounts.second_factor import people_with_factor
from tryghed.audit.models import Action
from tryghed.organizations import access, directory
from tryghed.organizations.forms import AccessOverviewFilter
from tryghed.organizations.models import Contact, Membership, Unit

PEOPLE_PER_PAGE = 50


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
    }
    return render(request, "organizations/unit_detail.html", context)


@login_required
def access_overview(request):
    """Who can do what: per person, their roles and units and whether they have a second
    factor. Administrators (their units) and HR (the municipality); everyone else 404."""
    if not access.may_see_access_overview(request.user):
        raise Http404
    form = AccessOverviewFilter(
        request.GET or None, units=access.access_overview_units(request.user)
    )
    people = get_user_model().objects.filter(is_active=True).order_by("name", "email")
    people = form.filter(people) if not form.is_bound or form.is_valid() else people.none()
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("side"))
    rows = access_rows(page.object_list, form.units)
    audit.record(
        actor=request.user,
        action=Action.ACCESS_OVERVIEW_VIEWED,
        request=request,
        unit=form.cleaned_data.get("unit") if form.is_bound and form.is_valid() else None,
        page=page.number,
        searched=bool(request.GET.get("q")),
    )
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "organizations/access_overview.html", context)


def access_rows(people, units):
    """(person, [(title, unit)], has a second factor) for one page: three queries in all. Only
    the memberships in `units` are shown: the rest is not this viewer's to see."""
    people = list(people)
    ids = [p.pk for p in people]
    memberships = defaultdict(list)
    found = Membership.objects.filter(user_id__in=ids, unit_id__in=units).select_related("unit")
    tree = access.tree()
    for membership in found.order_by("unit__name", "role"):
        memberships[membership.user_id].append(
            (directory.role_title(membership, tree, plain=True), membership.unit)
        )
    secured = people_with_factor(ids)
    return [(p, memberships[p.pk], p.pk in secured) for p in people]
