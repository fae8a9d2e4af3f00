from django import forms
from django.utils.translation import gettext_lazy as _

from tryghed.accounts.models import User
from tryghed.core.forms import ModelChoiceField

REASON_MAX_LENGTH = 300


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.email})"


class CopyRequestForm(forms.Form):
    """HR produce a person's copy on request: who, and why (the reason goes in the log the
    person sees)."""

    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        empty_label=_("Choose a person"),
        error_messages={
            "required": _("Choose the person who asked for their data."),
            "invalid_choice": _("Choose a person from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "For example: the employee asked for their data by e-mail on 3 December. "
            "The person sees the reason in their own log."
        ),
        error_messages={
            "required": _("Write why you produce the copy."),
            "max_length": _("Write the reason in at most 300 characters."),
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people.order_by("name", "pk")
