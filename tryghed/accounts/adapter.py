import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryghed.accounts import second_factor, sso, throttle
from tryghed.organizations import access


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
        if sociallogin is None and not (
            sso.password_login_allowed(request) and sso.password_login_allowed_for(user)
        ):
            messages.error(request, _("Log in through the municipality's login."))
            return redirect("account_login")
        response = super().pre_login(request, user, **kwargs)
        if response is None:
            sso.remember_amr(request, sociallogin)
        return response

    def get_login_stages(self):
        """allauth's stages, with its second-factor step replaced by ours, which trusts a single
        sign-on that already used more than one factor."""
        allauth_stage = "allauth.mfa.stages.AuthenticateStage"
        ours = f"{second_factor.__name__}.AuthenticateStage"
        return [ours if stage == allauth_stage else stage for stage in super().get_login_stages()]

    def is_reauthentication_required(self, *, app, **kwargs):
        """Not straight after the login: a person who typed their password (or a code) a few
        minutes ago sets up their second factor without typing it once more."""
        request = context.request
        records = get_authentication_records(request, request.user)
        if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _login(credentials):
    return credentials.get("email") or credentials.get("username") or ""


class MFAAdapter(DefaultMFAAdapter):
    """allauth's two-factor login in Tryghed's words, and named "Tryghed" in the person's
    authenticator app and passkey list (rather than after the server's host name)."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": gettext_lazy(
            "The code is not right. Type the 6 digits your authenticator app shows now, or one "
            "of your recovery codes."
        ),
        "cannot_delete_authenticator": gettext_lazy(
            "Your roles require a second factor, so you cannot remove your last one. Add "
            "another first."
        ),
    }

    def _get_site_name(self):
        return "Tryghed"

    def can_delete_authenticator(self, authenticator):
        """A person who must use a second factor keeps at least one."""
        user = authenticator.user
        if not access.must_use_second_factor(user):
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=second_factor.FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
