from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.organizations import access
from tryghed.stats import exports, summary
from tryghed.stats.annual import AnnualReportForm, annual_report_context
from tryghed.stats.forms import OverviewFilter
from tryghed.stats.overview import Overview


def _filters(request):
    """The overview's filters for the person; 404 for someone without statistics."""
    units = access.stats_units(request.user)
    if not units:
        raise Http404
    return OverviewFilter(request.GET or None, units=units)


@never_cache
@login_required
def overview(request):
    filters = _filters(request)
    selection = filters.selection(request.user)
    protected = not access.reads_every_case_in(request.user, selection.units)
    source = summary.SummaryOverview if summary.applies(selection) else Overview
    figures = source(selection, protected=protected)
    context = {
        "filters": filters,
        "selection": selection,
        "tables": figures.tables(),
        "medians": figures.medians,
        "protected": protected,
        "threshold": figures.threshold,
        "base": figures.base,
        "summary_built_at": getattr(figures, "built_at", None),
        # Its own ids: the filters above have a "unit" field too.
        "annual_form": AnnualReportForm(
            units=access.stats_units(request.user), auto_id="annual-%s"
        ),
    }
    context["charts"] = [table.chart_data() for table in context["tables"]]
    return render(request, "stats/overview.html", context)


@login_required
def export(request, fmt):
    filters = _filters(request)
    selection = filters.selection(request.user)
    with_text = access.reads_every_case_in(request.user, selection.units)
    incidents = exports.rows_for(request.user, selection)
    audit.record(
        actor=request.user,
        action=Action.EPISODES_EXPORTED,
        request=request,
        format=fmt,
        rows=incidents.count(),
        filters=filters.used(),
        with_text=with_text,
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = exports.as_xlsx(incidents, with_text)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.as_csv(incidents, with_text)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    name = _("episodes")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


@login_required
def annual_report(request):
    units = access.stats_units(request.user)
    if not units:
        raise Http404
    form = AnnualReportForm(request.GET or None, units=units)
    if not form.is_valid():
        return render(request, "stats/annual_report_form.html", {"form": form})
    context = annual_report_context(request.user, form.cleaned_data)
    audit.record(
        actor=request.user,
        action=Action.ANNUAL_REPORT_MADE,
        unit=form.cleaned_data["unit"],
        request=request,
        year=form.cleaned_data["year"],
    )
    from weasyprint import HTML  # slow to import: only when a report is made

    html = render(request, "stats/annual_report.html", context).content.decode()
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{_('annual-report')}-{context['unit'].code}-{form.cleaned_data['year']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
