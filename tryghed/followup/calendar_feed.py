"""The calendar feed: a person's own open follow-up tasks with their deadlines, as iCalendar,
at a secret address a calendar app fetches without logging in.

The address carries a random token of 256 bits; the database keeps only its SHA-256
(`CalendarFeed.token_hash`), as a password-reset token would be treated, so the address is
shown once. A fetch looks the hash up through a unique index: what the lookup's timing could
tell is about hashes, and finding a token from (part of) its hash is not feasible, so no
constant-time comparison is needed on top. The token is never logged: the request log and the
metrics name the URL pattern, not the path, and the audit event names the person.

An event says only "Tryghed: task due, case 2026-00012" (in Danish) and links to the case
page, which opens only after login: no names, no titles a municipality may have written, no
free text."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.followup.models import CalendarFeed, FollowUpTask

TOKEN_BYTES = 32
# A deadline is shown as a short appointment that ends when the task is due.
EVENT_LENGTH = timedelta(minutes=30)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def turn_on(*, person, request=None):
    """A new address for `person` (the first, or one that replaces the old at once); returns
    the token, which is not kept."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    _feed, created = CalendarFeed.objects.update_or_create(
        person=person,
        defaults={"token_hash": token_hash(token), "created_at": timezone.now()},
    )
    _record(person, "turned_on" if created else "renewed", request)
    return token


@transaction.atomic
def turn_off(*, person, request=None):
    deleted, _by_model = CalendarFeed.objects.filter(person=person).delete()
    if deleted:
        _record(person, "turned_off", request)


def _record(person, change, request):
    audit.record(actor=person, action=Action.CALENDAR_FEED_CHANGED, request=request, change=change)


def feed_for(token):
    """The feed of an active person whose address holds `token`, or None."""
    return (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=token_hash(token), person__is_active=True)
        .first()
    )


def tasks_of(person):
    """The person's own open tasks of live cases, nearest deadline first."""
    return (
        FollowUpTask.objects.open()
        .assigned_to(person)
        .select_related("incident")
        .order_by("due_at", "pk")
    )


def read(feed, request=None):
    """The feed's iCalendar file, and the fetch in the audit log."""
    tasks = list(tasks_of(feed.person))
    with translation.override(settings.LANGUAGE_CODE):
        body = ics(tasks)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    audit.record(
        actor=feed.person, action=Action.CALENDAR_FEED_READ, request=request, tasks=len(tasks)
    )
    return body


def ics(tasks):
    calendar = Calendar()
    calendar.add("prodid", "-//Tryghed//Opgavefrister//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Tryghed: my deadlines"))
    calendar.add("x-published-ttl", "PT1H")
    now = timezone.now()
    for task in tasks:
        calendar.add_component(_event(task, now))
    return calendar.to_ical()


def _event(task, now):
    url = settings.SITE_URL.rstrip("/") + task.get_absolute_url()
    event = Event()
    event.add("uid", f"tryghed-task-{task.pk}@{_host()}")
    event.add("dtstamp", now)
    event.add("dtstart", task.due_at - EVENT_LENGTH)
    event.add("dtend", task.due_at)
    event.add(
        "summary",
        _("Tryghed: task due – case %(number)s") % {"number": task.incident.number},  # noqa: RUF001
    )
    event.add("description", _("Open the case in Tryghed: %(url)s") % {"url": url})
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the time stays free
    return event


def _host():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "tryghed"
