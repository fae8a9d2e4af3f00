"""Single sign-on through the municipality's own OpenID Connect provider (Entra ID, AD FS), by
django-allauth's `openid_connect` provider; docs/login.md tells IT how to set it up.

Nobody signs up this way. A login reaches a person who is already in Tryghed (from the
organization import or an administrator): first by the provider's immutable id (`sub`, or
Entra's `oid`), stored in allauth's SocialAccount at the first match; else by an e-mail address
or UPN the provider vouches for. Group and role claims are never read: what a person may do
follows from the organization's data (organizations.access). The `amr` claim is kept in the
session for the second-factor check.

Where one deployment serves several municipalities, each may have its own provider
(accounts.LoginProvider): it is the one app allauth gets on the municipality's host names
(`list_apps`), with a provider_id of its own (so a link of one provider's id never serves
another's), and it finds only the municipality's own people (`serves`). The environment's
provider is for the others.
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.urls import reverse

from tryghed import audit
from tryghed.accounts import oidc
from tryghed.accounts.models import LoginProvider, User
from tryghed.audit.models import Action
from tryghed.organizations import access
from tryghed.organizations.models import Contact, ContactKind, Membership, Municipality, Unit

log = logging.getLogger(__name__)

# The `amr` values of the ID token of this session's single sign-on ([] when absent, and no key
# after a password login). The second-factor check reads it: "mfa" in it counts as strong.
AMR_SESSION_KEY = "tryghed_sso_amr"
PROVIDER = "openid_connect"  # allauth's provider; each app of it has a provider_id of its own


class Refusal:
    """Why a person who passed the provider's login does not get into Tryghed (audit data)."""

    UNKNOWN = "unknown"  # no person in Tryghed with the id, e-mail or UPN
    INACTIVE = "inactive"  # the person is deactivated
    LINKED_ELSEWHERE = "linked_elsewhere"  # the person is linked to another id at the provider
    NOT_A_LOGIN = "not_a_login"  # allauth's "connect" process: Tryghed links people itself


def provider_app():
    """The environment's provider (settings.oidc_providers), or None without it."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return apps[0] if apps else None


def app_for(request):
    """The provider offered where `request` is read (allauth's SocialApp), or None."""
    apps = get_adapter(request).list_apps(request, provider=PROVIDER)
    return apps[0] if apps else None


def own_app(provider):
    """allauth's app for a municipality's own provider; None while its secret is not set."""
    if not provider.secret:
        return None
    return SocialApp(
        provider=PROVIDER,
        provider_id=provider.provider_id,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.secret,
        settings=provider.settings(),
    )


def password_login_allowed(request=None):
    """Passwords can only be switched off where single sign-on is set up (for this host)."""
    if settings.PASSWORD_LOGIN:
        return True
    return (provider_app() if request is None else app_for(request)) is None


def password_login_allowed_for(person):
    """Whatever the address a login is typed on: with passwords switched off, a person whom a
    municipality's login serves (their municipality's own provider, or the environment's for
    the municipalities without one) logs in only through it."""
    if settings.PASSWORD_LOGIN:
        return True
    own = list(LoginProvider.objects.enabled().filter(municipality__in=roots_of(person)))
    if own:  # the environment's provider is not theirs; their own works once its secret is set
        return not any(provider.secret for provider in own)
    return provider_app() is None


def municipality(request=None):
    """The municipality whose login this is: the request's (Municipality.objects.root_for),
    or the deployment's only one; None where several share the host."""
    if request is not None:
        return Unit.objects.filter(pk=Municipality.objects.root_for(request)).first()
    roots = list(Unit.objects.roots()[:2])
    return roots[0] if len(roots) == 1 else None


def login_choices(request=None):
    """What the login page offers: the single sign-on button of this host's municipality (or
    None) and the password form. The button is named after the municipality the page is read
    in (its host name), when the provider has no name of its own."""
    app = app_for(request)
    button = None
    if app is not None:
        root = municipality(request)
        button = {
            "name": app.name or (root.name if root else ""),
            "url": reverse("openid_connect_login", kwargs={"provider_id": app.provider_id}),
        }
    return {"sso": button, "passwords": settings.PASSWORD_LOGIN or app is None}


def content_security_policy(request):
    """The policy of a page whose form goes to this host's provider: its origin is let in."""
    app = app_for(request)
    url = app.settings.get("server_url", "") if app is not None else ""
    return oidc.csp_with_provider(settings.SECURE_CSP, url)


def roots_of(person):
    """The municipalities (root unit ids) of a person's roles, whether active or not."""
    units = access.tree()
    return {units.root_of(m.unit_id) for m in Membership.objects.filter(user=person)}


def serves(app, person):
    """Whether the provider `app` logs `person` in: a municipality's own provider its own
    people only; the environment's, everyone but the people of a municipality with its own."""
    roots = roots_of(person)
    own = app.settings.get("municipality")
    if own is not None:
        return roots == {own}
    return not roots & set(LoginProvider.objects.enabled().values_list("municipality", flat=True))


def claims_of(sociallogin):
    extra = sociallogin.account.extra_data or {}
    return extra.get("id_token") or extra.get("userinfo") or {}


def amr_of(sociallogin):
    amr = claims_of(sociallogin).get("amr")
    return [str(value) for value in amr] if isinstance(amr, list) else []


def remember_amr(request, sociallogin):
    if sociallogin is None:
        request.session.pop(AMR_SESSION_KEY, None)
    else:
        request.session[AMR_SESSION_KEY] = amr_of(sociallogin)


def vouched_addresses(claims, email_domains):
    """The addresses the provider vouches for: a verified e-mail, and an e-mail or UPN in one of
    the municipality's own domains (Entra sends no `email_verified`; its UPN is the tenant's)."""

    def in_own_domain(address):
        return address.rpartition("@")[2].lower() in email_domains

    addresses = []
    email = claims.get("email")
    verified = claims.get("email_verified") is True
    if isinstance(email, str) and "@" in email and (verified or in_own_domain(email)):
        addresses.append(email)
    for key in ("upn", "preferred_username"):
        name = claims.get(key)
        if isinstance(name, str) and "@" in name and in_own_domain(name):
            addresses.append(name)
    return addresses


def find_person(claims, app):
    """The person the provider `app` vouches for, among the people it serves."""
    for address in vouched_addresses(claims, app.settings.get("email_domains", [])):
        person = User.objects.filter(email__iexact=address.strip()).first()
        if person is not None and serves(app, person):
            return person
    return None


def refusal_page(request, reason, person=None, app=None):
    """A clear Danish page and an audit entry; nobody is logged in or created. The entry names
    the person only when Tryghed knows them; of a stranger it keeps no address, name or id."""
    options = app.settings if app is not None else {}
    audit.record(
        actor=None,
        action=Action.SSO_REFUSED,
        target=person,
        subjects=[person] if person else [],
        request=request,
        reason=reason,
        issuer=options.get("openid_configuration_overrides", {}).get("issuer"),
    )
    root = municipality(request)
    contact = Contact.objects.filter(unit=root, kind=ContactKind.ACCESS).first() if root else None
    context = {"reason": reason, "municipality": root, "contact": contact}
    return render(request, "accounts/sso_refused.html", context, status=403)


def failure_page(request, *, error, exception=None):
    """The provider's answer was not accepted (forged or replayed, wrong issuer, expired token,
    `state` mismatch, provider out of reach): a clear Danish page and an audit entry."""
    cause = type(exception).__name__ if exception is not None else ""
    log.warning("single sign-on failed: %s %s", error, cause)
    audit.record(
        actor=None, action=Action.SSO_FAILED, request=request, error=str(error), cause=cause
    )
    return render(request, "socialaccount/authentication_error.html", {}, status=401)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def list_apps(self, request, provider=None, client_id=None):
        """The provider of the request's municipality (LoginProvider), else the environment's;
        never allauth's SocialApp rows: one added there would be a second, unreviewed way in.
        A provider of another municipality is not there (its login page answers 404)."""
        root = Municipality.objects.root_for(request) if request is not None else None
        own = LoginProvider.objects.for_root(root)
        if own is not None:
            apps = [app for app in [own_app(own)] if app is not None]
        else:
            apps = [app for app in super().list_apps(request) if app.pk is None]
        return [
            app
            for app in apps
            if provider in (None, app.provider, app.provider_id)
            and client_id in (None, app.client_id)
        ]

    def pre_social_login(self, request, sociallogin):
        """Match the login to a person already in Tryghed, or refuse it."""
        app = sociallogin.provider.app
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            raise ImmediateHttpResponse(refusal_page(request, Refusal.NOT_A_LOGIN, app=app))
        found = sociallogin.is_existing  # by the id stored at the first match
        person = sociallogin.user if found else self._match(request, sociallogin)
        if not serves(app, person):  # linked before, and since moved to another municipality
            raise ImmediateHttpResponse(refusal_page(request, Refusal.UNKNOWN, app=app))
        if not person.is_active:
            raise ImmediateHttpResponse(refusal_page(request, Refusal.INACTIVE, person, app))

    def _match(self, request, sociallogin):
        app = sociallogin.provider.app
        person = find_person(claims_of(sociallogin), app)
        if person is None:
            raise ImmediateHttpResponse(refusal_page(request, Refusal.UNKNOWN, app=app))
        provider_id = sociallogin.account.provider
        if SocialAccount.objects.filter(user=person, provider=provider_id).exists():
            # Linked to another id before: an e-mail alone never moves the link.
            refusal = refusal_page(request, Refusal.LINKED_ELSEWHERE, person, app)
            raise ImmediateHttpResponse(refusal)
        if not person.is_active:
            return person
        self._link(request, sociallogin, person)
        return sociallogin.user

    def _link(self, request, sociallogin, person):
        """Store the provider's id on the person, so the next login finds them by it."""
        try:
            with transaction.atomic():
                sociallogin.account.user = person
                sociallogin.account.save()  # only the link: the person's own row is not rewritten
            sociallogin.user = person
        except IntegrityError:
            # A second login of the same person linked them a moment ago: use that link.
            account = SocialAccount.objects.get(
                provider=sociallogin.account.provider, uid=sociallogin.account.uid
            )
            sociallogin.account, sociallogin.user = account, account.user
            return
        audit.record(
            actor=None, action=Action.SSO_LINKED, target=person, subjects=[person], request=request
        )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        response = failure_page(request, error=error, exception=exception)
        if error != AuthError.CANCELLED:  # a cancel goes on to allauth's "cancelled" page
            raise ImmediateHttpResponse(response)
