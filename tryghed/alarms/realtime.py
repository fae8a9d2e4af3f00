"""What an open page hears: one JSON message per change of an alarm, sent to the real-time
groups that make up its circle (circles.alarm_groups is the other half). Messages carry codes
and names, never translated words: the page has its labels in its own language."""

import asyncio
import json
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse
from django.utils import timezone

from tryghed.alarms.models import Alarm, AlarmRecipient, Answer, Reason


def payload(alarm):
    """The alarm as every open page of its circle sees it. Its size does not grow with the
    circle (only with those who answered): it is copied to every page. Whoever hears of an
    alarm, other than its raiser, was sent it (groups_for), so a page offers the answers to
    all but the raiser; the server checks again when one is given."""
    recipients = list(alarm.recipients.exclude(answer="").select_related("person"))
    return {
        "type": "alarm",
        "id": alarm.pk,
        "level": alarm.level,
        "status": alarm.status,
        "place": alarm.place,
        "raised_by": alarm.raised_by.name,
        "raised_by_id": alarm.raised_by_id,
        "raised_at": alarm.raised_at.isoformat(),
        "is_silent": alarm.is_silent,
        "escalation_step": alarm.escalation_step,
        "coming": [r.person.name for r in recipients if r.answer == Answer.COMING],
        "cannot": [r.person.name for r in recipients if r.answer == Answer.CANNOT],
        "answers": {str(r.person_id): r.answer for r in recipients},
        "url": reverse("alarms:detail", args=[alarm.pk]),
        "answer_url": reverse("alarms:answer", args=[alarm.pk]),
        "police": police(alarm),
    }


def police(alarm):
    """The call to 112 as every page shows it: who said they call, or until when the
    responders may say so before the raiser is told to call (`due_in`, seconds from now, so a
    page's own clock need not agree with the server's). None when no police are needed."""
    if not alarm.police_needed:
        return None
    due = alarm.police_call_due_at
    caller = alarm.police_called_by
    return {
        "address": alarm.site.address,
        "called_by": caller.name if caller else "",
        "called_by_id": caller.pk if caller else None,
        "called_by_role": alarm.police_caller_role(),
        "due_in": (due - timezone.now()).total_seconds() if due and not caller else None,
        "claim_url": reverse("alarms:call_police", args=[alarm.pk]),
    }


def groups_for(alarm):
    """The groups that together hold exactly the alarm's circle, and the raiser."""
    groups = {f"alarm-user-{alarm.raised_by_id}", f"alarm-guard-{alarm.site_id}"}
    groups.add(f"alarm-unit-{alarm.unit_id}")
    if alarm.escalation_step >= 1:
        groups.add(f"alarm-site-{alarm.site_id}")
    people = alarm.recipients.filter(reason__in=[Reason.MANAGER, Reason.CENTER_HEAD])
    groups.update(f"alarm-user-{pk}" for pk in people.values_list("person_id", flat=True))
    return sorted(groups)


def send(alarm_id):
    """Tell every open page of the alarm's circle; called after the change is committed."""
    alarm = Alarm.objects.select_related(
        "raised_by", "site__unit", "unit", "room__floor", "police_called_by"
    ).get(pk=alarm_id)
    groups = groups_for(alarm)
    message = {
        "type": "alarm.update",
        "text": json.dumps(payload(alarm)),  # encoded once here, not once per open page
        "groups": groups,  # a page in several of them gets it once (consumers.Pages)
        "key": uuid.uuid4().hex,
    }
    async_to_sync(_publish)(groups, message)


async def _publish(groups, message):
    """All groups in one hop to the event loop, not one hop per group."""
    layer = get_channel_layer()
    await asyncio.gather(*(layer.group_send(group, message) for group in groups))


def active_for(user):
    """Every still-active alarm sent to `user`, and their own: what a page gets on (re)connect."""
    ids = set(
        AlarmRecipient.objects.filter(person=user, alarm__status="active").values_list(
            "alarm_id", flat=True
        )
    )
    ids.update(Alarm.objects.active().filter(raised_by=user).values_list("pk", flat=True))
    alarms = Alarm.objects.filter(pk__in=ids).select_related(
        "raised_by", "site__unit", "unit", "room__floor", "police_called_by"
    )
    return [payload(alarm) for alarm in alarms]
