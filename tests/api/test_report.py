"""The quick report through the API: validated as the form validates it, and idempotent."""

from datetime import datetime

import pytest

from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import Incident

REPORT = {"kind": "physical", "severity": 3, "description": "Borgeren slog ud efter mig."}


@pytest.fixture
def api(api_as, employee):
    return api_as(employee)


def _report(api, tree, key="a1b2", **fields):
    return api.post(
        "/episodes", {**REPORT, "unit": tree["own"].pk, **fields}, **{"Idempotency-Key": key}
    )


def test_one_idempotency_key_sent_twice_makes_one_case(api, tree, employee):
    first, second = _report(api, tree), _report(api, tree)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    incident = Incident.objects.get()
    assert (incident.reported_by, incident.unit, incident.kind) == (
        employee,
        tree["own"],
        "physical",
    )
    assert AuditEvent.objects.filter(action=Action.INCIDENT_REPORTED).count() == 1


def test_the_same_key_from_two_people_makes_two_cases(api, api_as, tree, manager):
    assert _report(api, tree).status_code == 201
    assert _report(api_as(manager), tree, description="Noget andet.").status_code == 201
    assert Incident.objects.count() == 2


def test_the_same_report_under_a_new_key_is_asked_about_as_in_the_form(api, tree):
    first = _report(api, tree, key="one")
    again = _report(api, tree, key="two")
    assert again.status_code == 409
    assert again.json()["error"] == "already_reported"
    assert again.json()["case"] == first.json()["id"]
    assert _report(api, tree, key="three", send_again=True).status_code == 201
    assert Incident.objects.count() == 2


def test_a_report_is_validated_as_the_form_validates_it(api, tree):
    empty = _report(api, tree, description="")
    assert empty.status_code == 422
    assert empty.json()["error"] == "invalid_report"
    assert empty.json()["fields"]["description"] == ["Skriv et par ord om, hvad der skete."]
    future = _report(api, tree, occurred_at="2999-01-01T10:00:00+01:00")
    assert set(future.json()["fields"]) == {"occurred_at"}
    cpr = _report(api, tree, description="Borgeren 010190-1234 slog mig.")
    assert "description" in cpr.json()["fields"]
    assert (
        _report(
            api, tree, description="Borgeren 010190-1234 slog mig.", send_anyway=True
        ).status_code
        == 201
    )
    assert Incident.objects.count() == 1


def test_a_report_keeps_the_time_it_happened(api, tree):
    made = _report(api, tree, occurred_at="2025-03-04T08:15:00+01:00").json()
    assert datetime.fromisoformat(made["occurred_at"]) == datetime.fromisoformat(
        "2025-03-04T07:15:00+00:00"
    )


def test_without_an_idempotency_key_nothing_is_made(api, tree):
    response = api.post("/episodes", {**REPORT, "unit": tree["own"].pk})
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"
    assert not Incident.objects.exists()
