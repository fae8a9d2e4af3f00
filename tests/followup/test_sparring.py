"""Sparring and supervision after an episode (issue 20, point 5): offered in the follow-up,
planned for a day with the municipality's supervisor, and recorded when it took place."""

import logging
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.followup.test_case import post_task, task
from tests.html import sent_back
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup.models import SparringSession, TaskStatus
from tryghed.organizations.models import Contact


def test_the_follow_up_offers_sparring_with_the_supervisors_from_the_data(
    client, tree, employee, manager
):
    Contact.objects.create(
        unit=tree["root"], kind=Contact.Kind.SUPERVISION_EXTERNAL, name="Ekstern Ærø", phone="70 11"
    )
    incident = make_incident(employee, tree["own"])
    sparring = task(incident, "sparring")
    assert not sparring.is_required
    client.force_login(manager)
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    assert "Ekstern Ærø" in page and 'href="tel:7011"' in page


def test_planning_moves_the_deadline_and_holding_it_completes_the_task(
    client, tree, employee, manager, caplog
):
    caplog.set_level(logging.DEBUG)
    external = Contact.objects.create(
        unit=tree["root"], kind=Contact.Kind.SUPERVISION_EXTERNAL, name="Ekstern supervisor"
    )
    incident = make_incident(employee, tree["own"])
    sparring = task(incident, "sparring")
    client.force_login(manager)
    day = timezone.localdate() + timedelta(days=20)
    post_task(client, sparring, "plan_sparring", form="supervision_external", planned_on=day)
    sparring.refresh_from_db()
    session = SparringSession.objects.get(task=sparring)
    assert (session.supervisor, session.planned_on) == (external, day)
    assert timezone.localtime(sparring.due_at).date() == day and sparring.is_open
    assert AuditEvent.objects.filter(action=Action.SPARRING_PLANNED).exists()

    post_task(client, sparring, "sparring_held", held_on=timezone.localdate())
    sparring.refresh_from_db()
    session.refresh_from_db()
    assert sparring.status == TaskStatus.DONE and session.held_on == timezone.localdate()
    assert session.held_recorded_by == manager


def test_it_cannot_be_recorded_as_held_before_it_is_planned(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    sparring = task(incident, "sparring")
    client.force_login(manager)
    response = post_task(client, sparring, "sparring_held", held_on=timezone.localdate())
    assert "Planlæg sparringen eller supervisionen først." in sent_back(client, response)
    sparring.refresh_from_db()
    assert sparring.is_open


def test_a_planned_day_in_the_past_is_refused(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    sparring = task(incident, "sparring")
    client.force_login(manager)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = post_task(client, sparring, "plan_sparring", form="colleagues", planned_on=yesterday)
    assert "Den planlagte dag er gået." in sent_back(client, response)
    assert not SparringSession.objects.exists()
