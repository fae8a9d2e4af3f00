"""Logins are recorded from Django's auth signals: the one place a signal is the only hook."""

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
