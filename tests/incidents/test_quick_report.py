import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import DESCRIPTION_MAX_LENGTH, Incident, Kind, Severity
from tryghed.notifications.models import Notification


def quick(client, where, **fields):
    data = {
        "unit": where.pk,
        "kind": Kind.PHYSICAL,
        "when": "now",
        "severity": Severity.SERIOUS,
        "description": "Beboeren nev mig i armen under morgenplejen.",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("incidents:report"), data)


@pytest.fixture
def reporter(client, employee):
    client.force_login(employee)
    return employee


def test_a_quick_report_registers_the_episode_and_shows_a_receipt(
    client, reporter, tree, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = quick(client, tree["own"])
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:receipt", args=[incident.pk])
    assert incident.unit == tree["own"], "the reporter's own unit is the default"
    assert list(incident.affected.all()) == [reporter]
    assert incident.experienced_severity == Severity.SERIOUS
    assert incident.severity_given_by == reporter
    assert AuditEvent.objects.filter(action=Action.INCIDENT_REPORTED).count() == 1
    receipt = client.get(response["Location"]).text
    assert incident.number in receipt
    assert "70 10 20 12" in receipt and "28 88 09 01" in receipt
    assert f"{manager.name} har fået besked" in receipt


def test_the_receipt_names_everyone_told_as_a_sentence(client, reporter, tree, manager, safety_rep):
    response = quick(client, tree["own"])
    receipt = client.get(response["Location"]).text
    first, second = sorted([manager.name, safety_rep.name])
    assert f"{first} og {second} har fået besked" in receipt


def test_the_receipt_names_who_was_told_and_a_reporting_manager_is_not_among_them(
    client, tree, manager, safety_rep, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = quick(client, tree["own"])
    told = Notification.objects.values_list("recipient__name", flat=True)
    assert list(told) == [safety_rep.name]
    assert f"<li>{safety_rep.name} har fået besked" in client.get(response["Location"]).text


def test_the_units_manager_and_safety_rep_are_told_without_the_story(
    client, reporter, tree, manager, safety_rep, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        quick(client, tree["own"])
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {manager.email, safety_rep.email}
    assert {m.to[0] for m in mail.outbox} == {manager.email, safety_rep.email}
    for message in mail.outbox:
        assert "nev" not in message.body and "Kløverengen" not in message.body


def test_without_a_manager_in_the_unit_the_one_above_is_told(client, tree, center_head):
    from tests.factories import person

    temp = person(tree["below"], name="Ida Vikar", email="ida@ishoj.example")
    client.force_login(temp)
    quick(client, tree["below"])
    assert list(Notification.objects.values_list("recipient", flat=True)) == [center_head.pk]


def test_reporting_on_behalf_of_a_colleague_tells_them_and_lets_them_see_it(client, reporter, tree):
    from tests.factories import person

    colleague = person(tree["own"], name="Freja Holm", email="freja@ishoj.example")
    quick(client, tree["own"], affected=colleague.pk)
    incident = Incident.objects.get()
    assert list(incident.affected.all()) == [colleague]
    assert Notification.objects.filter(recipient=colleague).exists()
    client.force_login(colleague)
    assert client.get(incident.get_absolute_url()).status_code == 200


def test_missing_answers_are_named_at_the_field_and_the_text_is_kept(client, reporter, tree):
    response = quick(client, tree["own"], kind="", severity="", description="Han råbte <b>højt</b>")
    assert response.status_code == 200
    text = response.text
    assert "Vælg, hvad der skete." in text
    assert "Vælg, hvor alvorligt det føltes." in text
    assert "Han råbte &lt;b&gt;højt&lt;/b&gt;" in text
    assert 'id="error-summary"' in text
    assert "Hvad skete der? Vælg, hvad der skete." in text  # no "?:" in the summary
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": ""}, "Skriv et par ord om, hvad der skete."),
        ({"description": "x" * (DESCRIPTION_MAX_LENGTH + 1)}, "højst have 2000 tegn"),
        ({"when": "today", "at_time": ""}, "Skriv klokkeslættet"),
        ({"when": "other", "at_time": "10:00", "on_date": ""}, "Vælg dagen"),
        (
            {"when": "other", "at_time": "10:00", "on_date": "2099-01-01"},
            "Tidspunktet ligger i fremtiden",
        ),
    ],
)
def test_bad_input_is_refused_with_a_danish_message(client, reporter, tree, fields, message):
    response = quick(client, tree["own"], **fields)
    assert response.status_code == 200
    assert message in response.text
    assert not Incident.objects.exists()


def test_yesterday_at_a_time_is_yesterday(client, reporter, tree):
    quick(client, tree["own"], when="yesterday", at_time="14:30")
    occurred = timezone.localtime(Incident.objects.get().occurred_at)
    assert occurred.date() == timezone.localdate() - timedelta(days=1)
    assert (occurred.hour, occurred.minute) == (14, 30)


def test_a_cpr_like_number_gets_a_warning_and_may_still_be_sent(client, reporter, tree):
    text = "Borgeren med cpr 010190-1234 truede mig."
    response = quick(client, tree["own"], description=text)
    assert "Det ligner et CPR-nummer" in response.text
    assert text in response.text
    assert not Incident.objects.exists()
    quick(client, tree["own"], description=text, send_anyway="on")
    assert Incident.objects.get().description == text


def test_a_double_submit_makes_one_episode(client, reporter, tree):
    key = str(uuid.uuid4())
    first = quick(client, tree["own"], submission_key=key)
    second = quick(client, tree["own"], submission_key=key)
    assert Incident.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_html_in_the_description_is_shown_as_text(client, reporter, tree):
    quick(client, tree["own"], description='<script>alert("x")</script> råbte')
    response = client.get(Incident.objects.get().get_absolute_url())
    assert '<script>alert("x")</script>' not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; råbte" in response.text


def test_a_person_in_several_units_must_choose(client, tree, employee):
    from tests.factories import MembershipFactory

    MembershipFactory(user=employee, unit=tree["beside"])
    client.force_login(employee)
    response = quick(client, tree["own"], unit=None)
    assert "Vælg, hvor det skete." in response.text
    quick(client, tree["beside"])
    assert Incident.objects.get().unit == tree["beside"]


def test_a_unit_outside_ones_own_cannot_be_chosen(client, reporter, tree):
    response = quick(client, tree["school"])
    assert response.status_code == 200
    assert not Incident.objects.exists()


def test_the_form_offers_the_guidelines_acts_and_triggers(client, reporter, tree):
    response = client.get(reverse("incidents:report"))
    for word in ("Spyt", "Trussel på livet", "Videregivelse af personlige oplysninger", "Ventetid"):
        assert word in response.text


def test_the_receipt_says_so_when_nobody_was_told(client, tree):
    from tests.factories import person

    lonely = person(tree["school"], name="Nanna Bæk", email="nanna@ishoj.example")
    client.force_login(lonely)
    response = quick(client, tree["school"])
    assert "fortæl det selv til din leder" in client.get(response["Location"]).text
