"""The use cases of the panic button, door locking and guard reinforcement. Each write is
committed before anyone is told: real-time messages, e-mails and text messages leave through
`transaction.on_commit`."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import keep_lazy_text
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryghed import audit
from tryghed.alarms import circles, realtime
from tryghed.alarms.models import (
    LEVEL_RANK,
    Alarm,
    AlarmRecipient,
    Answer,
    DoorLock,
    GuardRequest,
    Level,
    Reason,
    RequestStatus,
    SecurityDesk,
    Site,
    Status,
    Workplace,
)
from tryghed.audit.models import Action
from tryghed.core import metrics
from tryghed.incidents import history
from tryghed.incidents.services import report_incident
from tryghed.notifications.services import lazy_text, notify, send_sms
from tryghed.organizations import access, directory
from tryghed.organizations.models import Contact, ContactKind, Membership

LAST_STEP = 2
User = get_user_model()


class AlarmRefused(Exception):
    """The alarm cannot be raised as asked (no site for the unit, a room of another site)."""


class NotARecipient(Exception):
    """The person was not sent this alarm: they may not answer it."""


class PoliceCallTaken(Exception):
    """Someone else has already said they call 112 for this alarm."""

    def __init__(self, alarm):
        super().__init__(alarm.pk)
        self.alarm = alarm


class PoliceNotNeeded(Exception):
    """The alarm is not (or no longer) an active "Ring 112": there is no call to take on."""


def alarm_places(person):
    """{unit: site} for the units a person can raise an alarm from: where they are placed and
    a site holds."""
    units = [m.unit for m in Membership.objects.filter(user=person).select_related("unit")]
    sites = Site.objects.for_units(list(dict.fromkeys(units)))
    return {unit: site for unit, site in sites.items() if site}


def guard_phone(unit):
    contact = Contact.objects.for_unit(unit).get(ContactKind.SITE_GUARD) if unit else None
    return contact


def _workplace_room(person):
    workplace = Workplace.objects.filter(person=person).select_related("room__floor").first()
    return workplace.room if workplace else None


def raise_alarm(*, by, level, unit=None, room=None, is_silent=False, places=None):
    """Raise an alarm, or, when the person already has one active, change its level. Returns
    (alarm, created). `places` is alarm_places(by), when the caller has it already."""
    if not by.is_authenticated or not by.is_active:
        raise PermissionDenied
    level = Level(level)
    places = alarm_places(by) if places is None else places
    usual = _workplace_room(by)
    if unit is None:
        by_site = [u for u, site in places.items() if usual and site == usual.floor.site]
        unit = (by_site or list(places) or [None])[0]
    if unit is None or unit not in places:
        raise AlarmRefused(_("You are not placed in a unit at a site."))
    site = places[unit]
    room = room or (usual if usual is not None and usual.floor.site_id == site.pk else None)
    if room is not None and room.floor.site_id != site.pk:
        raise AlarmRefused(_("The room is not at %(site)s.") % {"site": site.name})
    current = Alarm.objects.active().filter(raised_by=by).first()
    if current is not None:
        return _change_level(current, by=by, level=level, room=room), False
    try:
        with transaction.atomic():
            alarm = Alarm.objects.create(
                raised_by=by,
                unit=unit,
                site=site,
                room=room,
                level=level,
                is_silent=is_silent,
                police_needed_at=timezone.now() if level == Level.CALL_112 else None,
            )
            circle = circles.alarm_first_circle(site, unit)
            _add_recipients(alarm, circle, step=0)
            audit.record(actor=by, action=Action.ALARM_RAISED, target=alarm, unit=unit)
            if level == Level.CALL_112:
                told = [pk for pk, reason in circle.items() if reason != "colleague"]
                _tell_outside_browser(alarm, User.objects.filter(pk__in=told))
            _send_on_commit(alarm)
            transaction.on_commit(lambda: metrics.alarm_raised(level.value))
    except IntegrityError:
        # Two presses raced each other: the other one raised it; this one updates it.
        current = Alarm.objects.active().get(raised_by=by)
        return _change_level(current, by=by, level=level, room=room), False
    return alarm, True


@transaction.atomic
def _change_level(alarm, *, by, level, room):
    alarm = Alarm.objects.select_for_update().get(pk=alarm.pk)
    if alarm.level != level or (room and alarm.room_id != room.pk):
        raised = LEVEL_RANK[level] > LEVEL_RANK[Level(alarm.level)]
        alarm.level = level
        alarm.room = room or alarm.room
        if level == Level.CALL_112 and alarm.police_needed_at is None:
            alarm.police_needed_at = timezone.now()
        alarm.save(update_fields=["level", "room", "police_needed_at"])
        audit.record(
            actor=by, action=Action.ALARM_LEVEL_CHANGED, target=alarm, unit=alarm.unit, level=level
        )
        if raised and level == Level.CALL_112:
            people = [r.person for r in alarm.recipients.exclude(reason=Reason.COLLEAGUE)]
            _tell_outside_browser(alarm, people)
        _send_on_commit(alarm)
    return alarm


def _add_recipients(alarm, circle, *, step):
    """Record the responders ({person id: reason}) not already sent the alarm. One statement
    for them all: the ORM's bulk_create spends ~90 ms building a thousand objects, and the
    alarm leaves only when this is committed."""
    known = set(alarm.recipients.values_list("person_id", flat=True)) | {alarm.raised_by_id}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (alarm.pk, person_id, reason, step, now, "")
        for person_id, reason in circle.items()
        if person_id not in known
    ]
    table = connection.ops.quote_name(AlarmRecipient._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (alarm_id, person_id, reason, step, sent_at, answer) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )
    return len(rows)


def _send_on_commit(alarm):
    # robust: with Redis down the alarm is still stored and its texts and e-mails still go;
    # open pages get it when they connect again (realtime.active_for).
    transaction.on_commit(lambda pk=alarm.pk: realtime.send(pk), robust=True)


@keep_lazy_text
def _lower(text):
    return str(text).lower()


def _tell_outside_browser(alarm, people):
    """E-mail (through the inbox) to the people, and a text message to the site guard's phone."""
    title = lazy_text(
        gettext_lazy("Alarm: %(level)s at %(place)s"),
        level=Level(alarm.level).label,
        place=alarm.place,
    )
    notify(recipients=people, title=title, url=alarm.get_absolute_url())
    contact = guard_phone(alarm.unit)
    if contact is not None and contact.phone:
        send_sms(to=contact.phone, recipient=contact.name, text=alarm_sms_text(alarm), about=alarm)


def alarm_sms_text(alarm):
    """Where, which level, and a link: no story and no name (the page shows who, to those who
    may see it)."""
    words = {
        "level": alarm.get_level_display(),
        "place": alarm.place,
        "link": settings.SITE_URL.rstrip("/") + alarm.get_absolute_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        if alarm.police_called_by_id is not None:
            text = _(
                "Tryghed alarm: %(level)s at %(place)s. Police needed; someone has said they call "
                "112. See %(link)s"
            )
            return text % words
        if alarm.police_needed:
            text = _(
                "Tryghed alarm: %(level)s at %(place)s. Police needed. If you call 112, say so "
                "in Tryghed first, so only one person calls: %(link)s"
            )
            return text % words
        return _("Tryghed alarm: %(level)s at %(place)s. See %(link)s") % words


def answer_alarm(*, alarm, by, answer):
    """A responder answers "I'm coming" or "Can't come"; only people the alarm was sent to."""
    answer = Answer(answer)
    with transaction.atomic():
        recipient = (
            AlarmRecipient.objects.select_for_update()
            .filter(alarm=alarm, person=by, alarm__status=Status.ACTIVE)
            .first()
        )
        if recipient is None:
            raise NotARecipient
        answered_before = recipient.answered_at is not None
        recipient.answer, recipient.answered_at = answer, timezone.now()
        recipient.save(update_fields=["answer", "answered_at"])
        audit.record(
            actor=by, action=Action.ALARM_ANSWERED, target=alarm, unit=alarm.unit, answer=answer
        )
        _send_on_commit(alarm)
        if not answered_before:
            transaction.on_commit(lambda: _count_first_answer(alarm, recipient))
    return recipient


def _count_first_answer(alarm, recipient):
    """The metrics' time to the first answer ("I'm coming" or "Can't come"), once per alarm:
    when no one else answered it earlier. (Two answers committed in the same instant may both
    count.)"""
    first = (
        AlarmRecipient.objects.filter(alarm=alarm, answered_at__isnull=False)
        .order_by("answered_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if first == recipient.pk:
        metrics.alarm_first_answer((recipient.answered_at - alarm.raised_at).total_seconds())


def may_call_police(alarm, person):
    """The raiser and anyone the alarm was sent to may say they call 112."""
    return alarm.raised_by_id == person.pk or alarm.recipients.filter(person=person).exists()


def claim_police_call(*, alarm, by):
    """`by` says "I'm calling 112". The first one is the one: the claim is one conditional
    update, so of two at once (in two processes) exactly one wins; the other gets
    PoliceCallTaken naming who calls. Saying it again is no change."""
    if not may_call_police(alarm, by):
        raise NotARecipient
    with transaction.atomic():
        won = Alarm.objects.filter(
            pk=alarm.pk, status=Status.ACTIVE, level=Level.CALL_112, police_called_by__isnull=True
        ).update(police_called_by=by, police_called_at=timezone.now())
        alarm.refresh_from_db()
        if not won:
            if alarm.police_called_by_id == by.pk:
                return alarm
            if alarm.police_called_by_id is not None:
                raise PoliceCallTaken(alarm)
            raise PoliceNotNeeded
        audit.record(
            actor=by, action=Action.ALARM_POLICE_CALL_CLAIMED, target=alarm, unit=alarm.unit
        )
        _send_on_commit(alarm)
    return alarm


def mark_delivered(*, alarm_id, person):
    """An open page of the responder has shown the alarm."""
    return AlarmRecipient.objects.filter(
        alarm_id=alarm_id, person=person, delivered_at__isnull=True
    ).update(delivered_at=timezone.now())


def mark_delivered_many(batch):
    """{alarm id: person ids}: the pages that have shown each alarm, since the last batch."""
    now = timezone.now()
    for alarm_id, person_ids in batch.items():
        AlarmRecipient.objects.filter(
            alarm_id=alarm_id, person_id__in=person_ids, delivered_at__isnull=True
        ).update(delivered_at=now)


def may_end(alarm, person):
    """The raiser, and anyone the alarm was sent to, may resolve it."""
    return alarm.raised_by_id == person.pk or alarm.recipients.filter(person=person).exists()


def resolve_alarm(*, alarm, by):
    return _end(alarm, by, Status.RESOLVED, Action.ALARM_RESOLVED)


def cancel_alarm(*, alarm, by):
    """A false alarm: only the raiser, or a site guard who went and found nothing."""
    is_guard = alarm.site.guards.filter(pk=by.pk).exists()
    if alarm.raised_by_id != by.pk and not is_guard:
        raise PermissionDenied
    return _end(alarm, by, Status.CANCELLED, Action.ALARM_CANCELLED)


@transaction.atomic
def _end(alarm, by, status, action):
    if not may_end(alarm, by):
        raise PermissionDenied
    updated = Alarm.objects.filter(pk=alarm.pk, status=Status.ACTIVE).update(
        status=status, ended_at=timezone.now(), ended_by=by
    )
    alarm.refresh_from_db()
    if updated:
        audit.record(actor=by, action=action, target=alarm, unit=alarm.unit)
        _send_on_commit(alarm)
    return alarm


def escalate_due(now=None):
    """Move every active alarm that nobody has said they are coming to within
    ALARM_ESCALATION_SECONDS one circle out: first the whole site, then the center's manager,
    by e-mail and text message as well. Safe to run from several processes at once."""
    now = now or timezone.now()
    due = now - timedelta(seconds=settings.ALARM_ESCALATION_SECONDS)
    escalated = 0
    candidates = Alarm.objects.active().filter(
        escalation_step__lt=LAST_STEP, step_started_at__lte=due
    )
    for alarm in candidates.exclude(recipients__answer=Answer.COMING):
        escalated += _escalate(alarm, now)
    return escalated


@transaction.atomic
def _escalate(alarm, now):
    step = alarm.escalation_step + 1
    # The claim: of several processes escalating at once, one moves the alarm on; and not if
    # someone said "I'm coming" since it was picked.
    won = (
        Alarm.objects.filter(pk=alarm.pk, escalation_step=step - 1, status=Status.ACTIVE)
        .exclude(recipients__answer=Answer.COMING)
        .update(escalation_step=step, step_started_at=now)
    )
    if not won:
        return 0
    alarm.refresh_from_db()
    if step == 1:
        circle = dict.fromkeys(circles.alarm_site_people(alarm.site), Reason.SITE)
    else:
        circle = dict.fromkeys(circles.alarm_center_heads(alarm.unit), Reason.CENTER_HEAD)
    _add_recipients(alarm, circle, step=step)
    waiting = [r.person for r in alarm.recipients.select_related("person").filter(answer="")]
    _tell_outside_browser(alarm, waiting)
    audit.record(
        actor=None, action=Action.ALARM_ESCALATED, target=alarm, unit=alarm.unit, step=step
    )
    _send_on_commit(alarm)
    return 1


# Door locking --------------------------------------------------------------------------------


@transaction.atomic
def lock_doors(*, by, site, floors, doors, locked_from, reason, reopened_at=None):
    if not access.may_lock_doors(by, site):
        raise PermissionDenied
    lock = DoorLock.objects.create(
        site=site,
        doors=doors,
        locked_from=locked_from,
        reason=reason,
        reopened_at=reopened_at,
        decided_by=by,
    )
    lock.floors.set(floors)
    audit.record(actor=by, action=Action.DOORS_LOCKED, target=lock, unit=site.unit)
    title = lazy_text(
        gettext_lazy("Doors locked at %(site)s: %(where)s"), site=site.name, where=lock.where
    )
    _tell_about_doors(lock, title, by)
    return lock


@transaction.atomic
def reopen_doors(*, lock, by, at=None):
    if not access.may_lock_doors(by, lock.site):
        raise PermissionDenied
    lock.reopened_at, lock.reopened_by = at or timezone.now(), by
    lock.save(update_fields=["reopened_at", "reopened_by"])
    audit.record(actor=by, action=Action.DOORS_REOPENED, target=lock, unit=lock.site.unit)
    title = lazy_text(
        gettext_lazy("Doors open again at %(site)s: %(where)s"),
        site=lock.site.name,
        where=lock.where,
    )
    _tell_about_doors(lock, title, by)
    return lock


def door_lock_staff(lock):
    """The staff working on the locked floors: the units placed there, and people who sit
    there."""
    floors = list(lock.floors.all())
    unit_ids = [pk for floor in floors for pk in floor.units.values_list("pk", flat=True)]
    people = set(directory.staff_of_units(unit_ids)) if unit_ids else set()
    sitting = Workplace.objects.filter(room__floor__in=floors).select_related("person")
    people.update(w.person for w in sitting if w.person.is_active)
    return people


def _tell_about_doors(lock, title, by):
    people = door_lock_staff(lock) | set(directory.hr_people(lock.site.unit))
    people.discard(by)
    notify(recipients=sorted(people, key=lambda p: p.pk), title=title, url=reverse("alarms:doors"))


def door_locks_for(person, now=None):
    """The locks in force that concern `person`: the banner on every page."""
    locks = DoorLock.objects.in_force(now).prefetch_related("floors").select_related("site__unit")
    return [lock for lock in locks if person in door_lock_staff(lock)]


# Guard reinforcement -------------------------------------------------------------------------


@transaction.atomic
def request_guard(*, by, site, starts_at, ends_at, place, reason, expected_risk):
    if not access.may_request_guard(by, site):
        raise PermissionDenied
    request = GuardRequest.objects.create(
        site=site,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        reason=reason,
        expected_risk=expected_risk,
        requested_by=by,
    )
    audit.record(actor=by, action=Action.GUARD_REQUESTED, target=request, unit=site.unit)
    deciders = directory.guard_request_deciders(SecurityDesk.unit_for(site.unit))
    notify(
        recipients=deciders,
        title=lazy_text(gettext_lazy("Guard reinforcement requested for %(site)s"), site=site.name),
        url=reverse("alarms:guard_requests"),
    )
    return request


def guard_requests_waiting_for(person):
    """How many requests for guard cover wait for the person's decision (the security desk)."""
    if not SecurityDesk.roots_decided_by(person):
        return 0
    return GuardRequest.objects.decided_by(person).filter(status=RequestStatus.REQUESTED).count()


@transaction.atomic
def decide_guard_request(*, request, by, approve, note=""):
    if not access.decides_guard_requests(by, SecurityDesk.unit_for(request.site.unit)):
        raise PermissionDenied
    request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    request.decided_by, request.decided_at, request.decision_note = by, timezone.now(), note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=by,
        action=Action.GUARD_REQUEST_DECIDED,
        target=request,
        unit=request.site.unit,
        approved=approve,
    )
    people = [request.requested_by]
    if approve:
        people += list(request.site.guards.filter(is_active=True))
    notify(
        recipients=people,
        title=lazy_text(
            gettext_lazy("Guard reinforcement %(decision)s: %(site)s"),
            decision=_lower(RequestStatus(request.status).label),
            site=request.site.name,
        ),
        url=reverse("alarms:guard_requests"),
    )
    return request


# After the alarm -----------------------------------------------------------------------------


def report_from_alarm(*, alarm, by, **report):
    """The raiser's quick report after an alarm: the responders who came are its witnesses,
    the alarm is linked to the case and put on its timeline."""
    if alarm.raised_by_id != by.pk or alarm.incident_id:
        raise PermissionDenied
    with transaction.atomic():
        incident = report_incident(reporter=by, place=alarm.place[:200], **report)
        incident.witnesses.set([r.person for r in alarm.coming()])
        Alarm.objects.filter(pk=alarm.pk).update(incident=incident)
        _on_timeline(incident, alarm)
        _police_call_on_case(incident, alarm, by)
        audit.record(actor=by, action=Action.ALARM_REPORTED, target=alarm, unit=alarm.unit)
    return incident


def _police_call_on_case(incident, alarm, by):
    """A call to 112 during the alarm is carried into the case as the police called during the
    episode: never a police report, whose follow-up (72 hours) stays as it is."""
    if alarm.police_called_by_id is None:
        return
    if not incident.police_called:
        incident.police_called = True
        incident.save(update_fields=["police_called"])
    history.record(
        incident=incident,
        by=alarm.police_called_by,
        at=alarm.police_called_at,
        code="alarm_police_called",
        new=alarm.police_called_by.name,
    )
    audit.record(
        actor=by,
        action=Action.INCIDENT_POLICE_CALLED,
        target=incident,
        unit=incident.unit,
        alarm=alarm.pk,
        called_by=alarm.police_called_by_id,
    )


def _on_timeline(incident, alarm):
    history.record(
        incident=incident,
        by=alarm.raised_by,
        at=alarm.raised_at,
        code="alarm_raised",
        new={"level": alarm.level, "place": alarm.place},
    )
    if alarm.ended_at:
        history.record(
            incident=incident,
            by=alarm.ended_by,
            at=alarm.ended_at,
            code=f"alarm_{alarm.status}",
            new=[r.person for r in alarm.coming()],
        )


def console_for(guard):
    """What the guard's console shows (the front page shows it too); empty for a person who
    guards no site."""
    sites = list(Site.objects.guarded_by(guard).select_related("unit"))
    if not sites:
        return {}
    return {
        "sites": sites,
        "alarms": Alarm.objects.active()
        .filter(recipients__person=guard)
        .select_related("raised_by", "site__unit", "unit", "room__floor"),
        "reinforcements": GuardRequest.objects.approved()
        .filter(site__in=sites, ends_at__gte=timezone.now())
        .order_by("starts_at"),
    }
