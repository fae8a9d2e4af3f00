from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tryghed.accounts.models import User
from tryghed.organizations import access
from tryghed.organizations import privacy as privacy_record
from tryghed.organizations.models import Contact, ContactKind, Municipality
from tryghed.privacy import own_data
from tryghed.privacy.forms import CopyRequestForm


@require_POST
@login_required
def own_copy(request):
    """The person's own copy of everything Tryghed holds about them, as one ZIP."""
    content = own_data.produce(person=request.user, by=request.user, request=request)
    return _zip_response(content, "tryghed-mine-data")


@login_required
def copy_for_person(request):
    """HR produce a person's copy on request, with the reason; nobody else sees this page."""
    if not access.may_produce_copies(request.user):
        raise Http404
    people = access.copy_subjects_for(request.user, User.objects.all())
    form = CopyRequestForm(request.POST or None, people=people)
    if form.is_bound and form.is_valid():
        person, reason = form.cleaned_data["person"], form.cleaned_data["reason"]
        content = own_data.produce(person=person, by=request.user, reason=reason, request=request)
        return _zip_response(content, f"tryghed-data-{person.pk}")
    return render(request, "privacy/copy_for_person.html", {"form": form})


def _zip_response(content, stem):
    day = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day}.zip"'
    return response


@login_required
def page(request):
    """How Tryghed handles personal data, with the person's own municipality's parts: for
    everyone whose data it holds (GDPR art. 13 and 14), and the record its DPO keeps."""
    municipality = _municipality_of(request)
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
        "may_see_retention": bool(access.retention_municipalities(request.user)),
    }
    return render(request, "organizations/privacy.html", context)


def _municipality_of(request):
    """The reader's own municipality (Municipality.objects.root_for), or None."""
    root = Municipality.objects.root_for(request)
    return Municipality.objects.filter(unit_id=root).select_related("unit").first()
