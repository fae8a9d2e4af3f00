"""The provider's people, from the JSON file in OIDC_PROVIDER_PEOPLE:
{"username": {"password": ..., "claims": {"sub": ..., "amr": [...], ...}, "expired": false}}
A person's claims go into their ID token as they are; "expired" makes the token expire before it
is issued."""

import json
import os
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator


def people():
    with open(os.environ["OIDC_PROVIDER_PEOPLE"], encoding="utf-8") as file:
        return json.load(file)


class Backend(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        person = people().get(username)
        if person is None or person["password"] != password:
            return None
        user, _ = get_user_model().objects.get_or_create(username=username)
        return user

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id).first()


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim the test gives, amr included

    def get_additional_claims(self, request):
        return dict(people()[request.user.username]["claims"])

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        if people()[request.user.username].get("expired"):
            expiration = timezone.now() - timedelta(minutes=5)
            claims["exp"] = int(expiration.timestamp())
        return claims, expiration

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        # Tryghed runs on a new port in every test: any local callback is fine here, and the
        # municipalities' test host names (*.test).
        host = redirect_uri.split("/", 3)[2].split(":")[0]
        return host in ("localhost", "127.0.0.1", "testserver") or host.endswith(".test")
