"""Two-factor login: whether this login is strong enough for what the person may read.

A login is strong when allauth recorded a second factor in the session (a code from the
authenticator app, a recovery code, a passkey or security key, or the set-up of the first of
these), when the municipality's single sign-on says its login used more than one factor (the
ID token's `amr` contains "mfa"), or, in the demo only, when the person used a one-click demo
login. Who must have a strong login is organizations.access.must_use_second_factor; until
theirs is, such a person reaches nothing but the pages that set up or ask for the second
factor (docs/mfa.md).
"""

from types import SimpleNamespace

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.conf import settings
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.organizations import access

# Set by the single sign-on login (the SSO part of docs/login.md): the ID token's `amr` list.
SSO_AMR_SESSION_KEY = "tryghed_sso_amr"
# Set by the one-click demo login; counts only while the system runs as the demo.
DEMO_LOGIN_SESSION_KEY = "tryghed_demo_login"

FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

# Always open: leaving, the language, the quick guide (open without login too), the web app's
# manifest and service worker, and health.
OPEN = {
    "account_logout",
    "accounts:logout",
    "core:manifest",
    "core:service_worker",
    "set_language",
    "home:quick_guide",
    "core:live",
    "core:ready",
    "core:health_app",
}
# Open to a person who has no second factor yet: setting one up.
SET_UP = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    # allauth asks for the password again before a set-up when the login is a few minutes old.
    "account_reauthenticate",
}
# Open to a person who has one but did not use it in this login: using it.
ASK = {"mfa_reauthenticate", "mfa_reauthenticate_webauthn"}


def sso_says_strong(session):
    amr = session.get(SSO_AMR_SESSION_KEY)
    return isinstance(amr, list | tuple) and "mfa" in amr


def is_strong(session, user):
    """Whether the login in `session` used a second factor (or counts as if it had)."""
    if sso_says_strong(session):
        return True
    if settings.DEMO and session.get(DEMO_LOGIN_SESSION_KEY) == user.pk:
        return True
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return any(record.get("method") == "mfa" for record in records)


def is_missing(session, user):
    """Whether `user`, logged in with `session`, must still give a second factor."""
    return (
        user.is_authenticated
        and not is_strong(session, user)
        and access.must_use_second_factor(user)
    )


def has_factor(user):
    """An authenticator app or a passkey; recovery codes alone are not a second factor."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).exists()


def people_with_factor(people_ids):
    """Of `people_ids`, the ids of those with a second factor (one query for a page)."""
    having = Authenticator.objects.filter(user_id__in=list(people_ids), type__in=FACTORS)
    return set(having.values_list("user_id", flat=True))


def mark_demo_login(request, user):
    request.session[DEMO_LOGIN_SESSION_KEY] = user.pk


# allauth tells of a new factor only through its signal.
@receiver(mfa_signals.authenticator_added)
def record_first_factor(sender, request, user, authenticator, **kwargs):
    """A person who has just set up their first second factor typed (or touched) it to do so:
    this login now counts as strong, without asking for it again at once."""
    if authenticator.type not in FACTORS:
        return
    if Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS).count() != 1:
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def reset(person, *, by, request=None):
    """Remove all of `person`'s second factors (a lost phone and lost recovery codes): they set
    up a new one at their next login. Returns how many were removed."""
    removed, _kinds = Authenticator.objects.filter(user_id=person.pk).delete()
    if removed:
        audit.record(
            actor=by,
            action=Action.SECOND_FACTOR_REMOVED,
            subjects=[person],
            request=request,
            kind="all",
        )
    return removed


class AuthenticateStage(AllauthAuthenticateStage):
    """allauth's second-factor step at login, skipped when the single sign-on already did
    more than one factor (the SSO login sets SSO_AMR_SESSION_KEY before the stages run)."""

    def _should_handle(self, request):
        if sso_says_strong(request.session):
            return False
        return super()._should_handle(request)


def _where_to(request, user):
    if not has_factor(user):
        return redirect("mfa_index").url
    url = redirect(
        "mfa_reauthenticate"
        if Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
        else "mfa_reauthenticate_webauthn"
    ).url
    if request.method == "GET" and not request.htmx:
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


class SecondFactorMiddleware(MiddlewareMixin):
    """Sends a person who must use a second factor, and has not in this login, to set one up
    or to give it, from every page but those in OPEN, SET_UP and ASK. (MiddlewareMixin lets it
    run as a coroutine under Django's own ASGI handler; core/static_files.py says why.)"""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        request.second_factor_missing = is_missing(request.session, user)
        if not request.second_factor_missing:
            return None
        name = request.resolver_match.view_name
        allowed = OPEN | (ASK if has_factor(user) else SET_UP)
        if name in allowed:
            return None
        url = _where_to(request, user)
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


middleware = SecondFactorMiddleware
