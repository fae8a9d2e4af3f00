from datetime import date

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No date in Tryghed lies before this: an earlier one is a typing error.
EARLIEST = date(2000, 1, 1)


class FormRenderer(TemplatesSetting):
    """Every form in the design system's markup: an error summary on top, then each field with
    its label, hint and message."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class DateRangeMixin:
    """A form with `date_from` and `date_to`: the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned


def problems(*forms):
    """[(field id, label, message)] of every error in `forms` (forms or formsets), for one
    error summary over a page with several forms. A form in a list of alike forms names
    itself with `problem_prefix`, so the summary says which row a message is about."""
    found = []
    for form in forms:
        for single in getattr(form, "forms", [form]):
            prefix = getattr(single, "problem_prefix", "")
            for error in single.non_field_errors():
                found.append(("", prefix, error))
            for field in single:
                label = (
                    f"{prefix}: {field.label}" if prefix and field.label != prefix else field.label
                )
                for error in field.errors:
                    found.append((field.auto_id, label, error))
        for error in getattr(form, "non_form_errors", list)():
            found.append(("", "", error))
    return found


def past_day(day):
    """A date that has been: today or before, and not before EARLIEST."""
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date is in the future."))
    if day < EARLIEST:
        raise forms.ValidationError(_("The date is too far back."))
    return day
