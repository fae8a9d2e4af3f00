"""What the audit log records from other apps' signals: logins (Django's auth signals), changes
to a person's second factors (allauth's), and role changes (organizations, which sits below the
audit log and so cannot record them itself)."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.organizations.signals import membership_changed


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


@receiver(membership_changed, dispatch_uid="audit.record_membership_change")
def record_membership_change(
    sender, membership, actor, change, request=None, reason=None, **kwargs
):
    # The import and its offboarding give a reason ("import"); the administration gives none.
    extra = {"reason": reason} if reason is not None else {}
    audit.record(
        actor=actor,
        action=Action.MEMBERSHIP_CHANGED,
        target=membership.user,
        unit=membership.unit,
        subjects=[membership.user],
        request=request,
        role=membership.role,
        change=change,
        **extra,
    )
