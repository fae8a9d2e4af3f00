from django.core import checks
from django.db import DatabaseError

from tryghed.accounts import sso


@checks.register(checks.Tags.security, deploy=True)
def single_sign_on_over_https(app_configs, **kwargs):
    """allauth trusts an ID token fetched straight from the provider's token endpoint without
    checking its signature (as OpenID Connect allows over TLS), so that must be HTTPS."""
    app = sso.provider_app()
    if app is None:
        return []
    urls = [
        app["settings"]["server_url"],
        app["settings"]["openid_configuration_overrides"]["issuer"],
    ]
    if all(url.startswith("https://") for url in urls):
        return []
    return [
        checks.Error(
            "OIDC_ISSUER_URL (and OIDC_DISCOVERY_URL) must be https:// addresses.",
            id="tryghed.E101",
        )
    ]


def _login_providers():
    """The municipalities' own enabled providers; none before their table exists."""
    from tryghed.accounts.models import LoginProvider

    try:
        return list(LoginProvider.objects.enabled().select_related("municipality__unit"))
    except DatabaseError:
        return []


@checks.register(checks.Tags.database)
def login_providers_have_their_secret(app_configs, databases=None, **kwargs):
    """Run with `check --database default` (and by `migrate`): a municipality's provider whose
    environment variable is not set offers no login button (accounts/sso.py, own_app)."""
    return [
        checks.Warning(
            f"The environment variable {provider.client_secret_variable} of the login provider "
            f"{provider.provider_id!r} ({provider.municipality}) is not set: its municipality "
            "has no login through the municipality.",
            hint="Set the variable where Tryghed runs and restart, or disable the provider.",
            obj=provider,
            id="tryghed.W102",
        )
        for provider in _login_providers()
        if not provider.secret
    ]


@checks.register(checks.Tags.database, deploy=True)
def login_providers_over_https(app_configs, databases=None, **kwargs):
    """As single_sign_on_over_https, for the municipalities' own providers."""
    return [
        checks.Error(
            f"The login provider {provider.provider_id!r} needs https:// addresses.",
            obj=provider,
            id="tryghed.E103",
        )
        for provider in _login_providers()
        if not all(
            url.startswith("https://") for url in (provider.issuer, provider.discovery_url) if url
        )
    ]
