from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from tryghed.accounts import throttle


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """People are created by an administrator or the organization import, never by sign-up."""
        return False

    def pre_authenticate(self, request, **credentials):
        """A password try inside the account's wait is refused before the password is looked
        at (throttle.py); then allauth's per-address limits."""
        seconds = throttle.remaining(_login(credentials))
        if seconds:
            raise forms.ValidationError(throttle.message(seconds), code="login_wait")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.succeeded(_login(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        throttle.failed(_login(credentials))


def _login(credentials):
    return credentials.get("email") or credentials.get("username") or ""
