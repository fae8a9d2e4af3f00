"""Every number a person types has a sane range: a clear Danish message at the field, and
everything typed is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.incidents.factories import make_incident
from tests.incidents.test_case import details
from tryghed.alarms.models import Floor
from tryghed.followup.models import TaskTemplate
from tryghed.incidents.models import Act
from tryghed.prevention.models import RiskCheckpoint


@pytest.mark.parametrize("days", ["99999999999", "366", "-1"])
def test_days_of_absence_out_of_range_is_a_danish_field_error_and_keeps_what_was_typed(
    client, employee, tree, days
):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        details(incident, absence_days=days, place="Ved skranken på 1. sal", injury="Blå mærker"),
    )
    assert response.status_code == 200
    assert "Skriv antal fraværsdage som et tal fra 0 til 365." in response.text
    assert "Ved skranken på 1. sal" in response.text and "Blå mærker" in response.text
    assert f'value="{days}"' in response.text
    incident.refresh_from_db()
    assert incident.absence_days is None and incident.place == ""


def test_a_year_of_absence_is_accepted(client, employee, tree):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]), details(incident, absence_days="365")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.absence_days == 365


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Act, "order", 1000),
        (TaskTemplate, "offset_days", 366),
        (TaskTemplate, "offset_hours", 721),
        (TaskTemplate, "escalate_after_days", 91),
        (Floor, "order", 1000),
        (RiskCheckpoint, "position", 1000),
    ],
)
def test_the_numbers_an_administrator_types_have_a_ceiling(model, field, value):
    with pytest.raises(ValidationError) as refused:
        model._meta.get_field(field).run_validators(value)
    assert refused.value.messages[0].startswith("Skriv ")
