"""A report sent twice by mistake: Send, Back, Send again. Back gives the page a new key, so
the same report from the same person moments later is asked about instead of silently
becoming a second case; a retry with the same key still never makes a second case."""

import uuid
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.incidents.test_quick_report import quick
from tryghed.incidents.models import Act, Incident, Platform

QUESTION = "Du har lige sendt denne \u2013 send den igen?"


def test_send_back_send_asks_before_a_second_case_and_keeps_what_was_typed(client, employee, tree):
    client.force_login(employee)
    first = quick(client, tree["own"], description="Borgeren truede med at komme igen i morgen.")
    assert first.status_code == 302
    again = quick(client, tree["own"], description="Borgeren truede med at komme igen i morgen.")
    assert again.status_code == 200
    assert QUESTION in again.text
    assert "Borgeren truede med at komme igen i morgen." in again.text
    earlier = Incident.objects.get()
    assert reverse("incidents:receipt", args=[earlier.pk]) in again.text
    assert 'type="checkbox" name="send_again"' in again.text
    assert again.text.index(QUESTION) < again.text.index('name="description"'), "at the top"


def test_ticking_the_box_sends_it_again_as_a_new_case(client, employee, tree):
    client.force_login(employee)
    quick(client, tree["own"])
    response = quick(client, tree["own"], send_again="on")
    assert response.status_code == 302
    assert Incident.objects.count() == 2


def test_the_same_key_sent_again_is_still_the_first_case_without_a_question(client, employee, tree):
    client.force_login(employee)
    key = str(uuid.uuid4())
    first = quick(client, tree["own"], submission_key=key)
    second = quick(client, tree["own"], submission_key=key)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Incident.objects.count() == 1


def test_the_report_with_more_details_is_asked_about_too_and_keeps_the_details(
    client, employee, tree
):
    client.force_login(employee)
    details = {
        "description": "Løgne om mig i kommunens Facebook-gruppe.",
        "platform": Platform.FACEBOOK,
        "links": "https://facebook.com/groups/ishoj/posts/1",
        "perpetrator_category": "citizen",
    }
    quick(client, tree["own"], **details)
    again = quick(client, tree["own"], **details)
    assert QUESTION in again.text
    assert "https://facebook.com/groups/ishoj/posts/1" in again.text
    assert Incident.objects.count() == 1


def test_another_text_another_person_or_a_later_report_is_not_asked_about(
    client, employee, manager, tree
):
    client.force_login(employee)
    quick(client, tree["own"])
    assert quick(client, tree["own"], description="Noget helt andet skete.").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert quick(client, tree["own"]).status_code == 302
    client.force_login(manager)
    assert quick(client, tree["own"]).status_code == 302
    assert Incident.objects.count() == 4


def shift_log(tree, **changes):
    pinch = Act.objects.get(code="pinch")
    data = {
        "unit": tree["own"].pk,
        "on_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "rows-TOTAL_FORMS": 6,
        "rows-INITIAL_FORMS": 0,
        "submission_key": str(uuid.uuid4()),
        "rows-0-at_time": "07:40",
        "rows-0-act": pinch.pk,
        "rows-0-severity": 1,
        "rows-0-note": "Under morgenplejen",
    }
    data.update(changes)
    return data


def test_a_shift_log_sent_twice_by_mistake_is_asked_about(client, employee, tree):
    client.force_login(employee)
    client.post(reverse("incidents:minor_report"), shift_log(tree))
    again = client.post(reverse("incidents:minor_report"), shift_log(tree))
    assert QUESTION in again.text and "Under morgenplejen" in again.text
    assert Incident.objects.count() == 1
    client.post(reverse("incidents:minor_report"), shift_log(tree, send_again="on"))
    assert Incident.objects.count() == 2
