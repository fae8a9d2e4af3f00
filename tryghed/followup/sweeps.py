"""Reminders and escalations of follow-up tasks, and retries of police reports that could not
be sent. Each reminder is claimed with a conditional UPDATE before it is sent, so running the
sweep twice (or in two workers at once) never sends the same reminder twice."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tryghed.core import workdays
from tryghed.core.sweep import in_batches, sweep_job
from tryghed.followup import police
from tryghed.followup.models import (
    Block,
    CitizenConversation,
    FollowUpTask,
    PoliceReport,
    PoliceReportStatus,
)
from tryghed.notifications.services import notify
from tryghed.organizations import directory

MAX_ATTEMPTS = 50
# How far ahead a reminder can come: the working day before a deadline may lie up to a week
# earlier (Maundy Thursday to Easter Monday are five days off in a row).
REMINDER_HORIZON = timedelta(days=8)


def _claim(task, flag, now):
    return FollowUpTask.objects.filter(pk=task.pk, **{f"{flag}__isnull": True}).update(
        **{flag: now}
    )


# Each task's claim and its notification commit together, task by task (not as one
# transaction for the whole job): after a long stop a sweep may remind hundreds of thousands
# of tasks, and a person closing one of them must not wait for the sweep to finish.


@sweep_job("followup.reminders", atomic=False)
def send_reminders(now):
    """A reminder on the morning of the working day before a task falls due, and one on the
    morning of the day (or at the deadline, if it comes first); a deadline on a day off gets
    one, the working day before (core.workdays). Returns how many were sent."""
    sent = 0
    candidates = FollowUpTask.objects.open().filter(
        due_at__lte=now + REMINDER_HORIZON, reminded_on_day_at__isnull=True
    )
    for task in in_batches(
        candidates.select_related("incident__unit").prefetch_related("assignees")
    ):
        before, on_the_day = workdays.reminder_moments(task.due_at)
        with transaction.atomic():
            if now >= on_the_day:
                if _claim(task, "reminded_on_day_at", now):
                    _claim(task, "reminded_before_at", now)
                    _remind(task, now)
                    sent += 1
            elif now >= before and _claim(task, "reminded_before_at", now):
                _remind(task, now)
                sent += 1
    return sent


def _remind(task, now):
    notify(
        recipients=list(task.assignees.all()),
        title=_when_due(task, now)
        % {
            "title": task.label,
            "day": date_format(timezone.localtime(task.due_at), "DATE_FORMAT"),
        },
        url=task.get_absolute_url(),
    )


def _when_due(task, now):
    due_day = timezone.localtime(task.due_at).date()
    today = timezone.localtime(now).date()
    if now > task.due_at:
        return _("A task is overdue: %(title)s")
    if due_day == today:
        return _("A task falls due today: %(title)s")
    if due_day == today + timedelta(days=1):
        return _("A task falls due tomorrow: %(title)s")
    return _("A task falls due on %(day)s: %(title)s")


@sweep_job("followup.escalations", atomic=False)
def escalate_overdue(now):
    """An open task overdue by its number of days goes to the center head as well, on a
    working day."""
    escalated = 0
    candidates = FollowUpTask.objects.overdue(now).filter(escalated_at__isnull=True)
    for task in in_batches(candidates.select_related("incident__unit")):
        # A task that came late (a late report) gets its full grace period before escalating.
        grace = timedelta(days=task.escalate_after_days)
        if now < workdays.roll_forward(max(task.due_at, task.created_at) + grace):
            continue
        with transaction.atomic():
            if _claim(task, "escalated_at", now):
                notify(
                    recipients=directory.center_heads_of(task.incident.unit),
                    title=_("A follow-up task is overdue: %(title)s") % {"title": task.label},
                    url=task.get_absolute_url(),
                )
                escalated += 1
    return escalated


@sweep_job("followup.police_report_retries")
def retry_police_reports(now):
    """Police reports sent but not delivered are tried again: at once after a failure, and
    after five minutes if the first attempt never reported back."""
    waiting = (
        PoliceReport.objects.exclude(status=PoliceReportStatus.DRAFT)
        .filter(delivered_at__isnull=True, send_attempts__lt=MAX_ATTEMPTS)
        .filter(Q(send_attempts__gt=0) | Q(sent_at__lt=now - timedelta(minutes=5)))
    )
    return sum(1 for report in waiting if police.deliver(report))


@sweep_job("followup.block_reviews")
def remind_block_reviews(now):
    """When a block is due for review, the unit's managers are told, once: on the working day
    of the review, or the working day before it when it falls on a day off."""
    today = timezone.localtime(now).date()
    due = Block.objects.active().filter(
        review_on__lte=today + REMINDER_HORIZON, review_reminded_at__isnull=True
    )
    told = 0
    for decision in due.select_related("unit", "incident"):
        if workdays.on_or_before(decision.review_on) > today:
            continue
        if Block.objects.filter(pk=decision.pk, review_reminded_at__isnull=True).update(
            review_reminded_at=now
        ):
            notify(
                recipients=directory.managers_of(decision.unit),
                title=_("A block is due for review: %(profile)s") % {"profile": decision.profile},
                url=reverse("followup:blocks"),
            )
            told += 1
    return told


@sweep_job("followup.conversation_reviews")
def remind_conversation_reviews(now):
    """When the agreements with a citizen are due for review, the unit's managers are told,
    once; the message names neither the person nor the agreements."""
    due = CitizenConversation.objects.due_for_review(timezone.localtime(now).date())
    told = 0
    for conversation in due.select_related("unit"):
        claimed = CitizenConversation.objects.filter(
            pk=conversation.pk, review_reminded_at__isnull=True
        ).update(review_reminded_at=now)
        if claimed:
            notify(
                recipients=directory.managers_of(conversation.unit),
                title=_("Agreements with a citizen are due for review"),
                url=reverse("followup:case", args=[conversation.incident_id]) + "#citizen",
            )
            told += 1
    return told
