from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access
from tryghed.organizations.models import Unit


class AccessOverviewFilter(forms.Form):
    """Who can do what: narrow the list to a unit (and the units below it) or a search."""

    hide_optional = True  # every filter is optional
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        help_text=_("People placed in the unit or a unit below it."),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Part of a name, an e-mail address or a job title."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=units).order_by("name")

    def filter(self, people):
        data = self.cleaned_data if self.is_bound else {}
        units = self.units
        if data.get("unit"):
            units = access.tree().descendants([data["unit"].pk]) & units
        people = people.filter(memberships__unit__in=units)
        if data.get("q"):
            text = data["q"]
            people = people.filter(
                Q(name__icontains=text) | Q(email__icontains=text) | Q(job_title__icontains=text)
            )
        return people.distinct()
