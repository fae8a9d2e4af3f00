from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tryghed.accounts import sso, throttle


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

    # Single sign-on (accounts/sso.py): every login passes here, by password, password reset or
    # the municipality's login.
    def pre_login(self, request, user, **kwargs):
        sociallogin = (kwargs.get("signal_kwargs") or {}).get("sociallogin")
        if sociallogin is None and not sso.password_login_allowed():
            messages.error(request, _("Log in through the municipality's login."))
            return redirect("account_login")
        response = super().pre_login(request, user, **kwargs)
        if response is None:
            sso.remember_amr(request, sociallogin)
        return response


def _login(credentials):
    return credentials.get("email") or credentials.get("username") or ""
