""" "Ring 112": exactly one person says they call the police, and everyone sees who. The raiser
has the number and the site's address at once; if nobody claims the call in time, the raiser
is told to call; the call is carried into the case as the police called during the episode."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tryghed.alarms import realtime, services
from tryghed.alarms.models import Alarm, Level
from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import Incident

ADDRESS = "Kløvervej 7, 2635 Ishøj"


@pytest.fixture
def site_with_address(site):
    site.address = ADDRESS
    site.save(update_fields=["address"])
    return site


def raise_112(person):
    alarm, _created = services.raise_alarm(by=person, level=Level.CALL_112)
    return alarm


def page_text(client, person, alarm):
    client.force_login(person)
    response = client.get(reverse("alarms:detail", args=[alarm.pk]))
    assert response.status_code == 200
    return response.content.decode()


def police_section(client, person, alarm):
    """The alarm page's "Ring 112" block (the page's script texts hold every wording too)."""
    page = page_text(client, person, alarm)
    start = page.index('id="police_call"')
    return page[start : page.index("</section>", start)]


def claim(client, person, alarm, **kwargs):
    client.force_login(person)
    return client.post(reverse("alarms:call_police", args=[alarm.pk]), **kwargs)


def test_the_raiser_sees_the_number_and_the_address_at_once_and_nobody_has_claimed_it_yet(
    client, employee, guard, manager, site_with_address
):
    alarm = raise_112(employee)
    assert alarm.police_needed_at is not None and alarm.police_called_by is None
    police = police_section(client, employee, alarm)
    assert 'href="tel:112"' in police and "Ring 112 nu" in police
    assert ADDRESS in police and alarm.place in police
    assert "Ingen har endnu meldt, at de ringer 112." in police
    assert "Jeg ringer selv 112" in police  # the raiser may take the call on themselves


def test_the_guard_and_the_manager_get_police_needed_and_may_say_they_call(
    client, employee, guard, manager, site_with_address
):
    alarm = raise_112(employee)
    for responder in (guard, manager):
        police = police_section(client, responder, alarm)
        assert "Politi er nødvendig" in police and ADDRESS in police
        assert "Jeg ringer 112" in police
        assert reverse("alarms:call_police", args=[alarm.pk]) in police
        assert 'href="tel:112"' not in police  # the number comes with the claim


def test_the_first_to_claim_is_shown_to_everyone_and_a_second_is_told_someone_already_calls(
    client, employee, guard, manager, site_with_address
):
    alarm = raise_112(employee)
    response = claim(client, guard, alarm)
    assert response.status_code == 302 and response["Location"] == alarm.get_absolute_url()
    alarm.refresh_from_db()
    assert alarm.police_called_by == guard and alarm.police_called_at is not None

    refused = claim(client, manager, alarm, follow=True)
    assert "Kim Vagt ringer allerede 112." in refused.content.decode()
    as_json = claim(client, manager, alarm, headers={"accept": "application/json"})
    assert as_json.status_code == 409
    assert as_json.json()["alarm"]["police"]["called_by"] == "Kim Vagt"
    alarm.refresh_from_db()
    assert alarm.police_called_by == guard

    assert "Kim Vagt (centervagt) ringer 112." in police_section(client, employee, alarm)
    manager_sees = police_section(client, manager, alarm)
    assert "Kim Vagt (centervagt) ringer 112." in manager_sees
    assert reverse("alarms:call_police", args=[alarm.pk]) not in manager_sees
    guard_sees = police_section(client, guard, alarm)
    assert "Du ringer 112." in guard_sees and 'href="tel:112"' in guard_sees


def test_a_second_claim_is_refused_by_the_service_and_the_same_claim_again_is_no_change(
    employee, guard, manager
):
    alarm = raise_112(employee)
    services.claim_police_call(alarm=alarm, by=guard)
    with pytest.raises(services.PoliceCallTaken) as taken:
        services.claim_police_call(alarm=alarm, by=manager)
    assert taken.value.alarm.police_called_by == guard
    again = services.claim_police_call(alarm=alarm, by=guard)
    assert again.police_called_by == guard
    assert AuditEvent.objects.filter(action=Action.ALARM_POLICE_CALL_CLAIMED).count() == 1


def test_the_claim_is_audited_with_who_and_the_alarm(employee, guard):
    alarm = raise_112(employee)
    services.claim_police_call(alarm=alarm, by=guard)
    event = AuditEvent.objects.get(action=Action.ALARM_POLICE_CALL_CLAIMED)
    assert event.actor == guard and event.target_id == str(alarm.pk)
    assert event.unit == alarm.unit


def test_the_raiser_may_take_the_call_on_themselves_and_everyone_sees_it(
    client, employee, guard, manager
):
    alarm = raise_112(employee)
    claim(client, employee, alarm)
    alarm.refresh_from_db()
    assert alarm.police_called_by == employee
    said = "Maja Nørgaard, der slog alarmen, ringer selv 112."
    assert said in police_section(client, guard, alarm)


def test_nobody_claiming_within_the_escalation_time_tells_the_raiser_to_call(
    client, employee, guard, settings
):
    settings.ALARM_ESCALATION_SECONDS = 60
    alarm = raise_112(employee)
    told = "Ingen har meldt, at de ringer 112. Ring selv 112 nu."
    with time_machine.travel(alarm.police_needed_at + timedelta(seconds=59), tick=False):
        assert told not in police_section(client, employee, alarm)
        assert realtime.police(alarm)["due_in"] == pytest.approx(1, abs=0.01)
    with time_machine.travel(alarm.police_needed_at + timedelta(seconds=60), tick=False):
        page = page_text(client, employee, alarm)
        assert told in police_section(client, employee, alarm) and "tryghed-police-overdue" in page
        assert told not in police_section(client, guard, alarm)  # the responders may still claim it
        assert realtime.police(alarm)["due_in"] <= 0
    services.claim_police_call(alarm=alarm, by=guard)
    with time_machine.travel(alarm.police_needed_at + timedelta(seconds=90), tick=False):
        assert told not in police_section(client, employee, alarm)


def test_raising_the_level_to_112_starts_the_clock_for_the_call(employee, guard):
    alarm, _created = services.raise_alarm(by=employee, level=Level.HELP_NOW)
    assert alarm.police_needed_at is None and realtime.police(alarm) is None
    with pytest.raises(services.PoliceNotNeeded):
        services.claim_police_call(alarm=alarm, by=guard)
    alarm, _created = services.raise_alarm(by=employee, level=Level.CALL_112)
    assert alarm.police_needed_at is not None
    assert services.claim_police_call(alarm=alarm, by=guard).police_called_by == guard


def test_only_those_the_alarm_went_to_may_claim_the_call_others_get_404(
    client, employee, guard, colleague, outsider, hr
):
    alarm = raise_112(employee)
    for stranger in (outsider, hr):
        assert claim(client, stranger, alarm).status_code == 404
        with pytest.raises(services.NotARecipient):
            services.claim_police_call(alarm=alarm, by=stranger)
    alarm.refresh_from_db()
    assert alarm.police_called_by is None
    assert claim(client, colleague, alarm).status_code == 302
    assert Alarm.objects.get(pk=alarm.pk).police_called_by == colleague


def test_an_ended_alarm_has_no_call_to_claim(client, employee, guard):
    alarm = raise_112(employee)
    services.resolve_alarm(alarm=alarm, by=employee)
    response = claim(client, guard, alarm, follow=True)
    assert "Alarmen er ikke længere aktiv på niveauet Ring 112." in response.content.decode()
    assert Alarm.objects.get(pk=alarm.pk).police_called_by is None


def test_the_claim_reaches_the_open_pages_in_the_alarms_message(employee, guard):
    alarm = raise_112(employee)
    before = realtime.payload(alarm)["police"]
    assert before["called_by"] == "" and before["due_in"] > 0
    assert before["claim_url"] == reverse("alarms:call_police", args=[alarm.pk])
    services.claim_police_call(alarm=alarm, by=guard)
    after = realtime.payload(Alarm.objects.get(pk=alarm.pk))["police"]
    assert after["called_by"] == "Kim Vagt" and after["called_by_id"] == guard.pk
    assert after["called_by_role"] == "guard" and after["due_in"] is None


def report_from(client, alarm, person):
    client.force_login(person)
    form = client.get(reverse("alarms:report", args=[alarm.pk])).context["form"]
    data = {
        "kind": "psychological",
        "when": "today",
        "at_time": form.initial["at_time"].strftime("%H:%M"),
        "unit": alarm.unit_id,
        "severity": 3,
        "description": form.initial["description"],
        "submission_key": form.initial["submission_key"],
    }
    client.post(reverse("alarms:report", args=[alarm.pk]), data)
    return Incident.objects.get()


def test_the_call_is_carried_into_the_case_as_the_police_called_not_a_police_report(
    client, employee, guard, manager
):
    alarm = raise_112(employee)
    services.claim_police_call(alarm=alarm, by=guard)
    services.resolve_alarm(alarm=alarm, by=employee)
    incident = report_from(client, alarm, employee)
    assert incident.police_called
    line = incident.changes.get(field="alarm_police_called")
    assert line.changed_by == guard and line.changed_at == alarm.police_called_at
    assert "Kim Vagt" in line.shown_new and "ikke en politianmeldelse" in line.shown_new
    event = AuditEvent.objects.get(action=Action.INCIDENT_POLICE_CALLED)
    assert event.actor == employee and event.target_id == str(incident.pk)
    assert event.data == {"alarm": alarm.pk, "called_by": guard.pk}

    client.force_login(manager)
    case = client.get(incident.get_absolute_url()).content.decode()
    assert "Politiet tilkaldt under episoden" in case
    assert "Ja (det er ikke en politianmeldelse)" in case
    assert "Kim Vagt meldte under alarmen, at de ringede 112" in case
    # The 72-hour police report is still to be made or declined: a call is not a report.
    assert incident.tasks.filter(kind="police_report").exists()


def test_an_alarm_nobody_claimed_adds_no_police_call_to_the_case(client, employee, guard):
    alarm = raise_112(employee)
    services.resolve_alarm(alarm=alarm, by=employee)
    incident = report_from(client, alarm, employee)
    assert not incident.police_called
    assert not incident.changes.filter(field="alarm_police_called").exists()
    assert not AuditEvent.objects.filter(action=Action.INCIDENT_POLICE_CALLED).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need a real server: the tests' in-memory SQLite refuses them",
)
@pytest.mark.django_db(transaction=True)
def test_two_claims_at_the_same_moment_in_two_connections_have_exactly_one_winner(
    employee, guard, manager
):
    """Each claim runs in its own thread with its own database connection, as in two app
    processes; a barrier releases them together so they race for the one conditional update."""
    alarm = raise_112(employee)
    barrier = threading.Barrier(2)
    results = {}

    def claim_for(person):
        try:
            barrier.wait(timeout=5)
            services.claim_police_call(alarm=Alarm.objects.get(pk=alarm.pk), by=person)
            results[person.pk] = "won"
        except services.PoliceCallTaken:
            results[person.pk] = "taken"
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_for, args=(p,)) for p in (guard, manager)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(results.values()) == ["taken", "won"]
    alarm.refresh_from_db()
    winner = next(pk for pk, result in results.items() if result == "won")
    assert alarm.police_called_by_id == winner
    assert AuditEvent.objects.filter(action=Action.ALARM_POLICE_CALL_CLAIMED).count() == 1
    assert timezone.now() >= alarm.police_called_at


@pytest.mark.django_db(transaction=True)
def test_the_claim_reaches_the_raisers_and_the_managers_open_pages_live(employee, guard, manager):
    from asgiref.sync import async_to_sync
    from channels.db import database_sync_to_async

    from tests.alarms.test_realtime import messages_until_hello, next_where, open_page

    async def scenario():
        raiser_page, manager_page = [await open_page(p) for p in (employee, manager)]
        for page in (raiser_page, manager_page):
            await messages_until_hello(page)
        alarm, _created = await database_sync_to_async(services.raise_alarm)(
            by=employee, level=Level.CALL_112
        )
        for page in (raiser_page, manager_page):
            raised = await next_where(page, lambda m: m.get("id") == alarm.pk)
            assert raised["police"]["called_by"] == "" and raised["police"]["due_in"] > 0
        await database_sync_to_async(services.claim_police_call)(alarm=alarm, by=guard)
        for page in (raiser_page, manager_page):
            claimed = await next_where(page, lambda m: m.get("police", {}).get("called_by"))
            assert claimed["police"]["called_by"] == "Kim Vagt"
            assert claimed["police"]["called_by_role"] == "guard"
            await page.disconnect()

    async_to_sync(scenario)()


def test_a_page_without_script_reloads_itself_only_while_nobody_has_claimed_the_call(
    client, employee, guard, colleague
):
    refresh = '<noscript><meta http-equiv="refresh"'
    alarm = raise_112(employee)
    assert refresh in page_text(client, employee, alarm)
    services.claim_police_call(alarm=alarm, by=guard)
    assert refresh not in page_text(client, employee, alarm)
    help_now, _created = services.raise_alarm(by=colleague, level=Level.HELP_NOW)
    assert refresh not in page_text(client, guard, help_now)


def test_a_text_message_about_ring_112_says_police_are_needed_and_never_that_they_were_called(
    employee, guard, site_with_address
):
    alarm = raise_112(employee)
    text = services.alarm_sms_text(alarm)
    assert "Politi er nødvendig" in text and "meld det i Tryghed først" in text
    assert "politiet er ringet op" not in text.lower()
    services.claim_police_call(alarm=alarm, by=guard)
    alarm.refresh_from_db()
    assert "en anden har meldt, at de ringer 112" in services.alarm_sms_text(alarm)
    assert guard.get_full_name() not in services.alarm_sms_text(alarm)
