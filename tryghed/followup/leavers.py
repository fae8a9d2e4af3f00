"""A person who has left hands their open follow-up tasks to the managers of each case's unit
(on organizations.signals.person_left); the managers are told, without the story of any
case."""

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import ngettext_lazy

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.followup.models import FollowUpTask
from tryghed.notifications.services import lazy_text, notify
from tryghed.organizations import directory


def hand_over_tasks(person, actor):
    """Each open task of `person` goes to the nearest active managers of its case's unit (the
    unit's own, else those above it up to the center head); `person` is already inactive, so a
    manager who leaves hands over to the manager above. A task with no manager to go to keeps
    no assignee and is counted, for the operator to act on."""
    tasks = FollowUpTask.objects.open().filter(assignees=person).select_related("incident__unit")
    given = defaultdict(int)
    handed_over = without_manager = 0
    for task in tasks.prefetch_related("assignees"):
        current = set(task.assignees.all())
        task.assignees.remove(person)
        managers = directory.managers_of(task.incident.unit)
        if not managers:
            without_manager += 1
            continue
        new = [manager for manager in managers if manager not in current]
        task.assignees.add(*new)
        for manager in new:
            given[manager] += 1
        handed_over += 1
        audit.record(
            actor=actor,
            action=Action.TASKS_HANDED_OVER,
            target=task.incident,
            unit=task.incident.unit,
            task=task.pk,
            left=person.pk,
            to=[manager.pk for manager in managers],
        )
    url = reverse("followup:my_tasks")
    for manager, count in given.items():
        notify(recipients=[manager], title=_handed_over_title(count), url=url)
    return {"tasks_handed_over": handed_over, "tasks_without_manager": without_manager}


def _handed_over_title(count):
    text = ngettext_lazy(
        "You have been given %(count)d follow-up task from a colleague who has left",
        "You have been given %(count)d follow-up tasks from a colleague who has left",
        "count",
    )
    return lazy_text(text, count=count)
