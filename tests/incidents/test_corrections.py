"""Correction and objection (GDPR art. 16 and 21): the people a case is about add their own
text beside it; the original is never changed; both are shown to everyone who reads the case."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import person
from tests.html import duplicate_ids, sent_back
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import Correction, CorrectionKind, IncidentChange
from tryghed.notifications.models import Notification
from tryghed.organizations.roles import Role

ORIGINAL = "Borgeren råbte og truede ved skranken på Kløverengen."
CORRECTION = "Det var ikke ved skranken, men i mødelokale 2. Han slog også ud efter mig."


@pytest.fixture
def incident(employee, tree):
    return make_incident(employee, tree["own"], description=ORIGINAL)


def correct(client, incident, text=CORRECTION, kind=CorrectionKind.CORRECTION):
    return client.post(
        reverse("incidents:add_correction", args=[incident.pk]), {"kind": kind, "text": text}
    )


def test_the_affected_employee_adds_a_correction_and_both_texts_are_shown(
    client, employee, manager, incident
):
    client.force_login(employee)
    response = correct(client, incident)
    assert response.status_code == 302
    assert response.url == incident.get_absolute_url() + "#corrections"
    correction = Correction.objects.get()
    assert (correction.incident, correction.added_by, correction.text) == (
        incident,
        employee,
        CORRECTION,
    )
    incident.refresh_from_db()
    assert incident.description == ORIGINAL
    for reader in (employee, manager):
        client.force_login(reader)
        page = client.get(incident.get_absolute_url()).text
        assert ORIGINAL in page
        assert "Det var ikke ved skranken, men i mødelokale 2." in page
        assert "Rettelser og indsigelser" in page
        assert not duplicate_ids(page)


def test_the_correction_is_in_the_case_history_and_the_audit_log(
    client, employee, incident, safety_rep
):
    client.force_login(employee)
    correct(client, incident, kind=CorrectionKind.OBJECTION, text="Jeg er uenig i vurderingen.")
    change = IncidentChange.objects.get(incident=incident, field="objection_added")
    assert change.changed_by == employee
    # The history names the step; the text itself lives in one place only.
    assert "Jeg er uenig" not in change.label + change.old_value + change.new_value
    event = AuditEvent.objects.get(action=Action.CORRECTION_ADDED)
    assert event.actor == employee
    assert event.target == incident
    assert list(event.subjects.all()) == [employee]
    assert event.data == {"correction": Correction.objects.get().pk, "kind": "objection"}
    client.force_login(safety_rep)
    page = client.get(incident.get_absolute_url()).text
    assert f"{employee.name}: Tilføjede en indsigelse" in page
    assert "Indsigelse" in page


def test_the_reporter_who_reported_for_a_colleague_may_add_one_too(client, tree, employee):
    colleague = person(tree["own"], Role.EMPLOYEE, name="Bo Ærtebjerg")
    incident = make_incident(employee, tree["own"], affected=[colleague])
    for who in (employee, colleague):
        client.force_login(who)
        assert correct(client, incident).status_code == 302
    assert Correction.objects.filter(incident=incident).count() == 2


def test_the_manager_is_told_there_is_something_but_never_the_text(
    client, employee, manager, incident, django_capture_on_commit_callbacks
):
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = correct(client, incident)
    notification = Notification.objects.get(recipient=manager)
    assert notification.url == incident.get_absolute_url() + "#corrections"
    assert "skranken" not in notification.title
    assert "mødelokale" not in notification.title
    assert [message.to for message in mail.outbox] == [[manager.email]]
    for message in mail.outbox:
        assert "mødelokale" not in message.subject + message.body
        assert incident.number not in message.subject + message.body
    assert manager.name in client.get(response.url).text  # "Lars Bøgh får besked …"


def test_a_person_who_may_not_see_the_case_gets_404_and_nothing_is_saved(
    client, outsider, incident
):
    client.force_login(outsider)
    assert correct(client, incident).status_code == 404
    assert not Correction.objects.exists()


def test_a_manager_who_reads_the_case_may_not_add_a_correction_in_the_employees_name(
    client, manager, incident
):
    client.force_login(manager)
    assert correct(client, incident).status_code == 403
    page = client.get(incident.get_absolute_url()).text
    assert reverse("incidents:add_correction", args=[incident.pk]) not in page


def test_an_empty_correction_comes_back_with_a_danish_message_and_what_was_typed(
    client, employee, incident
):
    client.force_login(employee)
    response = correct(client, incident, text="   ", kind=CorrectionKind.OBJECTION)
    page = sent_back(client, response)
    assert "Skriv, hvad der er forkert, eller hvad du gør indsigelse mod." in page
    assert 'value="objection" class="form-radio" required id="id_correction-kind_1" checked' in page
    assert not Correction.objects.exists()
    # Shown once: a reload does not show the message again.
    assert "Skriv, hvad der er forkert" not in client.get(incident.get_absolute_url()).text


def test_a_too_long_correction_keeps_everything_typed(client, employee, incident):
    client.force_login(employee)
    text = "æøå " * 600
    page = sent_back(client, correct(client, incident, text=text))
    assert text.strip() in page
    assert not Correction.objects.exists()


def test_a_cpr_number_is_caught_and_may_be_sent_anyway(client, employee, incident):
    client.force_login(employee)
    text = "Sagsnummeret hos politiet er 010203-1234."
    page = sent_back(client, correct(client, incident, text=text))
    assert "ligner et CPR-nummer" in page
    assert text in page
    assert 'type="checkbox" name="send_anyway"' in page
    response = client.post(
        reverse("incidents:add_correction", args=[incident.pk]),
        {"kind": "correction", "text": text, "send_anyway": "on"},
    )
    assert response.status_code == 302
    assert Correction.objects.get().text == text


def test_a_closed_case_can_still_be_corrected(client, employee, incident):
    from django.utils import timezone

    incident.closed_at = timezone.now()
    incident.save(update_fields=["closed_at"])
    client.force_login(employee)
    assert correct(client, incident).status_code == 302
    assert Correction.objects.count() == 1


def test_a_correction_is_personal_data_of_the_case_and_goes_with_it(employee, incident):
    """The anonymisation sweep blanks `text`; a case that is removed takes its corrections."""
    field = Correction._meta.get_field("incident")
    assert field.remote_field.on_delete.__name__ == "CASCADE"
    assert Correction._meta.get_field("text").get_internal_type() == "TextField"
