"""Measures are reminded before their deadline and reported when they pass it, once each; a
local guideline's next discussion in MED is reminded two weeks ahead. Each reminder comes on a
working day (core.workdays): one due on a day off comes the working day before."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tryghed.core import workdays
from tryghed.core.sweep import sweep_job
from tryghed.notifications.services import notify
from tryghed.organizations import directory
from tryghed.prevention.models import LocalGuideline, Measure

REMIND_DAYS_BEFORE = 7
# The working day a reminder comes on may lie up to a week before its calendar day (Easter).
HORIZON_DAYS = 8


def _reminded_by(today, days_before):
    """The last calendar day whose reminder, `days_before` ahead and on a working day, is due
    by `today`: the candidates to look at, before `_is_due` decides."""
    return today + timedelta(days=days_before + HORIZON_DAYS)


def _is_due(day, days_before, today):
    return workdays.on_or_before(day - timedelta(days=days_before)) <= today


@sweep_job("prevention.measure_reminders")
def remind_measures(now):
    today = timezone.localtime(now).date()
    told = 0
    soon = Measure.objects.open().filter(
        due_on__lte=_reminded_by(today, REMIND_DAYS_BEFORE), reminded_at__isnull=True
    )
    for measure in soon.select_related("owner"):
        if not _is_due(measure.due_on, REMIND_DAYS_BEFORE, today):
            continue
        if Measure.objects.filter(pk=measure.pk, reminded_at__isnull=True).update(reminded_at=now):
            notify(
                recipients=[measure.owner],
                title=_("A measure is due on %(day)s: %(title)s")
                % {"day": date_format(measure.due_on, "SHORT_DATE_FORMAT"), "title": measure.title},
                url=reverse("prevention:measures"),
            )
            told += 1
    if not workdays.is_working_day(today):
        return told
    overdue = Measure.objects.overdue(today).filter(overdue_notified_at__isnull=True)
    for measure in overdue.select_related("unit"):
        if Measure.objects.filter(pk=measure.pk, overdue_notified_at__isnull=True).update(
            overdue_notified_at=now
        ):
            notify(
                recipients=directory.managers_and_safety_reps_of(measure.unit),
                title=_("A measure is overdue: %(title)s") % {"title": measure.title},
                url=reverse("prevention:measures"),
            )
            told += 1
    return told


GUIDELINE_REMIND_DAYS_BEFORE = 14


@sweep_job("prevention.guideline_discussions")
def remind_guideline_discussions(now):
    """Two weeks before a local guideline's next discussion in MED, the unit's managers and
    safety reps are reminded; once for each version."""
    today = timezone.localtime(now).date()
    due = LocalGuideline.objects.filter(
        next_discussion_on__lte=_reminded_by(today, GUIDELINE_REMIND_DAYS_BEFORE),
        reminded_at__isnull=True,
    ).exclude(
        Exists(
            LocalGuideline.objects.filter(
                unit=OuterRef("unit"), kind=OuterRef("kind"), version__gt=OuterRef("version")
            )
        )
    )
    told = 0
    for guideline in due.select_related("unit"):
        if not _is_due(guideline.next_discussion_on, GUIDELINE_REMIND_DAYS_BEFORE, today):
            continue
        if LocalGuideline.objects.filter(pk=guideline.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            notify(
                recipients=directory.managers_and_safety_reps_of(guideline.unit),
                title=_("%(what)s for %(unit)s is to be discussed in MED by %(day)s")
                % {
                    "what": guideline.get_kind_display(),
                    "unit": guideline.unit.name,
                    "day": date_format(guideline.next_discussion_on, "SHORT_DATE_FORMAT"),
                },
                url=guideline.get_absolute_url(),
            )
            told += 1
    return told
