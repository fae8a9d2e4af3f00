"""Raising, answering, escalating and ending an alarm: who hears of it, and who may act."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tryghed.alarms import services
from tryghed.alarms.models import Alarm, Answer, Level, Reason, Status, Workplace
from tryghed.audit.models import Action, AuditEvent
from tryghed.core.sweep import run_sweep
from tryghed.incidents.models import Incident
from tryghed.notifications.models import OutboxSms, SmsDelivery, SmsStatus


def raise_help(person, **kwargs):
    alarm, _created = services.raise_alarm(by=person, level=Level.HELP_NOW, **kwargs)
    return alarm


def test_an_alarm_reaches_the_guard_the_colleagues_and_the_manager_and_nobody_else(
    employee, colleague, manager, guard, outsider, center_head, hr, site
):
    alarm = raise_help(employee)
    circle = {r.person: r.reason for r in alarm.recipients.all()}
    assert circle == {guard: Reason.GUARD, colleague: Reason.COLLEAGUE, manager: Reason.MANAGER}
    assert alarm.site == site and alarm.status == Status.ACTIVE
    assert list(Alarm.objects.visible_to(outsider)) == []
    assert list(Alarm.objects.visible_to(hr)) == []
    assert list(Alarm.objects.visible_to(guard)) == [alarm]
    assert AuditEvent.objects.filter(action=Action.ALARM_RAISED, actor=employee).exists()


def test_a_second_press_changes_the_level_of_the_one_active_alarm(employee, guard):
    first = raise_help(employee)
    second, created = services.raise_alarm(by=employee, level=Level.CALL_112)
    assert not created and second.pk == first.pk
    assert Alarm.objects.active().filter(raised_by=employee).count() == 1
    assert Alarm.objects.get(pk=first.pk).level == Level.CALL_112


def test_the_place_comes_from_the_usual_desk_or_the_room_chosen(employee, guard, room):
    Workplace.objects.create(person=employee, room=room)
    alarm = raise_help(employee)
    assert alarm.room == room
    assert "Samtalerum Æ" in alarm.place and "Kløverengen" in alarm.place


def test_a_room_of_another_site_is_refused(employee, guard, other_room):
    with pytest.raises(services.AlarmRefused):
        raise_help(employee, room=other_room)
    assert not Alarm.objects.exists()


def test_a_person_placed_at_no_site_cannot_raise_an_alarm(outsider, site):
    with pytest.raises(services.AlarmRefused):
        raise_help(outsider)


def test_only_those_sent_the_alarm_may_answer_it(employee, guard, outsider):
    alarm = raise_help(employee)
    services.answer_alarm(alarm=alarm, by=guard, answer=Answer.COMING)
    with pytest.raises(services.NotARecipient):
        services.answer_alarm(alarm=alarm, by=outsider, answer=Answer.COMING)
    recipient = alarm.recipients.get(person=guard)
    assert recipient.answer == Answer.COMING and recipient.answered_at


def test_delivery_and_answer_are_recorded_per_responder(employee, guard, colleague):
    alarm = raise_help(employee)
    services.mark_delivered(alarm_id=alarm.pk, person=guard)
    assert alarm.recipients.get(person=guard).delivered_at is not None
    assert alarm.recipients.get(person=colleague).delivered_at is None


def test_an_unanswered_alarm_goes_to_the_whole_site_then_the_center_head(
    employee,
    guard,
    manager,
    center_head,
    tree,
    outsider,
    django_capture_on_commit_callbacks,
    settings,
):
    from tests.factories import person

    settings.SMS_PROVIDER = "tryghed.notifications.sms.OutboxProvider"
    below = person(tree["below"], name="Bo Nedenunder", email="bo@ishoj.example")
    alarm = raise_help(employee)
    assert services.escalate_due(timezone.now() + timedelta(seconds=30)) == 0
    later = timezone.now() + timedelta(seconds=61)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_due(later) == 1
    alarm.refresh_from_db()
    assert alarm.escalation_step == 1
    assert alarm.recipients.get(person=below).reason == Reason.SITE
    assert not alarm.recipients.filter(person=outsider).exists()
    [sms] = OutboxSms.objects.all()
    assert sms.to == "28 88 09 01"
    assert sms.text.startswith("Tryghed-alarm: Hjælp nu på Kløverengen")
    assert sms.text.endswith("http://127.0.0.1:8000" + alarm.get_absolute_url())
    assert "Maja" not in sms.text, "the raiser's name is not in a text message"
    assert SmsDelivery.objects.about(alarm).get().status == SmsStatus.SENT
    assert any(guard.email in message.to for message in mail.outbox)
    assert services.escalate_due(later + timedelta(seconds=61)) == 1
    assert alarm.recipients.get(person=center_head).reason == Reason.CENTER_HEAD
    assert services.escalate_due(later + timedelta(seconds=200)) == 0


def test_an_alarm_someone_is_coming_to_does_not_escalate(employee, guard):
    alarm = raise_help(employee)
    services.answer_alarm(alarm=alarm, by=guard, answer=Answer.COMING)
    assert services.escalate_due(timezone.now() + timedelta(minutes=10)) == 0


def test_the_worker_sweep_escalates_alarms(employee, guard):
    alarm = raise_help(employee)
    results = run_sweep(now=timezone.now() + timedelta(seconds=61))
    assert results["alarms.escalate"] == 1
    alarm.refresh_from_db()
    assert alarm.escalation_step == 1


def test_resolving_is_recorded_with_who_and_a_false_alarm_only_by_raiser_or_guard(
    employee, guard, colleague
):
    alarm = raise_help(employee)
    with pytest.raises(services.PermissionDenied):
        services.cancel_alarm(alarm=alarm, by=colleague)
    services.resolve_alarm(alarm=alarm, by=guard)
    alarm.refresh_from_db()
    assert alarm.status == Status.RESOLVED and alarm.ended_by == guard
    second = raise_help(employee)
    services.cancel_alarm(alarm=second, by=employee)
    assert Alarm.objects.get(pk=second.pk).status == Status.CANCELLED


def test_the_quick_report_after_an_alarm_links_it_and_names_the_responders(
    client, employee, guard, colleague
):
    alarm = raise_help(employee)
    services.answer_alarm(alarm=alarm, by=guard, answer=Answer.COMING)
    client.force_login(employee)
    response = client.post(reverse("alarms:resolve", args=[alarm.pk]))
    assert response["Location"] == reverse("alarms:report", args=[alarm.pk])
    page = client.get(response["Location"])
    form = page.context["form"]
    assert form.initial["unit"] == alarm.unit_id
    assert form.initial["when"] == "today"
    assert "Kim Vagt" in page.content.decode()
    data = {
        "kind": "psychological",
        "when": "today",
        "at_time": form.initial["at_time"].strftime("%H:%M"),
        "unit": alarm.unit_id,
        "severity": 3,
        "description": form.initial["description"],
        "submission_key": form.initial["submission_key"],
    }
    response = client.post(reverse("alarms:report", args=[alarm.pk]), data)
    incident = Incident.objects.get()
    assert response["Location"] == reverse("incidents:receipt", args=[incident.pk])
    alarm.refresh_from_db()
    assert alarm.incident == incident
    assert list(incident.witnesses.all()) == [guard]
    assert [c.field for c in incident.changes.filter(field__startswith="alarm_")] == [
        "alarm_raised",
        "alarm_resolved",
    ]
    assert AuditEvent.objects.filter(action=Action.ALARM_REPORTED).exists()


def test_raising_through_the_page_answers_json_for_the_script(client, employee, guard):
    client.force_login(employee)
    response = client.post(
        reverse("alarms:panic"), {"level": "help_now"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 201
    assert response.json()["level"] == "help_now"


def test_the_rate_limit_never_blocks_a_first_alarm(client, employee, guard, settings):
    settings.ALARM_REQUESTS_PER_MINUTE = 1
    client.force_login(employee)
    headers = {"accept": "application/json"}
    alarm = raise_help(employee)
    services.cancel_alarm(alarm=alarm, by=employee)
    for _ in range(3):
        client.post(reverse("alarms:answer", args=[alarm.pk]), {"answer": "coming"})
    response = client.post(reverse("alarms:panic"), {"level": "come_by"}, headers=headers)
    assert response.status_code == 201
    again = client.post(reverse("alarms:panic"), {"level": "help_now"}, headers=headers)
    assert again.status_code == 429


def test_an_outsider_gets_404_for_an_alarm_and_cannot_answer_it(client, employee, guard, outsider):
    alarm = raise_help(employee)
    client.force_login(outsider)
    assert client.get(reverse("alarms:detail", args=[alarm.pk])).status_code == 404
    response = client.post(reverse("alarms:answer", args=[alarm.pk]), {"answer": "coming"})
    assert response.status_code == 404


def test_the_guard_answers_on_the_alarm_page_without_script(client, employee, guard):
    alarm = raise_help(employee)
    client.force_login(guard)
    page = client.get(reverse("alarms:detail", args=[alarm.pk]))
    assert page.status_code == 200
    client.post(reverse("alarms:answer", args=[alarm.pk]), {"answer": "coming"})
    assert alarm.recipients.get(person=guard).answer == Answer.COMING


def test_the_raiser_sees_who_is_coming_first_and_can_end_the_alarm_above_the_list(
    client, employee, colleague, manager, guard
):
    alarm = raise_help(employee)
    services.answer_alarm(alarm=alarm, by=colleague, answer=Answer.CANNOT)
    services.answer_alarm(alarm=alarm, by=guard, answer=Answer.COMING)
    client.force_login(employee)
    page = client.get(reverse("alarms:detail", args=[alarm.pk])).content.decode()
    answers = page[page.index("tryghed-answers") : page.index("tryghed-responders")]
    assert answers.index(guard.name) < answers.index(colleague.name)  # coming before cannot
    assert manager.name not in answers  # not answered: only in the full list below
    assert "På vej: 1 · 2 af 3 har set alarmen" in page
    assert page.index(reverse("alarms:resolve", args=[alarm.pk])) < page.index("tryghed-answers")


def test_the_panic_button_is_on_every_page_for_people_at_a_site_with_the_guards_phone(
    client, employee, outsider, site
):
    client.force_login(employee)
    page = client.get(reverse("home:home")).content.decode()
    assert 'id="alarm-button"' in page and 'aria-keyshortcuts="Alt+Shift+A"' in page
    assert "tryghed-panic-large" in page  # the big button for the phone
    assert '"guard_uri": "tel:28880901"' in page
    client.force_login(outsider)
    assert 'id="alarm-button"' not in client.get(reverse("home:home")).content.decode()


def test_the_header_calls_a_guard_the_guard_of_the_site(client, guard, site):
    client.force_login(guard)
    page = client.get(reverse("home:home")).content.decode()
    assert f"Centervagt, {site.name}" in page
