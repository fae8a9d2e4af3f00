"""Reference rows that Tryghed seeds (acts, triggers, case and task templates, risk-assessment
points, onboarding points, courses) store a stable `code` and no text of their own; what they
say is Tryghed's wording for that code, an English msgid translated into the reader's language
when the row is shown. A row an administrator creates, or gives a text of their own, shows that
text as written: a municipality changes data, not code. Copies (a case's tasks, an assessment's
points, a checklist's items) carry the code and the own text along, so they read the same way."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OWN_TEXT_HINT = _("Empty: Tryghed's wording, in the reader's language.")
OWN_TEXT_NEEDED = _("Write the text: this row has no wording of Tryghed's own.")


def code_field():
    return models.CharField(_("code"), max_length=60, blank=True, editable=False)


def code_constraints(text_field, within=None, shared=False):
    """A code names one seeded row; a row without a code must have a text of its own. With
    `within` (a foreign key's name), a code is unique within each value of it, and with
    `shared` also among the rows where it is empty (the shared set): a municipality's own copy
    of a shared row keeps the shared row's code."""
    return [
        *_unique_code(within, shared),
        models.CheckConstraint(
            condition=~Q(code="", **{text_field: ""}),
            name="%(app_label)s_%(class)s_code_or_text",
            violation_error_message=OWN_TEXT_NEEDED,
        ),
    ]


def _unique_code(within, shared):
    name = "%(app_label)s_%(class)s_unique_code"
    if within is None:
        return [models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name=name)]
    per = models.UniqueConstraint(
        fields=[within, "code"], condition=~Q(code=""), name=f"{name}_per_{within}"
    )
    if not shared:
        return [per]
    among_shared = ~Q(code="") & Q(**{f"{within}__isnull": True})
    return [models.UniqueConstraint(fields=["code"], condition=among_shared, name=name), per]


def worded(own_text, code, wording):
    """The row's own text if it has one, else the wording of its code (the code itself when
    the wording no longer has it, so a row is never shown blank)."""
    if own_text or not code:
        return own_text
    return str(wording.get(code, code))
