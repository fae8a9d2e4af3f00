"""Pickers people understand: a select that tryghed.js turns into a search box (tom-select),
where typing any part of an option's label finds it and the arrow keys and Enter choose it.

Places are labelled by their whole path (Ældre, then Kløverengen) and grouped by its first part,
so a person finds their place the way they know it, in the tree. Without a script the plain
select stays, with the same labels and groups, and the form works as before.

The widget names the files the search box needs (`data-picker-assets`): tryghed.js loads them
on the first page that has a picker, so no page template has to include them, and their hashed
names in production come from `static()` like every other file's.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tryghed.core.forms import attributes_html

SEPARATOR = " › "  # noqa: RUF001 (the path's separator, as a person reads it)
ASSETS = (
    "tomselect/css/tom-select.default.min.css",
    "tryghed/pickers.css",
    "tomselect/js/tom-select.complete.min.js",
    "tryghed/pickers.js",
)
# Danish order: æ, ø and å come after z, in that order.
_DANISH = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}", "ä": "z{", "ö": "z|"})


def sort_key(parts):
    return [part.casefold().translate(_DANISH) for part in parts]


class PickerMixin:
    picker = "search"
    template_name = "components/widgets/picker_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = options_html(context["widget"]["optgroups"])
        context["widget"]["attrs"].update(
            {
                "data-picker": self.picker,
                "data-picker-assets": " ".join(static(path) for path in ASSETS),
                "data-picker-none": _("Nothing matches. Try another part of the name."),
                "data-picker-remove": _("Remove"),
            }
        )
        return context


def options_html(optgroups):
    """The options, in their groups, as Django's select_option.html writes them, but written
    here: a large municipality's unit picker has over a thousand, and Django's template per
    option took 32 ms for 1,300, this 6 ms (benchmarks/pickers.py). Escaped as the template
    escapes them."""
    parts = []
    for group, options, _index in optgroups:
        if group:
            parts.append(f'<optgroup label="{conditional_escape(group)}">')
        for option in options:
            value, label = conditional_escape(option["value"]), conditional_escape(option["label"])
            attributes = attributes_html(option["attrs"], conditional_escape)
            parts.append(f'<option value="{value}"{attributes}>{label}</option>')
        if group:
            parts.append("</optgroup>")
    return mark_safe("\n".join(parts))  # each part escaped above


class SearchSelect(PickerMixin, forms.Select):
    """One choice, found by typing part of its label."""


class PathSelect(SearchSelect):
    """One place in a tree, found by typing any part of its path."""

    picker = "path"


class SearchSelectMultiple(PickerMixin, forms.SelectMultiple):
    """Several choices (people), each found by typing part of the name; chosen ones can be
    removed again with their own button or Backspace."""


class PathChoiceIterator(ModelChoiceIterator):
    """The field's objects in the order of their paths, labelled by the whole path and grouped
    by its first part (when there is more than one group)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = list(self.queryset)
        paths = self.field.paths(objects)
        groups = {}
        for obj in sorted(objects, key=lambda obj: sort_key(paths.get(obj.pk) or [str(obj)])):
            parts = paths.get(obj.pk) or [str(obj)]
            option = (self.choice(obj)[0], SEPARATOR.join(parts))
            groups.setdefault(parts[0], []).append(option)
        if len(groups) > 1:
            yield from groups.items()
        else:
            for options in groups.values():
                yield from options


class PathChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over places in a tree. Subclasses say what each object's path is:
    `paths(objects)` returns {pk: [names from the top down]}."""

    iterator = PathChoiceIterator
    widget = PathSelect

    def paths(self, objects):
        return {obj.pk: [str(obj)] for obj in objects}

    def label_from_instance(self, obj):
        return SEPARATOR.join(self.paths([obj])[obj.pk])
