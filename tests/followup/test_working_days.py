"""Deadlines and reminders of the follow-up on Danish working days: the municipality's own
deadlines move off weekends and public holidays, those the law sets keep the law's calendar
and are reminded the working day before (core.workdays)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from tests.incidents.factories import make_incident
from tryghed.core.sweep import run_sweep
from tryghed.followup.models import Assignee
from tryghed.notifications.models import Notification

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args):
    return datetime(*args, tzinfo=CPH)


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return run_sweep()


def reminders_of(person, task):
    return list(
        Notification.objects.filter(recipient=person, url__endswith=f"#task-{task.pk}")
        .order_by("created_at")
        .values_list("title", flat=True)
    )


def test_a_reminder_that_would_fall_on_easter_monday_comes_on_the_wednesday_before(
    tree, employee, manager, safety_rep
):
    with time_machine.travel(at(2026, 3, 31, 9, 0), tick=False):
        incident = make_incident(
            employee,
            tree["own"],
            occurred_at=at(2026, 3, 31, 8, 30),
            absence_from=date(2026, 3, 23),
        )
    talk = incident.tasks.get(kind="follow_up_talk")
    work_injury = incident.tasks.get(kind="work_injury")
    assert timezone.localtime(talk.due_at) == at(2026, 4, 7, 23, 59), "the Tuesday after Easter"
    assert timezone.localtime(work_injury.due_at) == at(2026, 4, 6, 23, 59), "the law's 14 days"
    Notification.objects.all().delete()

    sweep(at(2026, 3, 31, 12, 0))
    assert reminders_of(manager, talk) == reminders_of(manager, work_injury) == []
    sweep(at(2026, 4, 1, 8, 5))
    assert reminders_of(manager, talk) == [
        "En opgave har frist 7. april 2026: Opfølgende samtale med de tilstedeværende og AMR"
    ]
    assert len(reminders_of(manager, work_injury)) == 1
    assert "6. april 2026" in reminders_of(safety_rep, work_injury)[0]
    for holiday in (at(2026, 4, 2, 9, 0), at(2026, 4, 3, 9, 0), at(2026, 4, 6, 9, 0)):
        sweep(holiday)
    assert len(reminders_of(manager, talk)) == 1, "no reminder on Maundy Thursday to Easter Monday"
    assert len(reminders_of(manager, work_injury)) == 1, "a day off gets its one reminder early"
    sweep(at(2026, 4, 7, 8, 5))
    assert reminders_of(manager, talk)[-1].startswith("En opgave har frist i dag")


def test_the_police_reports_72_hours_are_not_moved_by_the_weekend(tree, employee):
    with time_machine.travel(at(2026, 4, 1, 15, 0), tick=False):
        incident = make_incident(employee, tree["own"], occurred_at=at(2026, 4, 1, 14, 0))
    police = incident.tasks.get(kind="police_report")
    assert police.is_set_by_law
    assert timezone.localtime(police.due_at) == at(2026, 4, 4, 14, 0), "a Saturday, as the law"
    acknowledge = incident.tasks.get(kind="acknowledge")
    assert not acknowledge.is_set_by_law
    assert timezone.localtime(acknowledge.due_at) == at(2026, 4, 1, 23, 59)


def test_an_escalation_that_would_come_on_a_holiday_waits_for_the_next_working_day(
    tree, employee, manager, center_head
):
    with time_machine.travel(at(2026, 3, 30, 9, 0), tick=False):
        incident = make_incident(employee, tree["own"], occurred_at=at(2026, 3, 30, 8, 30))
    inform = incident.tasks.get(kind="inform")  # due 1 April, escalated two days later
    # The inform task is the center head's own; as the manager's it escalates to them.
    inform.assignee = Assignee.MANAGER
    inform.save(update_fields=["assignee"])
    inform.assignees.set([manager])
    assert timezone.localtime(inform.due_at) == at(2026, 4, 1, 23, 59)
    escalations = Notification.objects.filter(
        recipient=center_head, url__endswith=f"#task-{inform.pk}"
    )
    sweep(at(2026, 4, 4, 9, 0))
    sweep(at(2026, 4, 6, 23, 59))
    assert not escalations.exists(), "Easter is days off"
    sweep(at(2026, 4, 7, 23, 59))
    assert escalations.count() == 1
