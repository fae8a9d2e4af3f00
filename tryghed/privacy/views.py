from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tryghed.accounts.models import User
from tryghed.organizations import access
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
