import re
from datetime import date, datetime

from django import forms, template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from tryghed.core import webapp

register = template.Library()

# Subclasses before their bases: the first match wins.
_CSS = {
    forms.SelectMultiple: "form-input tryghed-multiselect",
    forms.Select: "form-select",
    forms.Textarea: "form-input",
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}


@register.simple_tag
def widget(field):
    """Render a form field's widget with the design system's class and, when the field has
    errors, `aria-invalid` and a reference to the message, so screen readers hear it."""
    widget_class = next(
        (css for kind, css in _CSS.items() if isinstance(field.field.widget, kind)), "form-input"
    )
    css = f"{widget_class} {field.field.widget.attrs.get('class', '')}".strip()
    attrs = {"class": css} if css else {}
    described_by = [f"{field.auto_id}_helptext"] if field.help_text else []
    if field.errors:
        attrs["aria-invalid"] = "true"
        described_by.insert(0, f"{field.auto_id}_error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def answers_with_errors(form):
    """How many of a form's fields have errors: the count an error summary names (an error
    of the form as a whole is not an answer)."""
    return sum(1 for field in form if field.errors)


@register.filter
def lead_in(label):
    """A label that leads into a message, "E-mail: ...": a colon, unless the label already
    ends in punctuation ("Hvad skete der?" needs none)."""
    label = str(label).strip()
    return label if label[-1:] in ("?", ":", ".", "!") else f"{label}:"


# A Danish phone number in running text: eight digits, in pairs or fours with single spaces
# (with +45 in front or not), or a three-digit emergency number. Years and amounts are not.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+45 ?)?\d{2}(?: ?\d{2}){3}|11[24])(?![\d])")


def _tel(number):
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


@register.filter
def phone_link(phone):
    """A phone number as a link that calls it."""
    return format_html('<a href="{}">{}</a>', _tel(phone), phone) if phone else ""


@register.filter
def lead_and_rest(text):
    """A text from the data split after its first paragraph (a blank line ends it): the lead is
    shown, the rest may be folded. Either part may be empty."""
    parts = re.split(r"\r?\n[ \t]*\r?\n", str(text).strip(), maxsplit=1)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


@register.filter
def tel_links(text):
    """Text from the data with its phone numbers as links: escaped first, so no markup in the
    text ever reaches the page; only the links are ours."""
    escaped = str(conditional_escape(text))
    # Safe: escaped above, and the links hold only digits.
    return mark_safe(_PHONE.sub(lambda m: f'<a href="{_tel(m.group())}">{m.group()}</a>', escaped))


@register.filter
def moment(value):
    """An ISO time or day from a file's JSON (the own copy, the case file), as people read it
    ("5. december 2026 14:03")."""
    if not value:
        return "\u2013"  # an en dash, as the pages show a missing value
    if "T" in value:
        return date_filter(datetime.fromisoformat(value), "DATETIME_FORMAT")
    return date_filter(date.fromisoformat(value), "DATE_FORMAT")


@register.filter
def offline_owner(user):
    return webapp.owner_tag(user)
