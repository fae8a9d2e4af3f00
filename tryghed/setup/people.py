"""Adding a person to a unit in one step: who they are, where, and in which role."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tryghed.core.forms import EARLIEST
from tryghed.organizations import access
from tryghed.organizations.models import EmploymentType
from tryghed.organizations.roles import Role
from tryghed.setup.forms import UnitPathField

ROLE_NOT_YOURS = _("You cannot give this role in the chosen unit. Choose Employee.")
NOT_YOUR_UNIT = _("Choose one of the units in the list.")
NOT_PLACEABLE = _(
    "This address belongs to a person you cannot add here. Ask an administrator to do it."
)


class PlacePersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Their work address. A person who already has it is added, not made again."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    employment_type = forms.ChoiceField(
        label=_("Employment"),
        # No default: a permanent employee placed as an intern by accident would get an
        # intern's onboarding.
        choices=EmploymentType.choices,
        widget=forms.RadioSelect,
        help_text=_("Everyone but the permanently employed gets an onboarding checklist."),
    )
    started_on = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"] = UnitPathField(
            access.placing_units(user),
            label=_("Unit"),
            error_messages={"invalid_choice": NOT_YOUR_UNIT, "required": NOT_YOUR_UNIT},
        )
        roles = [role for role in Role if self._grantable_somewhere(role)]
        self.fields["role"] = forms.ChoiceField(
            label=_("Role"),
            choices=[(r.value, r.label) for r in roles],
            initial=Role.EMPLOYEE,
            error_messages={"invalid_choice": ROLE_NOT_YOURS},
        )

    def _grantable_somewhere(self, role):
        return role == Role.EMPLOYEE or access.may_administer(self.user)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day and day < EARLIEST:
            raise forms.ValidationError(_("The date is too far back."))
        return day

    def clean(self):
        cleaned = super().clean()
        unit, role = cleaned.get("unit"), cleaned.get("role")
        if unit and role and Role(role) not in access.roles_to_grant(self.user, unit):
            self.add_error("role", ROLE_NOT_YOURS)
        self.existing = self._existing(cleaned.get("email"))
        if unit and self.existing and not access.may_place_person(self.user, self.existing, unit):
            self.add_error("email", NOT_PLACEABLE)
        return cleaned

    def _existing(self, email):
        if not email:
            return None
        return get_user_model().objects.filter(email__iexact=email).first()

    def details(self):
        fields = ("name", "job_title", "employment_type", "started_on")
        return {name: self.cleaned_data[name] for name in fields}
