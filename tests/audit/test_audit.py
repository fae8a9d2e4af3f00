import re
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from tryghed import audit
from tryghed.audit.models import Action, AppendOnlyError, AuditEvent

SOURCE = Path(__file__).resolve().parents[2] / "tryghed"


@pytest.fixture
def event(manager, employee):
    return audit.record(
        actor=manager,
        action=Action.PERSON_VIEWED,
        target=employee,
        subjects=[employee],
        purpose="Opfølgning på episode",
    )


def test_an_event_records_who_what_about_whom_and_why(event, manager, employee):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == manager
    assert stored.action == "person.viewed"
    assert stored.target == employee
    assert list(stored.subjects.all()) == [employee]
    assert stored.purpose == "Opfølgning på episode"


def test_an_unknown_action_code_is_refused(manager):
    with pytest.raises(ValueError, match="not a valid Action"):
        audit.record(actor=manager, action="incident.peeked")


def test_events_cannot_be_changed_or_deleted_through_the_orm(event):
    event.purpose = "omskrevet"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="omskrevet")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose == "Opfølgning på episode"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_even_raw_sql_changes(event):
    from django.db import DatabaseError, transaction

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [event.pk])


def test_every_action_code_used_in_the_code_is_in_the_closed_list():
    used = set()
    for path in SOURCE.rglob("*.py"):
        used |= set(re.findall(r"Action\.([A-Z_]+)", path.read_text()))
    assert used, "the scan found no action codes at all"
    assert used <= set(Action.names)


def test_every_action_code_has_a_danish_label():
    from django.utils import translation

    for action in Action:
        with translation.override("da"):
            danish = str(action.label)
        with translation.override("en"):
            english = str(action.label)
        assert danish != english, action


def test_a_person_sees_who_looked_at_data_about_them(client, event, employee, manager):
    client.force_login(employee)
    response = client.get(reverse("audit:about_me"))
    assert response.status_code == 200
    assert manager.name in response.text
    assert "Opfølgning på episode" in response.text


def test_a_person_does_not_see_events_about_others(client, event, outsider):
    client.force_login(outsider)
    response = client.get(reverse("audit:about_me"))
    assert "Opfølgning på episode" not in response.text


def test_logins_are_recorded_for_the_person(client, employee):
    client.post(reverse("account_login"), {"login": employee.email, "password": "kodeord-æøå-123"})
    assert AuditEvent.objects.about(employee).filter(action=Action.LOGGED_IN).count() == 1


def test_a_failed_login_is_recorded_without_the_typed_address(client, employee):
    client.post(reverse("account_login"), {"login": employee.email, "password": "forkert"})
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert list(failed.subjects.all()) == [employee]
    assert employee.email not in str(failed.data)


def test_an_administrator_searches_the_log_and_the_search_is_recorded(
    client, administrator, event, manager
):
    client.force_login(administrator)
    response = client.get(reverse("audit:search"), {"actor": "Lars", "action": "person.viewed"})
    assert response.status_code == 200
    assert manager.name in response.text
    search = AuditEvent.objects.filter(action=Action.AUDIT_SEARCHED).get()
    assert search.data == {"filters": ["action", "actor"]}


def test_a_bad_search_keeps_what_was_typed_and_says_what_is_wrong(client, administrator):
    client.force_login(administrator)
    response = client.get(
        reverse("audit:search"),
        {"actor": "Østergaard", "date_from": "2026-11-20", "date_to": "2026-11-01"},
    )
    assert response.status_code == 200
    assert 'value="Østergaard"' in response.text
    assert "Slutdatoen skal være samme dag som eller efter startdatoen." in response.text
    assert 'id="error-summary"' in response.text


def test_viewing_a_person_in_the_administration_is_recorded_for_them(
    client, administrator, employee
):
    client.force_login(administrator)
    response = client.get(reverse("admin:accounts_user_change", args=[employee.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.about(employee).filter(action=Action.PERSON_VIEWED).count() == 1


def test_the_administration_offers_no_way_to_change_an_event(client, administrator, event):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_persons_log_names_the_case_by_number_and_day_never_by_its_story(
    client, tree, employee, manager, administrator
):
    from django.utils import formats, timezone, translation

    from tests.incidents.factories import make_incident

    incident = make_incident(employee, tree["own"], description="Borgeren kastede en stol.")
    client.force_login(manager)
    client.get(incident.get_absolute_url())
    client.force_login(employee)
    page = client.get(reverse("audit:about_me")).text
    with translation.override("da"):
        day = formats.date_format(timezone.localtime(incident.occurred_at), "DATE_FORMAT")
    assert f"Åbnede en episode: sag {incident.number} (episoden den {day})" in page
    assert "stol" not in page
    client.force_login(administrator)
    page = client.get(reverse("audit:search"), {"action": "incident.viewed"}).text
    assert f"Åbnede en episode: sag {incident.number}" in page and "stol" not in page
