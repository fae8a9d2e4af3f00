"""allauth's configuration of one OpenID Connect provider, shared by the environment's provider
(settings.py, `OIDC_*`) and each municipality's own (accounts.LoginProvider). Plain data, no
Django imports: settings.py imports it while Django is not set up yet."""

from urllib.parse import urlsplit


def app_settings(*, issuer, email_domains=(), uid_claim="sub", discovery_url=""):
    """The issuer is pinned to the one configured, whatever the discovery document says; the ID
    token's claims are the ones used (Entra's userinfo lacks `oid` and the UPN); PKCE on."""
    return {
        "server_url": discovery_url or issuer.rstrip("/"),
        "openid_configuration_overrides": {"issuer": issuer},
        "fetch_userinfo": False,
        "oauth_pkce_enabled": True,
        "uid_field": uid_claim,
        "email_domains": [domain.lower().lstrip("@") for domain in email_domains],
    }


def csp_with_provider(csp, provider_url):
    """The login page's button posts to Tryghed, which redirects to the provider: browsers hold
    that redirect to `form-action`, so the provider's origin joins it."""
    if not provider_url:
        return csp
    parts = urlsplit(provider_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin in csp["form-action"]:
        return csp
    return {**csp, "form-action": [*csp["form-action"], origin]}
