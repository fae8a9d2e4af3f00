"""python -m tests.oidc_provider PORT CLIENT_ID SECRET: migrate a fresh database, register
Tryghed as a client, and serve."""

import os
import sys

import django


def main():
    port, client_id, secret = sys.argv[1:4]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="Tryghed",
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://testserver/konto/oidc/kommune/login/callback/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    import uvicorn
    from django.core.asgi import get_asgi_application

    uvicorn.run(get_asgi_application(), host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main()
