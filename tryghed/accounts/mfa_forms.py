"""allauth's two-factor forms with Tryghed's labels (settings.MFA_FORMS): the code field says
which code, and a passkey is explained where it is chosen."""

from allauth.mfa.base import forms as base_forms
from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.webauthn import forms as webauthn_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CODE_LABEL = pgettext_lazy("two-factor", "Code")
CODE_HINT = _("6 digits from your authenticator app, or a recovery code.")


def _code_field(form, hint=CODE_HINT):
    field = form.fields["code"]
    field.label, field.help_text = CODE_LABEL, hint
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(inputmode="numeric", autocomplete="one-time-code")


class AuthenticateForm(base_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self)


class ReauthenticateForm(base_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self)


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(self, _("The 6 digits the app shows now."))

    def clean_code(self):
        try:
            return super().clean_code()
        except ValidationError as error:
            if error.code != "incorrect_code":
                raise
            # Recovery codes come with the app: the login's message would name them here.
            raise ValidationError(
                _("The code is not right. Type the 6 digits the app shows now for Tryghed."),
                code="incorrect_code",
            ) from error


class AddWebAuthnForm(webauthn_forms.AddWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the key")
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = _("Use it as a passkey, to log in with it alone")
            self.fields["passwordless"].help_text = _(
                "Your phone or computer then asks for your fingerprint, face or PIN each time."
            )


class EditWebAuthnForm(webauthn_forms.EditWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the key")
