import re

from allauth.account import forms as allauth_forms
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tryghed.accounts import sso
from tryghed.accounts.models import SupportContact, SupportKind, User
from tryghed.core.forms import ModelChoiceField
from tryghed.organizations import access
from tryghed.organizations.models import Unit
from tryghed.organizations.pickers import UnitChoiceField


class PersonCreationForm(forms.ModelForm):
    """An administrator adds a person without a password: they set one through "forgot your
    password" or log in through the municipality's single sign-on."""

    class Meta:
        model = User
        fields = ["name", "email", "job_title", "employment_type", "started_on"]

    def save(self, commit=True):
        person = super().save(commit=False)
        person.set_unusable_password()
        if commit:
            person.save()
        return person


PASSWORDS_OFF = _("Tryghed does not use its own passwords here: log in through the municipality.")


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form without the link inside the password hint: the link sits below the
    button instead, so Tab goes straight from the e-mail to the password field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""

    def clean(self):
        # Passwords switched off (accounts/sso.py): refused before any password is checked.
        if not sso.password_login_allowed(self.request):
            raise forms.ValidationError(PASSWORDS_OFF)
        return super().clean()


COLLEAGUE_SLOTS = 3
NEXT_OF_KIN_SLOTS = 2
PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()-]+")

NOT_A_COLLEAGUE = _("Choose a colleague from the list.")
SAME_COLLEAGUE = _("You have already chosen this colleague above.")
NAME_MISSING = _("Write the name of your next of kin.")
PHONE_MISSING = _("Write a phone number for your next of kin.")
PHONE_NOT_DIGITS = _("Write the phone number with digits, for example 20 30 40 50.")
PHONE_LENGTH = _(
    "A phone number has 8 digits, or + and the country code first for a number abroad."
)


def colleagues_of(person):
    """The active people in the units where `person` works (and the units below), without
    `person`."""
    units = access.units_where(person, access.Perm.REPORT)
    return (
        User.objects.filter(memberships__unit__in=units, is_active=True)
        .exclude(pk=person.pk)
        .distinct()
    )


class ColleagueField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.job_title}" if obj.job_title else obj.name


class SupportContactsForm(forms.Form):
    """A person's support contacts: colleagues from their own units, in the order they want
    them called, and their next of kin. The fields are numbered slots; empty slots are
    skipped."""

    # Every slot may stay empty, but a next of kin needs a phone: "(optional)" would mislead.
    hide_optional = True

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = colleagues_of(person)
        for number in range(1, COLLEAGUE_SLOTS + 1):
            self.fields[f"colleague_{number}"] = ColleagueField(
                label=gettext("Colleague %(number)d") % {"number": number},
                queryset=self.colleagues,
                required=False,
                empty_label=gettext("No one"),
                error_messages={"invalid_choice": NOT_A_COLLEAGUE},
            )
        for number in range(1, NEXT_OF_KIN_SLOTS + 1):
            self.fields.update(self._next_of_kin_fields(number))
        if not self.is_bound:
            self.initial = self._initial(person.support_contacts.all())

    @staticmethod
    def _next_of_kin_fields(number):
        values = {"number": number}
        prefix = f"next_of_kin_{number}"
        return {
            f"{prefix}_name": forms.CharField(
                label=gettext("Next of kin %(number)d, name") % values,
                max_length=200,
                required=False,
            ),
            f"{prefix}_relation": forms.CharField(
                label=gettext("Next of kin %(number)d, relation") % values,
                help_text=gettext("For example sister, partner or father."),
                max_length=100,
                required=False,
            ),
            f"{prefix}_phone": forms.CharField(
                label=gettext("Next of kin %(number)d, phone") % values,
                max_length=40,
                required=False,
                # Off: the browser would offer the person's own number.
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            ),
        }

    @staticmethod
    def _initial(contacts):
        initial = {}
        colleagues = [contact for contact in contacts if contact.colleague_id]
        kin = [contact for contact in contacts if contact.kind == SupportKind.NEXT_OF_KIN]
        for number, contact in enumerate(colleagues[:COLLEAGUE_SLOTS], start=1):
            initial[f"colleague_{number}"] = contact.colleague_id
        for number, contact in enumerate(kin[:NEXT_OF_KIN_SLOTS], start=1):
            prefix = f"next_of_kin_{number}"
            initial[f"{prefix}_name"] = contact.name
            initial[f"{prefix}_relation"] = contact.relation
            initial[f"{prefix}_phone"] = contact.phone
        return initial

    def colleague_fields(self):
        return [self[f"colleague_{number}"] for number in range(1, COLLEAGUE_SLOTS + 1)]

    def next_of_kin_fields(self):
        return [self[name] for name in self.fields if name.startswith("next_of_kin_")]

    def clean(self):
        cleaned = super().clean()
        self._check_colleagues_once()
        for number in range(1, NEXT_OF_KIN_SLOTS + 1):
            self._check_next_of_kin(f"next_of_kin_{number}")
        return cleaned

    def _check_colleagues_once(self):
        chosen = set()
        for number in range(1, COLLEAGUE_SLOTS + 1):
            colleague = self.cleaned_data.get(f"colleague_{number}")
            if colleague in chosen:
                self.add_error(f"colleague_{number}", SAME_COLLEAGUE)
            elif colleague is not None:
                chosen.add(colleague)

    def _check_next_of_kin(self, prefix):
        name = self.cleaned_data.get(f"{prefix}_name", "")
        relation = self.cleaned_data.get(f"{prefix}_relation", "")
        phone = self.cleaned_data.get(f"{prefix}_phone", "")
        if phone:
            self._check_phone(f"{prefix}_phone", phone)
        if (relation or phone) and not name and f"{prefix}_name" not in self.errors:
            self.add_error(f"{prefix}_name", NAME_MISSING)
        if name and not phone and f"{prefix}_phone" not in self.errors:
            self.add_error(f"{prefix}_phone", PHONE_MISSING)

    def _check_phone(self, field, phone):
        digits = sum(c.isdigit() for c in phone)
        if not PHONE_CHARACTERS.fullmatch(phone):
            self.add_error(field, PHONE_NOT_DIGITS)
        elif not 8 <= digits <= 15:
            self.add_error(field, PHONE_LENGTH)

    def contacts(self):
        """The contacts the form names, unsaved, in the order to call them."""
        data = self.cleaned_data
        result = [
            SupportContact(kind=SupportKind.COLLEAGUE, colleague=data[f"colleague_{number}"])
            for number in range(1, COLLEAGUE_SLOTS + 1)
            if data[f"colleague_{number}"] is not None
        ]
        for number in range(1, NEXT_OF_KIN_SLOTS + 1):
            prefix = f"next_of_kin_{number}"
            if data[f"{prefix}_name"]:
                result.append(
                    SupportContact(
                        kind=SupportKind.NEXT_OF_KIN,
                        name=data[f"{prefix}_name"],
                        relation=data[f"{prefix}_relation"],
                        phone=data[f"{prefix}_phone"],
                    )
                )
        return result


class AccessOverviewFilter(forms.Form):
    """Who can do what: narrow the list to a unit (and the units below it) or a search."""

    hide_optional = True  # every filter is optional
    unit = UnitChoiceField(
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
