from datetime import date
from pathlib import Path

import jinja2
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import BaseRenderer
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.template.backends.jinja2 import Jinja2
from django.template.loader import get_template
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markupsafe import escape

# No date in Tryghed lies before this: an earlier one is a typing error.
EARLIEST = date(2000, 1, 1)


class ChoicesAtOnce(ModelChoiceIterator):
    """A choice field's rows read with a plain query. Django's own iterator reads them with
    `iterator()`, which on PostgreSQL opens a server-side cursor: four round trips (DECLARE,
    FETCH, FETCH, CLOSE) for a list of twenty checkboxes. The quick report has three such
    fields (docs/performance.md)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """One row chosen from a queryset, its choices read without a server-side cursor
    (ChoicesAtOnce)."""

    iterator = ChoicesAtOnce


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id. An id no database column can hold (a tampered form, an API
    call) is an invalid choice, not a failing query. The choices are read without a
    server-side cursor (ChoicesAtOnce)."""

    iterator = ChoicesAtOnce

    def _check_values(self, value):
        for pk in value:
            try:
                fits = -(2**63) <= int(pk) < 2**63
            except (TypeError, ValueError):
                continue  # Django's own check names it
            if not fits:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class FormRenderer(BaseRenderer):
    """Every form in the design system's markup: an error summary on top, then each field with
    its label, hint and message.

    The forms and fields are the project's Django templates (templates/components/); the
    widgets are Jinja2 templates: Django's own (django/forms/jinja2/) and the two the project
    changes (tryghed/jinja2/). A select renders a template per option, and Django's template
    engine made that about half of the quick report's time; lists of radio buttons and
    checkboxes are written in Python (ChoiceInputs)."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    WIDGETS = ("django/forms/widgets/", "components/widgets/")

    def get_template(self, template_name):
        if template_name.startswith(self.WIDGETS):
            template = self.widgets.get_template(template_name)
            return ChoiceInputs(template) if template_name in ChoiceInputs.REPLACES else template
        return get_template(template_name)

    @cached_property
    def widgets(self):
        return Jinja2(
            {
                "APP_DIRS": False,
                "DIRS": [
                    Path(__file__).resolve().parent.parent / "jinja2",
                    Path(forms.__file__).parent / "jinja2",
                ],
                "NAME": "widgets",
                # A missing value renders as nothing, as in Django's templates, also with DEBUG.
                "OPTIONS": {"undefined": jinja2.Undefined},
            }
        )


class ChoiceInputs:
    """Radio buttons and checkboxes in the design system's markup, written here rather than by
    the templates (Django's multiple_input.html, then the project's input_option.html for each
    option): each option's input, then its label, in a div of its kind; a group's options under
    the group's label. The quick report's 33 checkboxes of acts and triggers took 1.3 ms in
    the templates (docs/performance.md). Escaped as the templates escape (markupsafe, which
    passes a SafeString unchanged); tests/core/test_forms.py holds the two to the same markup.
    A list whose options have a template of their own (option_template_name) is left to the
    templates."""

    REPLACES = ("django/forms/widgets/radio.html", "django/forms/widgets/checkbox_select.html")
    OPTION_TEMPLATES = [
        f"django/forms/widgets/{kind}_option.html" for kind in ("radio", "checkbox")
    ]

    def __init__(self, template):
        self.template = template

    def render(self, context, request=None):
        widget = context["widget"]
        groups = widget["optgroups"]
        options = [option for _group, in_group, _index in groups for option in in_group]
        if any(option["template_name"] not in self.OPTION_TEMPLATES for option in options):
            return self.template.render(context, request)
        attrs = widget["attrs"]
        head = "<div"
        if attrs.get("id"):
            head += f' id="{escape(attrs["id"])}"'
        if attrs.get("class"):
            head += f' class="{escape(attrs["class"])}"'
        parts = [head + ">"]
        for group, options, _index in groups:
            if group:
                parts.append(f"\n  <div><label>{escape(group)}</label>")
            parts.extend(f"<div>\n    {self.option(option)}</div>" for option in options)
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # every value escaped above

    @staticmethod
    def option(option):
        kind = escape(option["type"] or "radio")
        value = "" if option["value"] is None else f' value="{escape(option["value"])}"'
        # The list's class is the list's (above), not each input's, which has its own.
        attributes = attributes_html(option["attrs"], escape, leave_out=("class",))
        name, label = escape(option["name"]), escape(option["label"])
        target = escape(option["attrs"].get("id", ""))
        return (
            f'<div class="form-group-{kind}"><input type="{kind}" name="{name}"{value}'
            f' class="form-{kind}"{attributes}><label for="{target}">{label}</label></div>'
        )


def attributes_html(attrs, escape, leave_out=()):
    """Attributes as Django's attrs.html writes them: True as a bare name, False left out;
    escaped with `escape`, the escaping of the template engine whose markup is matched."""
    return "".join(
        f" {escape(name)}" + ("" if value is True else f'="{escape(value)}"')
        for name, value in attrs.items()
        if value is not False and name not in leave_out
    )


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


# Redirect after POST, also when a form fails: a form posted to an address other than its page
# is kept in the session and the browser is sent back to the page, so a reload never sends it
# again. What was typed (not files) and the messages come back with it, once.
FAILED_FORMS = "tryghed.failed_forms"


def keep_failed(request, page, name, form=None, **facts):
    """Keep `form`, which failed validation, for the form `name` on the page `page`; or keep
    `facts` (JSON values) to tell the page what was refused."""
    entry = dict(facts)
    if form is not None:
        data = {key: form.data.getlist(key) for key in form.data if key != "csrfmiddlewaretoken"}
        entry.update(data=data, errors=form.errors.get_json_data())
    kept = request.session.get(FAILED_FORMS, {})
    kept.setdefault(page, {})[name] = entry
    request.session[FAILED_FORMS] = kept


def take_failed(request, page):
    """What keep_failed() kept for `page`, handed out once."""
    kept = request.session.get(FAILED_FORMS, {})
    entries = kept.pop(page, {})
    if entries:
        request.session[FAILED_FORMS] = kept
    return KeptForms(entries)


class KeptForms:
    def __init__(self, entries):
        self.entries = entries

    def facts(self, name):
        return self.entries.get(name, {})

    def has_form(self, name):
        entry = self.entries.get(name)
        return bool(entry) and "data" in entry

    def form(self, name, make):
        """`make(data)`: the kept form `name` bound again to what was typed, with the messages
        it had; None when none was kept."""
        if not self.has_form(name):
            return None
        entry = self.entries[name]
        data = QueryDict(mutable=True)
        for key, values in entry["data"].items():
            data.setlist(key, values)
        form = make(data)
        form._errors = ErrorDict(renderer=form.renderer)
        form.cleaned_data = {}
        for field, messages in entry["errors"].items():
            errors = [ValidationError(m["message"], code=m["code"] or None) for m in messages]
            form.add_error(None if field == NON_FIELD_ERRORS else field, errors)
        return form
