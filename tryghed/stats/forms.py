from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.core.periods import period_dates
from tryghed.incidents.filters import EpisodeFilters
from tryghed.organizations import access
from tryghed.stats.overview import Selection, covers_every_unit

PERIODS = [
    ("12m", _("The last 12 months")),
    ("3m", _("The last 3 months")),
    ("quarter", _("The last quarter")),
    ("year", _("This year")),
    ("last_year", _("Last year")),
    ("custom", _("Choose dates")),
]


class OverviewFilter(EpisodeFilters):
    """The overview's filters: a named period or chosen dates, and the episode filters."""

    field_order = ["period", "date_from", "date_to", "unit", "kind", "severity"]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        self.units = frozenset(units)
        self.tree = access.tree()
        self.fields["date_from"].help_text = _("Only with “Choose dates”.")
        self.fields["unit"].label_from_instance = self.unit_label

    def unit_label(self, unit):
        depth = len([pk for pk in self.tree.ancestors(unit.pk) if pk in self.units])
        return "\u2003" * depth + unit.name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "custom" and not cleaned.get("date_from"):
            self.add_error("date_from", _("Choose the first day of the period."))
        return cleaned

    def selection(self, user):
        """The Selection the filters describe; the defaults when they are invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = timezone.localdate()
        if data.get("period") == "custom":
            start, end = data["date_from"], data.get("date_to") or today
        else:
            start, end = period_dates(data.get("period") or "12m", today)
        unit = data.get("unit")
        units = self.units
        if unit is not None:
            units = frozenset(self.tree.descendants([unit.pk])) & self.units
        return Selection(
            units,
            start,
            end,
            data.get("kind") or "",
            data.get("severity"),
            covers_every_unit(units),
        )

    def used(self):
        if not self.is_bound or not self.is_valid():
            return []
        return sorted(name for name, value in self.cleaned_data.items() if value)
