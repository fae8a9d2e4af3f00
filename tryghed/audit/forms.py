from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tryghed.audit.models import Action
from tryghed.core.forms import DateRangeMixin


class AuditSearchForm(DateRangeMixin, forms.Form):
    hide_optional = True  # every filter is optional
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *Action.choices], required=False
    )
    actor = forms.CharField(
        label=_("Who"), required=False, help_text=_("Part of a name or an e-mail address.")
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, events):
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("actor"):
            who = data["actor"]
            events = events.filter(Q(actor__name__icontains=who) | Q(actor__email__icontains=who))
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events

    def used_fields(self):
        """The names of the filters used: what the audit event of a search may say about it."""
        return sorted(name for name, value in self.cleaned_data.items() if value)
