"""Deadlines as people read them: a countdown in words ("om 2 dage 4 timer", "overskredet for 3
timer siden"), the deadlines that run for a case (its open tasks whose deadline the law sets:
the police report's 72 hours, the work-injury report's 14 days), and a person's open tasks
grouped by case, the case with the nearest deadline first.

Computed on the server from the tasks' `due_at`, which the case template's deadline rules set
(models.DeadlineRule); nothing here counts a deadline of its own."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MINUTE, HOUR, DAY = 60, 3600, 86400


def span(seconds: int) -> str:
    """A stretch of time, rounded down, as precise as it is worth: days and hours ("2 dage 4
    timer"), whole hours under a day ("5 timer"), minutes under an hour ("12 minutter")."""
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, HOUR)
    minutes = rest // MINUTE
    if days:
        parts = [_days(days)] + ([_hours(hours)] if hours else [])
    elif hours:
        parts = [_hours(hours)]
    else:
        parts = [_minutes(max(minutes, 1))]
    return " ".join(parts)


def _days(n):
    return ngettext("%(count)d day", "%(count)d days", n) % {"count": n}


def _hours(n):
    return ngettext("%(count)d hour", "%(count)d hours", n) % {"count": n}


def _minutes(n):
    return ngettext("%(count)d minute", "%(count)d minutes", n) % {"count": n}


def countdown(due_at: datetime, now: datetime) -> str:
    """How long until a deadline, or how long since it passed, in the reader's language."""
    # Rounded down, so that half a second past the deadline already reads as overdue.
    seconds = math.floor((due_at - now).total_seconds())
    if seconds >= 0:
        return _("in %(span)s") % {"span": span(seconds)}
    return _("overdue by %(span)s") % {"span": span(-seconds)}


@dataclass(frozen=True)
class Deadline:
    """A deadline shown with its countdown."""

    label: str
    due_at: datetime
    wording: str
    is_overdue: bool

    @classmethod
    def of(cls, task, now):
        """Named by the task's kind ("Politianmeldelse"), which is shorter than its title; a
        task of no particular kind by its title."""
        named = task.label if task.kind == "other" else task.get_kind_display()
        return cls(named, task.due_at, countdown(task.due_at, now), task.due_at < now)


def running(incident, tasks, now) -> list[Deadline]:
    """The deadlines set by law that still run for the case: its open tasks with such a
    deadline, while the case is open. A task done or judged not relevant runs no longer; a
    closed case or one registered in error has none."""
    if not incident.is_open:
        return []
    return [Deadline.of(task, now) for task in tasks if task.is_open and task.is_set_by_law]


@dataclass
class CaseTasks:
    """One case's open tasks for one person, the nearest deadline first."""

    incident: object
    now: datetime
    tasks: list = field(default_factory=list)

    @property
    def due_at(self):
        return self.tasks[0].due_at

    @property
    def overdue_count(self):
        return sum(task.due_at < self.now for task in self.tasks)

    def entries(self):
        """(task, its countdown, whether it is overdue) for each task."""
        return [
            (task, countdown(task.due_at, self.now), task.due_at < self.now) for task in self.tasks
        ]


def by_case(tasks, now) -> list[CaseTasks]:
    """Open tasks grouped by their case, the case whose nearest deadline comes first (overdue
    ones, being in the past, before the rest); within a case, the nearest deadline first."""
    groups: dict[int, CaseTasks] = {}
    for task in sorted(tasks, key=lambda task: (task.due_at, task.pk)):
        groups.setdefault(task.incident_id, CaseTasks(task.incident, now)).tasks.append(task)
    return sorted(groups.values(), key=lambda group: (group.due_at, group.incident.pk))
