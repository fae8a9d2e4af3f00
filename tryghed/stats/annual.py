"""The annual report for a unit and the units below it: the year's figures against the year
before, and the measures decided in evaluations, as a PDF for the MED committee and the
safety organization."""

from datetime import date

from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access
from tryghed.organizations.models import Unit
from tryghed.organizations.pickers import UnitChoiceField
from tryghed.prevention.models import (
    Measure,
    MeasureSource,
    q_measure_done,
    q_measure_open,
    q_measure_overdue,
)
from tryghed.stats.overview import Selection, covers_every_unit
from tryghed.stats.summary import figures_for


class AnnualReportForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = frozenset(units)
        tree = access.tree()
        tops = [pk for pk in self.units if tree.parent.get(pk) not in self.units]
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=self.units)
        self.fields["unit"].initial = tops[0] if len(tops) == 1 else None
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, year) for year in range(this_year, this_year - 6, -1)]
        self.fields["year"].initial = this_year - 1


def annual_report_context(user, data):
    unit, year = data["unit"], data["year"]
    units = frozenset(access.tree().descendants([unit.pk])) & access.stats_units(user)
    selection = Selection(
        units, date(year, 1, 1), date(year, 12, 31), all_units=covers_every_unit(units)
    )
    protected = not access.reads_every_case_in(user, units)
    figures = figures_for(selection, protected=protected)
    followup, medians = figures.followup()
    tables = [
        figures.key_figures(),
        figures.by_month(),
        figures.by_kind(),
        figures.by_severity(),
        figures.by_act(),
        figures.by_trigger(),
        figures.by_place(),
        figures.by_unit(),
        figures.by_perpetrator(),
        figures.by_employment(),
        followup,
    ]
    measures = Measure.objects.filter(unit__in=units, source=MeasureSource.EVALUATION).filter(
        Q(created_at__year=year) | q_measure_open() & Q(created_at__year__lt=year)
    )
    today = timezone.localdate()
    status = measures.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=q_measure_done()),
        overdue=Count("pk", filter=q_measure_overdue(today)),
    )
    listed = measures.filter(pk__in=Measure.objects.visible_to(user).values("pk"))
    return {
        "unit": unit,
        "year": year,
        "selection": selection,
        "protected": protected,
        "threshold": figures.threshold,
        "base": figures.base,
        "tables": tables,
        "medians": medians,
        "measure_counts": status,
        "measures": listed.select_related("unit").order_by("done_at", "due_on", "pk"),
        "made_at": timezone.localtime(),
    }
