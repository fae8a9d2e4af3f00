"""Conversations with a citizen about earlier threats (issue 20, point 7): kept with the
pseudonymous perpetrator reference, read by those who read the unit's cases before meeting the
person again, each read audited as a read of its case, deleted with the reference."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.followup.test_case import post_task, task
from tests.html import sent_back
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup import services
from tryghed.followup.models import CitizenConversation, ConversationKind, TaskStatus
from tryghed.followup.sweeps import remind_conversation_reviews
from tryghed.incidents.models import Kind, Perpetrator
from tryghed.notifications.models import Notification

AGREED = "Borgeren lovede at ringe før fremmøde. Æblehaven tager mødet med to ansatte."


def with_reference(incident, reference="ÅB-12"):
    perpetrator, _created = Perpetrator.objects.get_or_create(
        unit=incident.unit, reference=reference
    )
    incident.perpetrator = perpetrator
    incident.save(update_fields=["perpetrator"])
    return incident


def conversation_data(**values):
    data = {
        "kind": ConversationKind.CONVERSATION,
        "held_on": timezone.localdate(),
        "agreements": AGREED,
        "review_on": timezone.localdate() + timedelta(days=90),
    }
    data.update(values)
    return {f"citizen-{key}": value for key, value in data.items()}


def record(client, incident, **values):
    url = reverse("followup:citizen_conversation", args=[incident.pk])
    return client.post(url, conversation_data(**values))


def test_a_manager_records_a_conversation_and_sees_it_on_the_next_case_of_the_person(
    client, tree, employee, manager, caplog
):
    caplog.set_level(logging.DEBUG)
    first = with_reference(make_incident(employee, tree["own"]))
    client.force_login(manager)
    record(client, first)
    conversation = CitizenConversation.objects.get()
    assert (conversation.perpetrator, conversation.unit) == (first.perpetrator, tree["own"])
    assert AGREED not in caplog.text
    assert AGREED not in first.changes.get(field="citizen_conversation_recorded").new_value

    later = with_reference(make_incident(employee, tree["own"]))
    page = client.get(reverse("followup:case", args=[later.pk])).text
    assert AGREED in page
    read = AuditEvent.objects.get(action=Action.CITIZEN_CONVERSATION_VIEWED)
    assert (read.target_id, read.actor, read.data["conversation"]) == (
        str(first.pk),
        manager,
        conversation.pk,
    )
    assert list(read.subjects.all()) == [employee]


def test_the_affected_employee_and_the_union_rep_do_not_read_the_agreements(
    client, tree, employee, manager, union_rep
):
    incident = with_reference(make_incident(employee, tree["own"]))
    services.record_conversation(
        incident=incident,
        by=manager,
        kind=ConversationKind.MEETING,
        held_on=timezone.localdate(),
        agreements=AGREED,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    client.force_login(employee)
    assert AGREED not in client.get(reverse("followup:case", args=[incident.pk])).text
    assert record(client, incident).status_code == 403
    client.force_login(union_rep)
    assert client.get(reverse("followup:citizen_conversations")).status_code == 404


def test_the_unit_list_shows_each_conversation_and_audits_the_read(
    client, tree, employee, manager, safety_rep
):
    incident = with_reference(make_incident(employee, tree["below"]))
    services.record_conversation(
        incident=incident,
        by=manager,
        kind=ConversationKind.LETTER,
        held_on=timezone.localdate(),
        agreements=AGREED,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    client.force_login(safety_rep)
    page = client.get(reverse("followup:citizen_conversations")).text
    assert AGREED in page and "ÅB-12" in page
    assert AuditEvent.objects.filter(
        action=Action.CITIZEN_CONVERSATION_VIEWED, actor=safety_rep
    ).exists()


def test_a_case_without_a_perpetrator_reference_cannot_hold_a_conversation(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"], kind=Kind.ONLINE, platform="facebook")
    client.force_login(manager)
    dialogue = task(incident, "dialogue")
    response = post_task(
        client,
        dialogue,
        "conversation",
        kind=ConversationKind.LETTER,
        held_on=timezone.localdate(),
        agreements=AGREED,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    assert "Sagen har ingen henvisning til krænkeren" in sent_back(client, response)
    assert not CitizenConversation.objects.exists()


def test_the_online_letter_is_recorded_with_the_reference_and_completes_the_step(
    client, tree, employee, manager
):
    incident = with_reference(
        make_incident(employee, tree["own"], kind=Kind.ONLINE, platform="facebook")
    )
    client.force_login(manager)
    dialogue = task(incident, "dialogue")
    post_task(
        client,
        dialogue,
        "conversation",
        kind=ConversationKind.LETTER,
        held_on=timezone.localdate(),
        agreements="Brev sendt: chikanen skal stoppe, ellers politianmeldelse.",
        review_on=timezone.localdate() + timedelta(days=60),
    )
    dialogue.refresh_from_db()
    assert dialogue.status == TaskStatus.DONE
    assert CitizenConversation.objects.get().kind == ConversationKind.LETTER
    meeting_form = client.get(reverse("followup:case", args=[incident.pk])).text
    assert "Møde med ledelsen" in meeting_form


@pytest.mark.parametrize("days", [0, -3])
def test_the_managers_are_told_once_when_the_agreements_are_due_for_review(
    tree, employee, manager, days
):
    incident = with_reference(make_incident(employee, tree["own"]))
    conversation = services.record_conversation(
        incident=incident,
        by=manager,
        kind=ConversationKind.CONVERSATION,
        held_on=timezone.localdate(),
        agreements=AGREED,
        review_on=timezone.localdate() + timedelta(days=1),
    )
    CitizenConversation.objects.filter(pk=conversation.pk).update(
        review_on=timezone.localdate() + timedelta(days=days)
    )
    assert remind_conversation_reviews(timezone.now()) == 1
    assert remind_conversation_reviews(timezone.now()) == 0
    message = Notification.objects.get(recipient=manager, url__contains="#citizen")
    assert AGREED not in message.title and "ÅB-12" not in message.title
