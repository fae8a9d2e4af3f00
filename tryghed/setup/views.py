from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryghed.organizations import access
from tryghed.prevention.models import OnboardingChecklist
from tryghed.setup import services
from tryghed.setup.people import PlacePersonForm
from tryghed.setup.sections import BY_KEY, usable_by


def _section_or_404(user, key):
    section = BY_KEY.get(key)
    if section is None or not section.may_use(user):
        raise Http404
    return section


@login_required
def index(request):
    if not access.may_edit_settings(request.user):
        raise Http404
    context = {"sections": usable_by(request.user)}
    return render(request, "setup/index.html", context)


@login_required
def section_list(request, key):
    section = _section_or_404(request.user, key)
    if section.prepare:
        section.prepare(request.user)
    editable = set(section.editable_rows(request.user).values_list("pk", flat=True))
    names = access.tree().names
    groups = {}
    for row in section.rows(request.user):
        copy_to = section.copy_to(request.user, row) if section.copy_to else []
        groups.setdefault(str(section.group(row)), []).append(
            {
                "row": row,
                "detail": section.detail(row),
                "editable": row.pk in editable,
                "copy_to": [(root, names.get(root, "")) for root in copy_to],
            }
        )
    context = {"section": section, "groups": groups}
    return render(request, "setup/list.html", context)


@login_required
def edit(request, key, pk=None):
    section = _section_or_404(request.user, key)
    if pk is None and not section.may_add:
        raise Http404
    row = get_object_or_404(section.editable_rows(request.user), pk=pk) if pk is not None else None
    form = section.form(request.POST or None, instance=row, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.save_setting(
            section=section, form=form, actor=request.user, request=request
        )
        messages.success(request, _("Saved: %(name)s.") % {"name": saved})
        return redirect("setup:list", key)
    return render(request, "setup/edit.html", {"section": section, "form": form, "row": row})


@login_required
def delete(request, key, pk):
    section = _section_or_404(request.user, key)
    if not section.may_delete:
        raise Http404
    row = get_object_or_404(section.editable_rows(request.user), pk=pk)
    if request.method == "POST":
        name = str(row)
        services.delete_setting(section=section, row=row, actor=request.user, request=request)
        messages.success(request, _("Deleted: %(name)s.") % {"name": name})
        return redirect("setup:list", key)
    return render(request, "setup/delete.html", {"section": section, "row": row})


@login_required
@require_POST
def copy(request, key, pk, root):
    """A shared row made the own copy of the municipality with root `root`, then edited."""
    section = _section_or_404(request.user, key)
    if section.copy is None:
        raise Http404
    row = get_object_or_404(section.rows(request.user), pk=pk)
    if root not in section.copy_to(request.user, row):
        raise Http404
    made = services.copy_setting(
        section=section, row=row, root=root, actor=request.user, request=request
    )
    messages.success(request, _("Your own copy is made: edit it here."))
    return redirect("setup:edit", key, made.pk)


@login_required
def place_person(request):
    if not access.placing_units(request.user):
        raise Http404
    form = PlacePersonForm(
        request.POST or None, user=request.user, initial={"unit": request.GET.get("enhed")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person, membership, made, given = services.place_person(
            email=data["email"],
            unit=data["unit"],
            role=data["role"],
            details=form.details(),
            actor=request.user,
            request=request,
        )
        messages.success(request, _placed_message(person, membership, made, given))
        return redirect("organizations:unit_detail", data["unit"].pk)
    return render(request, "setup/place_person.html", {"form": form})


def _placed_message(person, membership, made, given):
    words = {"name": person.name, "role": membership.role_label(), "unit": membership.unit.name}
    if not given:
        text = _("%(name)s already is %(role)s in %(unit)s.") % words
    else:
        text = _("%(name)s is added to %(unit)s as %(role)s.") % words
    if given and not made:
        text += " " + _("They were already in Tryghed: their name and employment are as before.")
    checklist = OnboardingChecklist.objects.filter(person=person, unit=membership.unit).first()
    if checklist is not None:
        text += " " + _("The onboarding has started: the checklist is due %(day)s.") % {
            "day": date_format(checklist.due_on, "SHORT_DATE_FORMAT")
        }
    return text
