"""Keys: who gets in (a usable key), what they are refused with (401 with JSON), and how often
they may call (429 with Retry-After)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.api.conftest import ApiClient, personal_key
from tryghed.api.models import ApiToken


def _refused(response):
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_a_usable_key_gets_in_and_its_use_is_noted(employee):
    api = ApiClient(personal_key(employee))
    assert api.get("/tasks").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_an_expired_key_gets_401(employee):
    api = ApiClient(personal_key(employee))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    _refused(api.get("/tasks"))


def test_a_revoked_key_gets_401(employee):
    api = ApiClient(personal_key(employee))
    ApiToken.objects.update(revoked_at=timezone.now())
    _refused(api.get("/tasks"))


def test_the_key_of_a_person_who_left_gets_401(employee):
    api = ApiClient(personal_key(employee))
    employee.is_active = False
    employee.save()
    _refused(api.get("/tasks"))


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer tgh_not-a-key", "Basic abc"])
def test_no_key_or_a_wrong_one_gets_401(employee, header):
    personal_key(employee)
    api = ApiClient("x")
    api.headers = {"Authorization": header} if header else {}
    _refused(api.get("/tasks"))


def test_only_a_fingerprint_of_the_secret_is_kept(employee):
    secret = personal_key(employee)
    token = ApiToken.objects.get()
    assert secret not in {str(getattr(token, f.attname)) for f in ApiToken._meta.fields}
    assert token.prefix == secret[:12]


@override_settings(API_REQUESTS_PER_MINUTE=2)
def test_a_key_is_limited_per_minute_with_retry_after(employee, manager):
    api = ApiClient(personal_key(employee))
    assert [api.get("/tasks").status_code for _ in range(2)] == [200, 200]
    refused = api.get("/tasks")
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Per key: another person's key is not held back by this one.
    assert ApiClient(personal_key(manager)).get("/tasks").status_code == 200


def test_errors_are_json_without_a_trace(employee):
    api = ApiClient(personal_key(employee))
    missing = api.get("/cases/999999")
    assert missing.status_code == 404
    assert missing.json() == {"error": "not_found", "message": "Ikke fundet."}
    invalid = api.get("/cases/abc")
    assert invalid.status_code == 422 and invalid.json()["error"] == "invalid_request"
    assert "Traceback" not in invalid.content.decode()
