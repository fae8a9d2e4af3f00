from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


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
