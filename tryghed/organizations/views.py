from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tryghed.organizations import privacy as privacy_record
from tryghed.organizations.models import Contact, ContactKind, Municipality, Unit


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
def privacy(request):
    """How Tryghed handles personal data, with the person's own municipality's parts: for
    everyone whose data it holds (GDPR art. 13 and 14), and the record its DPO keeps."""
    municipality = _municipality_of(request.user)
    contacts = Contact.objects.for_unit(municipality.unit) if municipality else {}
    context = {
        "municipality": municipality,
        "dpo": contacts.get(ContactKind.DATA_PROTECTION_OFFICER),
        "police_report_recipients": [
            contacts[kind]
            for kind in (ContactKind.POLICE_REPORT, ContactKind.POLICE_REPORT_ALTERNATE)
            if kind in contacts
        ],
        "work_injury_system": contacts.get(ContactKind.WORK_INJURY_SYSTEM),
        "counselling": contacts.get(ContactKind.COUNSELLING),
        "people": privacy_record.PEOPLE,
        "data": privacy_record.DATA,
        "purposes": privacy_record.PURPOSES,
        "legal_bases": privacy_record.LEGAL_BASES,
        "retention": privacy_record.retention_schedule(municipality),
    }
    return render(request, "organizations/privacy.html", context)


def _municipality_of(user):
    """The person's own municipality: the root above their places (one deployment has one)."""
    membership = user.memberships.select_related("unit").first()
    if membership is not None:
        return membership.unit.municipality
    root = Unit.objects.roots().first()
    return Municipality.objects.filter(unit=root).first() if root else None
