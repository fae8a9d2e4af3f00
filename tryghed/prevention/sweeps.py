"""Measures are reminded before their deadline and reported when they pass it, once each."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tryghed.core.sweep import sweep_job
from tryghed.notifications.services import notify
from tryghed.organizations import access
from tryghed.prevention.models import Measure

REMIND_DAYS_BEFORE = 7


@sweep_job("prevention.measure_reminders")
def remind_measures(now):
    today = timezone.localtime(now).date()
    told = 0
    soon = Measure.objects.open().filter(
        due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE), reminded_at__isnull=True
    )
    for measure in soon.select_related("owner"):
        if Measure.objects.filter(pk=measure.pk, reminded_at__isnull=True).update(reminded_at=now):
            notify(
                recipients=[measure.owner],
                title=_("A measure is due on %(day)s: %(title)s")
                % {"day": measure.due_on.strftime("%d.%m.%Y"), "title": measure.title},
                url=reverse("prevention:measures"),
            )
            told += 1
    overdue = Measure.objects.open().filter(due_on__lt=today, overdue_notified_at__isnull=True)
    for measure in overdue.select_related("unit"):
        if Measure.objects.filter(pk=measure.pk, overdue_notified_at__isnull=True).update(
            overdue_notified_at=now
        ):
            notify(
                recipients=access.told_of_new_cases(measure.unit),
                title=_("A measure is overdue: %(title)s") % {"title": measure.title},
                url=reverse("prevention:measures"),
            )
            told += 1
    return told
