"""Hostile or careless input: every answer is a JSON error a program can read (4xx), never a
500, an HTML page or a stack trace."""

import json

import pytest
from django.test import Client

from tryghed.incidents.models import Incident

REPORT = {"kind": "physical", "severity": 3, "description": "Borgeren slog ud efter mig."}
TOO_BIG = 2**70  # fits no database column


@pytest.fixture
def api(api_as, employee):
    return api_as(employee)


def _post(api, body, key="k1", content_type="application/json"):
    return api.client.generic(
        "POST",
        "/api/v1/episodes",
        body,
        content_type=content_type,
        headers={**api.headers, "Idempotency-Key": key},
    )


def _error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == code
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nope", "/api/v1/cases/1/extra"])
def test_an_unknown_path_is_a_json_404(api, path):
    _error(api.client.get(path, headers=api.headers), 404, "not_found")
    _error(Client().get(path), 404, "not_found")


def test_a_method_a_path_does_not_have_is_a_json_405(api):
    response = api.client.delete("/api/v1/episodes", headers=api.headers)
    _error(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert response.json()["message"] == "Metoden er ikke tilladt."


def test_a_body_that_is_not_json_is_a_400(api):
    _error(_post(api, "{kind"), 400, "invalid_body")
    _error(
        _post(api, "kind=1", content_type="application/x-www-form-urlencoded"), 400, "invalid_body"
    )


def test_a_body_over_the_upload_limit_is_a_413(api, tree, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    big = {**REPORT, "unit": tree["own"].pk, "description": "æ" * 20_000}
    _error(_post(api, json.dumps(big)), 413, "too_large")
    assert not Incident.objects.exists()


@pytest.mark.parametrize("field", ["acts", "triggers"])
def test_an_id_no_column_can_hold_is_an_invalid_choice(api, tree, field):
    body = {**REPORT, "unit": tree["own"].pk, field: [TOO_BIG]}
    response = api.post("/episodes", body, **{"Idempotency-Key": "k1"})
    _error(response, 422, "invalid_report")
    assert set(response.json()["fields"]) == {field}


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_a_time_at_the_ends_of_the_calendar_is_invalid(api, tree, moment):
    body = {**REPORT, "unit": tree["own"].pk, "occurred_at": moment}
    response = api.post("/episodes", body, **{"Idempotency-Key": "k1"})
    _error(response, 422, "invalid_report")
    assert set(response.json()["fields"]) == {"occurred_at"}


def test_wrong_types_and_odd_keys_are_named(api, tree):
    wrong = {"kind": [1], "unit": "x", "severity": {}, "description": 5}
    _error(api.post("/episodes", wrong, **{"Idempotency-Key": "k1"}), 422, "invalid_request")
    body = {**REPORT, "unit": tree["own"].pk}
    _error(
        api.post("/episodes", body, **{"Idempotency-Key": "k" * 201}),
        400,
        "invalid_idempotency_key",
    )
    odd = api.post("/episodes", body, **{"Idempotency-Key": "<script>æøå\x7f"})
    assert odd.status_code == 201


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer ", "Basic ZGVtbzpkZW1v", "Bearer æøå", "Bearer " + "x" * 5000]
)
@pytest.mark.django_db
def test_a_missing_or_garbled_authorization_is_a_401(header):
    response = Client().get("/api/v1/episodes", headers={"Authorization": header} if header else {})
    _error(response, 401, "unauthorized")


@pytest.mark.parametrize("page", ["-5", "0", str(TOO_BIG), "abc"])
def test_odd_page_numbers_never_fail(api, page):
    response = api.get("/episodes", page=page)
    assert response.status_code in (200, 422)
    assert response["Content-Type"].startswith("application/json")
