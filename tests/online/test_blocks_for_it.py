"""A block involves IT: the people of the municipality's IT unit are told, the block waits for
IT until it is recorded as carried out, and the manager's task to confirm it is done with it."""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory, person
from tests.online.test_decisions import block_data, online, post
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup.models import Block, TaskKind, TaskStatus
from tryghed.incidents.models import Perpetrator
from tryghed.notifications.models import Notification
from tryghed.organizations.models import Municipality
from tryghed.organizations.roles import Role


@pytest.fixture
def it_person(tree):
    it_unit = UnitFactory(name="IT og Digitalisering", parent=tree["root"])
    Municipality.objects.create(unit=tree["root"], it_unit=it_unit)
    return person(it_unit, Role.EMPLOYEE, name="Nikolaj Frost", email="nf@ishoj.example")


def decide_block(client, tree, employee, manager):
    perpetrator = Perpetrator.objects.create(unit=tree["own"], reference="FB-profil-123")
    first, second = online(employee, tree["own"]), online(employee, tree["own"])
    for incident in (first, second):
        incident.perpetrator = perpetrator
        incident.save()
    client.force_login(manager)
    post(client, second.tasks.get(kind="blocking"), "block", **block_data())
    return Block.objects.get()


def test_a_block_waits_for_it_until_it_records_it_done(client, tree, employee, manager, it_person):
    block = decide_block(client, tree, employee, manager)
    assert block.awaits_it
    assert "Venter på IT" in client.get(reverse("followup:blocks")).text
    assert "Venter på IT" in client.get(reverse("followup:case", args=[block.incident_id])).text
    told = Notification.objects.get(recipient=it_person)
    assert told.url == reverse("followup:it_blocks") and "facebook" in told.title
    assert "profil-123" not in told.title, "the inbox names the platform, never whom"

    client.force_login(it_person)
    page = client.get(reverse("followup:it_blocks")).text
    assert "facebook.com/profil-123" in page and block.reason not in page
    assert client.get(reverse("followup:case", args=[block.incident_id])).status_code == 404
    client.post(reverse("followup:block_carried_out", args=[block.pk]))

    block.refresh_from_db()
    assert block.carried_out_by == it_person and not block.awaits_it
    assert block.it_task.kind == TaskKind.CONFIRM_BLOCK
    assert block.it_task.status == TaskStatus.DONE
    assert AuditEvent.objects.filter(action=Action.BLOCK_CARRIED_OUT).exists()
    assert Notification.objects.filter(recipient=manager, title__startswith="IT har blokeret")
    assert "Ingen blokeringer venter på IT." in client.get(reverse("followup:it_blocks")).text


def test_the_manager_may_record_it_when_it_tells_them(client, tree, employee, manager, it_person):
    block = decide_block(client, tree, employee, manager)
    post(client, block.it_task, "done", completed_on=block.decided_at.date().isoformat())
    block.refresh_from_db()
    assert block.carried_out_by == manager and not block.awaits_it


def test_only_the_it_unit_sees_and_records_blocks_for_it(
    client, tree, employee, manager, it_person
):
    block = decide_block(client, tree, employee, manager)
    for someone in (manager, employee):
        client.force_login(someone)
        assert client.get(reverse("followup:it_blocks")).status_code == 404
        assert (
            client.post(reverse("followup:block_carried_out", args=[block.pk])).status_code == 404
        )
    block.refresh_from_db()
    assert block.awaits_it
