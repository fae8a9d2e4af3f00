from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form in the design system's markup: an error summary on top, then each field with
    its label, hint and message."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
