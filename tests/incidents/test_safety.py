"""What must not happen to a case: lost victims, overwritten experience, lost reports."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.incidents import services
from tryghed.incidents.models import Incident, Kind, Severity


def test_nobody_can_change_who_it_happened_to_through_the_full_report(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "kind": incident.kind,
            "occurred_at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "description": incident.description,
            "affected": [manager.pk],
        },
    )
    assert list(incident.affected.all()) == [employee]


def test_the_employee_who_corrects_the_severity_is_the_one_who_gave_it(client, tree, employee):
    colleague = person(tree["own"], name="Freja Holm", email="freja@ishoj.example")
    incident = make_incident(colleague, tree["own"], affected=[employee], severity=Severity.MILD)
    assert not incident.severity_is_own
    client.force_login(employee)
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {
            "kind": incident.kind,
            "occurred_at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
            "description": incident.description,
            "experienced_severity": Severity.VERY_SERIOUS,
        },
    )
    incident.refresh_from_db()
    assert incident.severity_given_by == employee
    assert incident.severity_is_own


def test_a_time_after_the_report_or_long_ago_is_refused_at_the_field(client, tree, employee):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    later = timezone.localtime(incident.reported_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    for moment, message in [
        (later, "efter episoden blev registreret"),
        ("0001-11-25T10:00", "for langt tilbage"),
    ]:
        response = client.post(
            reverse("incidents:edit", args=[incident.pk]),
            {
                "kind": incident.kind,
                "occurred_at": moment,
                "description": incident.description,
            },
        )
        assert response.status_code == 200
        assert message in response.text


def test_a_very_old_day_in_the_quick_report_is_a_message_not_a_crash(client, tree, employee):
    client.force_login(employee)
    response = client.post(
        reverse("incidents:report"),
        {
            "unit": tree["own"].pk,
            "kind": Kind.PHYSICAL,
            "when": "other",
            "on_date": "0001-01-01",
            "at_time": "00:10",
            "severity": 2,
            "description": "Gammel episode",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    assert "for langt tilbage" in response.text


def test_someone_elses_submission_key_never_swallows_a_report(tree, employee, outsider):
    key = uuid.uuid4()
    first = make_incident(employee, tree["own"], submission_key=key)
    second = make_incident(outsider, tree["school"], submission_key=key)
    assert first != second
    assert Incident.objects.count() == 2


def test_the_first_marking_as_registered_in_error_stands_and_the_case_is_frozen(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    services.void_incident(incident=incident, by=manager, reason="Dobbeltregistrering")
    services.void_incident(incident=incident, by=manager, reason="Noget andet")
    incident.refresh_from_db()
    assert incident.void_reason == "Dobbeltregistrering"
    client.force_login(employee)
    assert client.get(reverse("incidents:edit", args=[incident.pk])).status_code == 403
