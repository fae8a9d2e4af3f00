"""Removing posts, blocking citizens, and the checklist handout."""

import io
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from tests.html import duplicate_ids, sent_back
from tests.incidents.factories import make_incident
from tryghed.core.sweep import run_sweep
from tryghed.followup.models import Block, PostRemoval, RemovalRule, TaskStatus
from tryghed.incidents.models import Kind, Perpetrator
from tryghed.notifications.models import Notification


def online(reporter, unit, **fields):
    return make_incident(reporter, unit, kind=Kind.ONLINE, **fields)


def post(client, task, action, **data):
    prefixed = {f"t{task.pk}-{key}": value for key, value in data.items()}
    return client.post(reverse("followup:task_action", args=[task.pk, action]), prefixed)


def test_a_removal_is_a_decision_on_a_rule_and_its_removal_is_recorded(
    client, tree, employee, manager
):
    incident = online(employee, tree["own"])
    task = incident.tasks.get(kind="post_removal")
    client.force_login(manager)
    response = post(
        client, task, "post_removal", post_url="https://facebook.com/ishoj/posts/9", rule=""
    )
    page = sent_back(client, response)
    assert "Vælg den regel, sletningen bygger på." in page
    assert 'value="https://facebook.com/ishoj/posts/9"' in page, "what was typed is kept"
    post(
        client,
        task,
        "post_removal",
        post_url="https://facebook.com/ishoj/posts/9",
        rule=RemovalRule.NAMED_STAFF,
    )
    removal = PostRemoval.objects.get()
    assert removal.decided_by == manager and removal.rule == RemovalRule.NAMED_STAFF
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE, "the decision is what the task asked for"
    assert "Udført" in client.get(reverse("followup:case", args=[incident.pk])).text
    client.post(reverse("followup:removed", args=[removal.pk]))
    removal.refresh_from_db()
    assert removal.removed_by == manager and removal.removed_at


def block_data(**changes):
    data = {
        "platform": "facebook",
        "profile": "facebook.com/profil-123",
        "reason": "Gentagne trusler mod navngivne medarbejdere",
        "justification": "",
        "review_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }
    data.update(changes)
    return data


def test_blocking_needs_repetition_or_a_written_justification(client, tree, employee, manager):
    first = online(employee, tree["own"])
    client.force_login(manager)
    response = post(client, first.tasks.get(kind="blocking"), "block", **block_data())
    page = sent_back(client, response)
    assert "Blokering kræver gentagelse" in page
    assert duplicate_ids(page) == [], "the block's reason and not-relevant's reason: two ids"
    assert not Block.objects.exists()
    perpetrator = Perpetrator.objects.create(unit=tree["own"], reference="FB-profil-123")
    second = online(employee, tree["own"])
    first.perpetrator = second.perpetrator = perpetrator
    first.save()
    second.save()
    post(client, second.tasks.get(kind="blocking"), "block", **block_data())
    decision = Block.objects.get()
    assert decision.perpetrator == perpetrator and decision.decided_by == manager
    done = second.tasks.get(kind="blocking")
    assert done.status == TaskStatus.DONE
    review_on = timezone.localdate() + timedelta(days=90)
    with translation.override("da"):
        day = date_format(review_on, "DATE_FORMAT")
    assert done.note == f"Blokeret til revurdering den {day}"
    assert review_on.isoformat() not in client.get(reverse("followup:case", args=[second.pk])).text
    assert second.tasks.filter(title__startswith="Bekræft, at IT har blokeret").exists()
    assert "facebook.com/profil-123" in client.get(reverse("followup:blocks")).text


def test_only_a_manager_blocks(client, tree, employee, safety_rep):
    incident = online(employee, tree["own"])
    client.force_login(safety_rep)
    response = post(
        client, incident.tasks.get(kind="blocking"), "block", **block_data(justification="x")
    )
    assert response.status_code == 403


def test_the_unit_is_reminded_once_when_a_block_is_due_for_review(client, tree, employee, manager):
    incident = online(employee, tree["own"])
    client.force_login(manager)
    post(
        client,
        incident.tasks.get(kind="blocking"),
        "block",
        **block_data(justification="Grov trussel"),
    )
    Notification.objects.all().delete()
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        run_sweep()
        run_sweep()
    assert (
        Notification.objects.filter(
            recipient=manager, title__startswith="En blokering skal revurderes"
        ).count()
        == 1
    )


def test_the_checklist_is_a_one_page_pdf_with_the_municipalitys_numbers(client, tree):
    response = client.get(reverse("followup:online_checklist"))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "70 10 20 12" in text and "28 88 09 01" in text
    assert "Sikr beviser" in text
