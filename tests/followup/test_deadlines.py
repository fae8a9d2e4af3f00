"""Deadlines as people read them: the countdown's words in Danish and English, the deadlines
that run for a case, and a person's tasks grouped by case, overdue first."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.incidents.factories import make_incident
from tryghed.followup import deadlines, services
from tryghed.followup.models import FollowUpTask, TaskKind

NOW = timezone.now()


def words(delta, language):
    with translation.override(language):
        return deadlines.countdown(NOW + delta, NOW)


@pytest.mark.parametrize(
    ("delta", "danish", "english"),
    [
        (timedelta(days=2, hours=4, minutes=20), "om 2 dage 4 timer", "in 2 days 4 hours"),
        (timedelta(days=1), "om 1 dag", "in 1 day"),
        (timedelta(hours=5, minutes=59), "om 5 timer", "in 5 hours"),
        (timedelta(hours=1), "om 1 time", "in 1 hour"),
        (timedelta(minutes=12, seconds=30), "om 12 minutter", "in 12 minutes"),
        (timedelta(seconds=20), "om 1 minut", "in 1 minute"),
        (-timedelta(hours=3, minutes=10), "overskredet for 3 timer siden", "overdue by 3 hours"),
        (
            -timedelta(days=14, hours=15),
            "overskredet for 14 dage 15 timer siden",
            "overdue by 14 days 15 hours",
        ),
    ],
)
def test_a_countdown_reads_in_danish_and_english(delta, danish, english):
    assert words(delta, "da") == danish
    assert words(delta, "en") == english


def test_only_the_deadlines_set_by_law_run_and_only_while_their_task_is_open(
    tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    tasks = list(incident.tasks.all())
    running = deadlines.running(incident, tasks, NOW)
    with translation.override("da"):
        named = [deadline.label for deadline in deadlines.running(incident, tasks, NOW)]
    assert named == ["Politianmeldelse", "Arbejdsskadeanmeldelse"]
    assert all(deadline.wording.startswith("om ") for deadline in running)

    police = incident.tasks.get(kind=TaskKind.POLICE_REPORT)
    services.mark_not_relevant(task=police, by=manager, reason="Borgeren er dement.")
    tasks = list(incident.tasks.all())
    with translation.override("da"):
        assert [d.label for d in deadlines.running(incident, tasks, NOW)] == [
            "Arbejdsskadeanmeldelse"
        ]
    later = NOW + timedelta(days=40)
    assert deadlines.running(incident, tasks, later)[0].is_overdue


def test_a_closed_case_has_no_running_deadline(tree, employee):
    incident = make_incident(employee, tree["own"])
    incident.closed_at = NOW
    assert deadlines.running(incident, list(incident.tasks.all()), NOW) == []


def test_tasks_are_grouped_by_case_with_the_overdue_case_first(tree, employee, manager):
    recent = make_incident(employee, tree["own"])
    older = make_incident(employee, tree["own"])
    older.tasks.update(due_at=NOW - timedelta(days=3))
    recent.tasks.filter(kind=TaskKind.EVALUATION).update(due_at=NOW - timedelta(hours=1))
    tasks = list(
        FollowUpTask.objects.filter(incident__in=[recent, older]).select_related("incident")
    )
    groups = deadlines.by_case(tasks, NOW)
    assert [group.incident.pk for group in groups] == [older.pk, recent.pk]
    first_of_recent = groups[1].tasks[0]
    assert first_of_recent.kind == TaskKind.EVALUATION
    assert groups[1].overdue_count == 1
    due = [task.due_at for group in groups for task in group.tasks]
    assert due[: len(groups[0].tasks)] == sorted(due[: len(groups[0].tasks)])
    assert [overdue for _task, _words, overdue in groups[1].entries()][:2] == [True, False]


def test_half_a_second_past_the_deadline_reads_as_overdue():
    due = timezone.now()
    with translation.override("en"):
        assert deadlines.countdown(due, due + timedelta(milliseconds=500)) == "overdue by 1 minute"
