from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tryghed.incidents.shortcuts import visible_incident_or_404
from tryghed.organizations import access
from tryghed.organizations.models import Municipality, RetentionRule
from tryghed.retention import services
from tryghed.retention.forms import LegalHoldForm


@login_required
def overview(request):
    """The retention schedule with what the next sweep would do (administrators), and the
    cases on legal hold (administrators and HR)."""
    roots = access.retention_municipalities(request.user)
    if not roots:
        raise Http404
    sections = []
    for municipality in Municipality.objects.filter(unit__in=roots).select_related("unit"):
        may_confirm = access.may_confirm_retention(request.user, municipality.pk)
        if may_confirm:
            RetentionRule.objects.add_missing(municipality)
        sections.append(
            {
                "municipality": municipality,
                "may_confirm": may_confirm,
                "planned": services.plan(municipality=municipality) if may_confirm else [],
                "holds": services.holds_in([municipality.pk]),
            }
        )
    return render(request, "retention/overview.html", {"sections": sections})


@login_required
@require_POST
def confirm(request, pk):
    rule = get_object_or_404(RetentionRule, pk=pk)
    if not access.may_confirm_retention(request.user, rule.municipality_id):
        raise Http404
    services.confirm(rule=rule, by=request.user, request=request)
    return redirect(reverse("retention:overview") + f"#rule-{rule.pk}")


@login_required
def hold(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_place_legal_hold(request.user, incident):
        raise PermissionDenied
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.place_legal_hold(
            incident=incident, by=request.user, request=request, **form.cleaned_data
        )
        return redirect(reverse("followup:case", args=[incident.pk]) + "#legal-hold")
    return render(request, "retention/hold.html", {"incident": incident, "form": form})
