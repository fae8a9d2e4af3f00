"""Logins are recorded from Django's auth signals, and changes to a person's second factors
from allauth's: the one place a signal is the only hook."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from tryghed import audit
from tryghed.audit.models import Action


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit.record(actor=user, action=Action.LOGGED_IN, subjects=[user], request=request)


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    # Only the person's id if the address belongs to someone: never the address typed.
    person = get_user_model().objects.filter(email__iexact=credentials.get("email", "")).first()
    audit.record(
        actor=None,
        action=Action.LOGIN_FAILED,
        subjects=[person] if person else [],
        request=request,
    )


@receiver(mfa_signals.authenticator_added)
def record_second_factor_added(sender, request, user, authenticator, **kwargs):
    _record_second_factor(request, user, authenticator, Action.SECOND_FACTOR_ADDED)


@receiver(mfa_signals.authenticator_removed)
def record_second_factor_removed(sender, request, user, authenticator, **kwargs):
    _record_second_factor(request, user, authenticator, Action.SECOND_FACTOR_REMOVED)


@receiver(mfa_signals.authenticator_reset)
def record_recovery_codes_renewed(sender, request, user, authenticator, **kwargs):
    _record_second_factor(request, user, authenticator, Action.RECOVERY_CODES_RENEWED)


def _record_second_factor(request, user, authenticator, action):
    # The kind (app, passkey, recovery codes), never a key's name: the person typed that.
    audit.record(
        actor=user,
        action=action,
        subjects=[user],
        request=request,
        kind=authenticator.type,
    )
