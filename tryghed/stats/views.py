from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.core.replica import reads_from_replica
from tryghed.organizations import access
from tryghed.stats import exports, summary
from tryghed.stats.annual import AnnualReportForm, annual_report_context
from tryghed.stats.forms import OverviewFilter

# The overview's breakdowns, a tab each, by their tables' slugs. A table named in none of them
# (a breakdown added later) gets a tab of its own after these.
TABS = [
    ("what", gettext_lazy("What"), ("kinds", "severity", "acts", "triggers")),
    ("where", gettext_lazy("Where"), ("places", "units", "sites", "floors", "rooms")),
    ("when", gettext_lazy("When"), ("when",)),
    ("who", gettext_lazy("Who"), ("employment", "job_titles", "perpetrators")),
    ("repeat", gettext_lazy("Repeat perpetrators"), ("repeat",)),
    ("followup", gettext_lazy("Follow-up"), ("followup",)),
]
ON_TOP = ("key", "months")  # the key figures and the episodes over time, before the tabs


class Tab:
    def __init__(self, slug, title, tables):
        self.slug, self.title, self.tables = slug, title, tables


def _tabs(tables):
    """The breakdowns in tabs, in TABS' order; empty tabs left out."""
    by_slug = {table.slug: table for table in tables if table.slug not in ON_TOP}
    tabs = []
    for slug, title, members in TABS:
        found = [by_slug.pop(member) for member in members if member in by_slug]
        if found:
            tabs.append(Tab(slug, title, found))
    tabs.extend(Tab(table.slug, table.title, [table]) for table in by_slug.values())
    return tabs


def _on_top(tables):
    return {f"{table.slug}_table": table for table in tables if table.slug in ON_TOP}


def _filters(request):
    """The overview's filters for the person; 404 for someone without statistics."""
    units = access.stats_units(request.user)
    if not units:
        raise Http404
    return OverviewFilter(request.GET or None, units=units)


@never_cache
@login_required
@reads_from_replica
def overview(request):
    filters = _filters(request)
    selection = filters.selection(request.user)
    figures = summary.figures_seen_by(request.user, selection)
    context = {
        "filters": filters,
        "selection": selection,
        "tables": figures.tables(),
        "medians": figures.medians,
        "protected": figures.protected,
        "threshold": figures.threshold,
        "base": figures.base,
        "summary_built_at": getattr(figures, "built_at", None),
        "summary_minutes": settings.STATS_SUMMARY_MINUTES,
        # Its own ids: the filters above have a "unit" field too.
        "annual_form": AnnualReportForm(
            units=access.stats_units(request.user), auto_id="annual-%s"
        ),
        "exports_episodes": access.reads_every_case_in(request.user, selection.units),
    }
    context["charts"] = [table.chart_data() for table in context["tables"]]
    context["tabs"] = _tabs(context["tables"])
    context.update(_on_top(context["tables"]))
    return render(request, "stats/overview.html", context)


@never_cache
@login_required
@reads_from_replica
def export(request, fmt):
    """The episodes for those who may open every case in the selection; the figures as the
    page shows them for everyone else who sees the overview."""
    filters = _filters(request)
    selection = filters.selection(request.user)
    if access.reads_every_case_in(request.user, selection.units):
        body, content_type, name = _episodes(request, filters, selection, fmt)
    else:
        body, content_type, name = _figures_export(request, filters, selection, fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _episodes(request, filters, selection, fmt):
    incidents = exports.rows_for(request.user, selection)
    audit.record(
        actor=request.user,
        action=Action.EPISODES_EXPORTED,
        request=request,
        format=fmt,
        rows=incidents.count(),
        filters=filters.used(),
        with_text=True,
    )
    body, content_type = exports.episodes_file(incidents, fmt)
    name = _("episodes")
    return body, content_type, f"{name}-{timezone.localdate().isoformat()}"


def _figures_export(request, filters, selection, fmt):
    figures = summary.figures_seen_by(request.user, selection)
    tables = figures.tables()
    audit.record(
        actor=request.user,
        action=Action.FIGURES_EXPORTED,
        request=request,
        format=fmt,
        filters=filters.used(),
    )
    body, content_type = exports.figures_file(tables, figures.medians, fmt)
    name = _("figures")
    return body, content_type, f"{name}-{selection.start.isoformat()}-{selection.end.isoformat()}"


@login_required
@reads_from_replica
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
