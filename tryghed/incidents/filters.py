from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from tryghed.core.forms import DateRangeMixin
from tryghed.incidents.models import Attachment, Kind, Severity
from tryghed.organizations.models import Unit
from tryghed.organizations.pickers import UnitChoiceField

SORTS = {
    "-occurred_at": _("Newest first"),
    "occurred_at": _("Oldest first"),
    "-experienced_severity": _("Most serious first"),
    "unit__name": _("By unit"),
}


class EpisodeFilters(DateRangeMixin, forms.Form):
    """Filters on episodes, all optional, read from the query string: the period, a unit of
    `units` (and the units below it), what happened and how serious it felt. The unit list and
    the overview add their own."""

    hide_optional = True  # every filter is optional: no "(optional)" after each label

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All my units")
    )
    kind = forms.ChoiceField(
        label=_("What happened"), choices=[("", _("All")), *Kind.choices], required=False
    )
    severity = forms.TypedChoiceField(
        label=_("How serious it felt"),
        choices=[("", _("All")), *Severity.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units)


class UnitListFilter(EpisodeFilters):
    """The filters of a unit's list of episodes."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open and closed")), ("open", _("Open")), ("closed", _("Closed"))],
        required=False,
    )
    has_attachments = forms.BooleanField(label=_("Only with attachments"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=list(SORTS.items()), required=False)

    def apply(self, incidents):
        """The active episodes that match, sorted; with invalid filters, none."""
        incidents = (
            incidents.active()
            .select_related("unit")
            .annotate(has_attachments=Exists(Attachment.objects.filter(incident=OuterRef("pk"))))
        )
        if not self.is_bound:
            return incidents.order_by("-occurred_at", "-pk")
        if not self.is_valid():
            return incidents.none()
        data = self.cleaned_data
        if data["date_from"] or data["date_to"]:
            incidents = incidents.in_period(data["date_from"], data["date_to"])
        if data["unit"]:
            incidents = incidents.below(data["unit"])
        if data["kind"]:
            incidents = incidents.filter(kind=data["kind"])
        if data["severity"]:
            incidents = incidents.filter(experienced_severity=data["severity"])
        if data["status"]:
            incidents = incidents.open() if data["status"] == "open" else incidents.closed()
        if data["has_attachments"]:
            incidents = incidents.filter(has_attachments=True)
        return incidents.order_by(data["sort"] or "-occurred_at", "-pk")

    def used(self):
        """The names of the filters in use, for the audit log."""
        if not self.is_bound or not self.is_valid():
            return []
        return sorted(name for name, value in self.cleaned_data.items() if value)
