from django import forms
from django.utils.translation import gettext_lazy as _

from tryghed.core.forms import ModelChoiceField
from tryghed.organizations import access
from tryghed.organizations.models import Unit

VALID_FOR = [
    (30, _("30 days")),
    (90, _("90 days")),
    (365, _("1 year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. the system that uses it."),
        error_messages={"required": _("Give the key a name.")},
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"), choices=VALID_FOR, coerce=int, initial=90
    )


class SystemTokenForm(TokenForm):
    """A system's key: the one scope there is, statistics, for a municipality the person
    administers."""

    municipality = ModelChoiceField(
        label=_("Municipality"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("The key reads this municipality's overview, with small counts protected."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, prefix="system", **kwargs)
        roots = access.system_token_roots(user)
        self.fields["municipality"].queryset = Unit.objects.filter(pk__in=roots)
