import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.core.forms import keep_failed, take_failed
from tryghed.core.streaming import file_response, streaming_response
from tryghed.guidance.models import GuidancePoint, Topic
from tryghed.incidents import services
from tryghed.incidents.filters import UnitListFilter
from tryghed.incidents.forms import (
    AssessmentForm,
    AttachmentForm,
    CorrectionForm,
    DetailsForm,
    EvidenceForm,
    MinorDayForm,
    QuickReportForm,
    VoidForm,
    minor_entries_formset,
)
from tryghed.incidents.models import Incident, NewestConcerning
from tryghed.incidents.shortcuts import record_read, visible_incident_or_404
from tryghed.organizations import access
from tryghed.organizations.models import Contact


@never_cache
@login_required
def quick_report(request):
    form = QuickReportForm(
        request.POST or None,
        reporter=request.user,
        initial={"submission_key": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.report_incident(
                reporter=request.user, refuse_repeat=form.refuse_repeat, **form.report_kwargs()
            )
        except services.AlreadyReported as repeat:
            form.ask_send_again(repeat.earlier)
        else:
            return redirect("incidents:receipt", pk=incident.pk)
    return render(request, "incidents/quick_report.html", {"form": form})


@login_required
def receipt(request, pk):
    incident = visible_incident_or_404(request, pk)
    context = {
        "incident": incident,
        "contacts": Contact.objects.for_unit(incident.unit),
        "told": get_text_list(
            sorted(person.name for person in services.told_of(incident)),
            pgettext("a list's last joint", "and"),
        ),
        **_first_aid_for(request.user, incident),
    }
    return render(request, "incidents/receipt.html", context)


def _first_aid_for(user, incident):
    """Colleague first aid for whoever reported on behalf of someone else: they are often the
    one beside the affected employee right now."""
    if incident.reported_by_id != user.pk or incident.has_affected(user.pk):
        return {}
    return {
        "aid_topic": Topic.FIRST_AID,
        "aid_points": GuidancePoint.objects.for_municipality(
            access.tree().root_of(incident.unit_id)
        ).about(Topic.FIRST_AID),
    }


@login_required
def detail(request, pk):
    incident = visible_incident_or_404(
        request,
        pk,
        Incident.objects.select_related(
            "unit", "reported_by", "severity_given_by", "perpetrator", "voided_by"
        ).prefetch_related("affected", "acts", "triggers", "witnesses", "attachments"),
    )
    record_read(request, incident)
    may_correct = access.may_add_correction(request.user, incident)
    kept = take_failed(request, _detail_page(incident))
    context = {
        "incident": incident,
        "corrections": incident.corrections.select_related("added_by"),
        "may_correct": may_correct,
        "correction_form": (kept.form("correction", CorrectionForm) or CorrectionForm())
        if may_correct
        else None,
        "may_edit": access.may_edit_report(request.user, incident),
        "may_act": access.may_act_on_followup(request.user, incident),
        "assessment_form": AssessmentForm(instance=incident),
        "void_form": VoidForm(),
        "changes": incident.changes.select_related("changed_by"),
        "same_perpetrator": _same_perpetrator(request.user, incident),
    }
    return render(request, "incidents/detail.html", context)


def _detail_page(incident):
    return f"incidents:detail:{incident.pk}"


@require_POST
@login_required
def add_correction(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_add_correction(request.user, incident):
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        keep_failed(request, _detail_page(incident), "correction", form)
        return redirect(incident.get_absolute_url() + "#add-correction")
    _correction, told = services.add_correction(
        incident=incident,
        by=request.user,
        kind=form.cleaned_data["kind"],
        text=form.cleaned_data["text"],
    )
    saved = _("Your text is saved beside the case.")
    if told:
        told_text = ngettext(
            "%(names)s is told in Tryghed that it is there.",
            "%(names)s are told in Tryghed that it is there.",
            len(told),
        )
        saved += " " + told_text % {
            "names": get_text_list(
                sorted(p.name for p in told), pgettext("a list's last joint", "and")
            )
        }
    messages.success(request, saved)
    return redirect(incident.get_absolute_url() + "#corrections")


def _same_perpetrator(user, incident):
    """(this episode's number from the person within 12 months, the others the viewer may
    open): counts for everyone who sees the case, links only to cases they may see."""
    linked = list(incident.same_perpetrator_within_a_year())
    if len(linked) < 2:
        return None
    visible = set(
        Incident.objects.visible_to(user)
        .filter(pk__in=[i.pk for i in linked])
        .values_list("pk", flat=True)
    )
    others = [i for i in linked if i.pk != incident.pk and i.pk in visible]
    return {"number": len(linked), "others": others}


@login_required
def edit_details(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_edit_report(request.user, incident):
        raise PermissionDenied
    form = DetailsForm(request.POST or None, instance=incident, editor=request.user)
    if request.method == "POST" and form.is_valid():
        changes = services.update_report(form=form, editor=request.user)
        if changes:
            count = len(changes)
            text = ngettext("Saved: %(count)d change.", "Saved: %(count)d changes.", count)
            messages.success(request, text % {"count": count})
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect(incident)
    if request.method == "GET":
        record_read(request, incident)
    kept = take_failed(request, _edit_page(incident))
    context = {
        "incident": incident,
        "form": form,
        "attachment_form": kept.form("attachment", _attachment_form) or _attachment_form(),
        "evidence_form": kept.form("evidence", _evidence_form) or _evidence_form(),
    }
    return render(request, "incidents/edit.html", context)


def _edit_page(incident):
    return f"incidents:edit:{incident.pk}"


# The details page holds three forms: each has its own ids, so no two labels share a "file".
def _attachment_form(data=None, files=None):
    return AttachmentForm(data, files, auto_id="id_attachment-%s")


def _evidence_form(data=None, files=None):
    return EvidenceForm(data, files, auto_id="id_evidence-%s")


@require_POST
@login_required
def upload_attachment(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_edit_report(request.user, incident):
        raise PermissionDenied
    attachment_form = _attachment_form(request.POST, request.FILES)
    if not attachment_form.is_valid():
        keep_failed(request, _edit_page(incident), "attachment", attachment_form)
        return redirect(reverse("incidents:edit", args=[incident.pk]) + "#attachments")
    services.add_attachment(
        incident=incident,
        upload=attachment_form.cleaned_data["file"],
        content_type=attachment_form.content_type,
        uploaded_by=request.user,
    )
    messages.success(request, _("The attachment is saved."))
    return redirect("incidents:edit", pk=incident.pk)


@login_required
def attachment(request, pk, attachment_pk):
    incident = visible_incident_or_404(request, pk)
    item = get_object_or_404(incident.attachments, pk=attachment_pk)
    record_read(request, incident, Action.ATTACHMENT_VIEWED, attachment=item.pk)
    response = file_response(
        request, item.file.open("rb"), content_type=item.content_type, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"  # a PDF opened here runs no script
    return response


@require_POST
@login_required
def add_evidence(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_edit_report(request.user, incident):
        raise PermissionDenied
    evidence_form = _evidence_form(request.POST, request.FILES)
    if not evidence_form.is_valid():
        keep_failed(request, _edit_page(incident), "evidence", evidence_form)
        return redirect(reverse("incidents:edit", args=[incident.pk]) + "#evidence")
    data = evidence_form.cleaned_data
    services.add_evidence(
        incident=incident,
        upload=data["file"],
        content_type=evidence_form.content_type,
        source_url=data["source_url"],
        captured_at=data["captured_at"],
        added_by=request.user,
    )
    messages.success(request, _("The evidence is secured."))
    return redirect("incidents:edit", pk=incident.pk)


@login_required
def evidence(request, pk, evidence_pk):
    incident = visible_incident_or_404(request, pk)
    item = get_object_or_404(incident.evidence, pk=evidence_pk)
    record_read(request, incident, Action.EVIDENCE_VIEWED, evidence=item.pk)
    response = file_response(
        request, item.file.open("rb"), content_type=item.content_type, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def evidence_zip(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not incident.evidence.exists():
        raise Http404
    record_read(request, incident, Action.EVIDENCE_DOWNLOADED)
    archive = services.evidence_zip(incident)
    response = streaming_response(request, archive, content_type="application/zip")
    response["Content-Length"] = len(archive)
    response["Content-Disposition"] = f'attachment; filename="beviser-{incident.number}.zip"'
    return response


@require_POST
@login_required
def assess(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_act_on_followup(request.user, incident):
        raise PermissionDenied
    form = AssessmentForm(request.POST, instance=incident)
    if form.is_valid() and form.has_changed():
        services.assess_incident(form=form, by=request.user)
        messages.success(request, _("Your assessment is saved."))
    elif not form.is_valid():
        messages.error(request, _("Choose one of the assessments in the list."))
    return redirect(incident)


@login_required
def void(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_act_on_followup(request.user, incident):
        raise PermissionDenied
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.void_incident(
            incident=incident, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The episode is marked as registered in error."))
        return redirect(incident)
    return render(request, "incidents/void.html", {"incident": incident, "form": form})


@login_required
def my_incidents(request):
    page = Paginator(NewestConcerning(request.user), 25).get_page(request.GET.get("side"))
    return render(request, "incidents/mine.html", {"page": page})


@login_required
def unit_list(request):
    units = access.units_where(request.user, access.Perm.VIEW_CASES)
    if not units:
        raise Http404
    filters = UnitListFilter(request.GET or None, units=units)
    incidents = filters.apply(Incident.objects.filter(unit__in=units))
    page = Paginator(incidents, 25).get_page(request.GET.get("side"))
    audit.record(
        actor=request.user, action=Action.INCIDENTS_LISTED, request=request, filters=filters.used()
    )
    template = "incidents/unit_list.html#results" if request.htmx else "incidents/unit_list.html"
    return render(request, template, {"filters": filters, "page": page})


@never_cache
@login_required
def minor_report(request):
    day_form = MinorDayForm(
        request.POST or None, reporter=request.user, initial={"submission_key": uuid.uuid4()}
    )
    entries = minor_entries_formset(request.POST or None)
    valid = request.method == "POST" and day_form.is_valid() and entries.is_valid()
    rows = day_form.entries(entries) if valid else []
    if valid and not any(row.errors for row in entries):
        try:
            incidents = services.report_minor_incidents(
                reporter=request.user,
                unit=day_form.cleaned_data["unit"],
                entries=rows,
                submission_key=day_form.cleaned_data["submission_key"],
                refuse_repeat=day_form.refuse_repeat,
            )
        except services.AlreadyReported as repeat:
            day_form.ask_send_again(repeat.earlier)
        else:
            messages.success(
                request, _("%(count)d episodes are registered.") % {"count": len(incidents)}
            )
            return redirect("incidents:mine")
    return render(
        request, "incidents/minor_report.html", {"day_form": day_form, "entries": entries}
    )
