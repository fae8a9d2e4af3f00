"""Whether a person has a second factor: the one place that asks django-allauth's MFA app.

Until allauth.mfa is installed, nobody has one and `mfa_installed()` is False, so pages can
leave the question out rather than answer "no" for everyone. A second factor is an
authenticator app (TOTP) or a passkey (WebAuthn); recovery codes alone are not one.
"""

from django.apps import apps


def mfa_installed():
    return apps.is_installed("allauth.mfa")


def _authenticators():
    from allauth.mfa.models import Authenticator  # importable only when the app is installed

    return Authenticator.objects.filter(
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )


def people_with_second_factor(people_ids):
    """Of `people_ids`, the ids of those with a second factor (one query for a page)."""
    if not mfa_installed():
        return set()
    return set(
        _authenticators().filter(user_id__in=list(people_ids)).values_list("user_id", flat=True)
    )


def has_second_factor(user):
    return mfa_installed() and _authenticators().filter(user_id=user.pk).exists()
