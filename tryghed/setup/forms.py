"""The settings pages' forms: each edits one model as the administration does, with the
choices narrowed to what the person may touch and a Danish message at the field."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from tryghed.accounts.forms import PHONE_CHARACTERS, PHONE_NOT_DIGITS
from tryghed.core.forms import ChoicesAtOnce, ModelChoiceField
from tryghed.core.wording import OWN_TEXT_NEEDED
from tryghed.followup.models import CaseTemplate, TaskTemplate
from tryghed.guidance.models import GuidancePoint
from tryghed.organizations import access
from tryghed.organizations.models import (
    RETENTION_EVENTS,
    Contact,
    Municipality,
    RetentionRule,
    Unit,
)

UNREACHABLE = _("Give a phone number, an e-mail address or a web address, so people can reach it.")
KIND_TAKEN = _("The unit already has a contact of this kind: edit that one instead.")


# Between the units of a path, as people say it ("Ældre", the sign, "Kløverengen").
PATH_SEPARATOR = " \u203a "


def unit_paths(ids):
    """{unit id: its place in the tree below the municipality, the units joined by
    PATH_SEPARATOR} for the given ids; the municipality is named only for itself. One query
    for the names; the tree is the request's."""
    tree = access.tree()
    names = dict(Unit.objects.values_list("pk", "name"))
    paths = {}
    for pk in ids:
        chain = [u for u in tree.ancestors(pk, include_self=True) if u not in tree.root_ids]
        paths[pk] = PATH_SEPARATOR.join(names[u] for u in reversed(chain)) or names[pk]
    return paths


class PathOrder(ChoicesAtOnce):
    def __iter__(self):
        choices = list(super().__iter__())
        empty = choices[:1] if self.field.empty_label is not None else []
        yield from empty
        yield from sorted(choices[len(empty) :], key=lambda choice: str(choice[1]))


class UnitPathField(ModelChoiceField):
    """A unit chosen by its path in the tree (unit_paths), the list ordered by path."""

    iterator = PathOrder

    def __init__(self, ids, **kwargs):
        self.paths = unit_paths(ids)
        super().__init__(Unit.objects.filter(pk__in=ids), **kwargs)

    def label_from_instance(self, obj):
        return self.paths.get(obj.pk, obj.name)


class RangeMessages:
    """A number's every message names its range as the model's validators word it ("Write a
    number of days from 0 to 365."), also for a negative number or one that is no number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            message = isinstance(field, forms.IntegerField) and _range_message(self, name)
            if message:
                field.error_messages.update(min_value=message, max_value=message, invalid=message)
                field.widget.attrs.setdefault("inputmode", "numeric")


def _range_message(form, name):
    validators = form._meta.model._meta.get_field(name).validators
    worded = [v.message for v in validators if isinstance(v, MinValueValidator)]
    return next((m for m in worded if m is not MinValueValidator.message), None)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["unit", "kind", "name", "phone", "email", "url", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitPathField(
            access.contact_units(user), label=_("Unit"), empty_label=None
        )
        self.fields["description"].widget.attrs["rows"] = 3

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_CHARACTERS.fullmatch(phone):
            raise forms.ValidationError(PHONE_NOT_DIGITS)
        return phone

    def clean(self):
        cleaned = super().clean()
        ways = ("phone", "email", "url")
        told = any(name in self.errors for name in ways)
        if not told and not any(cleaned.get(name) for name in ways):
            self.add_error("phone", UNREACHABLE)
        self._check_kind_free(cleaned.get("unit"), cleaned.get("kind"))
        return cleaned

    def _check_kind_free(self, unit, kind):
        taken = Contact.objects.filter(unit=unit, kind=kind).exclude(pk=self.instance.pk)
        if unit and kind and taken.exists():
            self.add_error("kind", KIND_TAKEN)

    def validate_unique(self):
        """The one-per-kind rule is told at the kind above (_check_kind_free)."""


class RecipientsForm(forms.ModelForm):
    """Who receives what in the municipality: HR, IT, and who signs a police report."""

    class Meta:
        model = Municipality
        fields = ["hr_unit", "it_unit", "police_report_signed_by"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        inside = access.tree().descendants([self.instance.pk])
        for name in ("hr_unit", "it_unit"):
            field = self.fields[name]
            self.fields[name] = UnitPathField(
                inside, label=field.label, help_text=field.help_text, required=False
            )


class OwnTextMixin:
    """A row without a code of Tryghed's has no wording to fall back on: its text is needed."""

    own_text_field = "text"

    def clean(self):
        cleaned = super().clean()
        if not self.instance.code and not cleaned.get(self.own_text_field):
            self.add_error(self.own_text_field, OWN_TEXT_NEEDED)
        return cleaned


class GuidancePointForm(RangeMessages, OwnTextMixin, forms.ModelForm):
    class Meta:
        model = GuidancePoint
        fields = ["topic", "text", "position", "is_active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            _choose_municipality(self, user)

    def clean(self):
        cleaned = super().clean()
        if "municipality" in self.fields:
            self.instance.municipality = cleaned.get("municipality")
        return cleaned


def _choose_municipality(form, user):
    """A new point is shared or one municipality's own: the choice, where `user` has one
    (access.own_copy_roots, access.may_edit_shared_settings)."""
    own = Municipality.objects.filter(unit__in=access.own_copy_roots(user)).select_related("unit")
    shared = access.may_edit_shared_settings(user)
    if shared and not own.exists():
        return
    form.fields["municipality"] = ModelChoiceField(
        own,
        label=_("municipality"),
        required=not shared,
        empty_label=_("Shared by every municipality") if shared else None,
        error_messages={"required": _("Choose the municipality.")},
    )


class TaskTemplateForm(RangeMessages, OwnTextMixin, forms.ModelForm):
    own_text_field = "title"

    class Meta:
        model = TaskTemplate
        fields = [
            "case_template",
            "order",
            "kind",
            "title",
            "guidance",
            "assignee",
            "is_required",
            "condition",
            "anchor",
            "offset_days",
            "offset_hours",
            "is_set_by_law",
            "escalate_after_days",
        ]
        field_classes = {"case_template": ModelChoiceField}
        labels = {"case_template": _("case template")}
        widgets = {"guidance": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["case_template"]
        field.empty_label = None
        field.queryset = CaseTemplate.objects.filter(access.shared_or_own(user, editing=True))


class RetentionRuleForm(RangeMessages, forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["months", "from_event"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = RETENTION_EVENTS.get(self.instance.kind, [])
        self.fields["from_event"].choices = [(e.value, e.label) for e in allowed]
