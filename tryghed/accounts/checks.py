from django.core import checks

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
