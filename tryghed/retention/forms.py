from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.retention.models import HoldGround


class LegalHoldForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("What is still open"), choices=HoldGround.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("E.g. the police's or the insurer's case number. No names."),
    )
    ends_on = forms.DateField(
        label=_("Held until"),
        help_text=_("The hold ends after this day; it can be put on again."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return ends_on
