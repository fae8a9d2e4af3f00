"""The retention sweep: for each municipality and each confirmed `RetentionRule`, what has
passed its period is anonymised or removed, in bounded batches of one transaction each, so no
lock is held for long and a quick report is never kept waiting. Two workers may sweep at once:
each batch locks the rows it takes with SKIP LOCKED, so a row is handled by one of them.

`plan()` counts what the next sweep would do with the same queries the sweep uses."""

import calendar
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tryghed import audit
from tryghed.alarms.models import Alarm, AlarmRecipient, Status
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup.models import (
    Block,
    Briefing,
    CitizenConversation,
    FollowUpTask,
    PoliceReport,
    PostRemoval,
    SparringSession,
    WorkInjuryReport,
)
from tryghed.incidents.models import (
    AnonymisedAffected,
    Attachment,
    Correction,
    Evidence,
    Incident,
    IncidentChange,
    Perpetrator,
    Share,
)
from tryghed.organizations import access
from tryghed.organizations.models import Municipality, RetentionKind, RetentionRule
from tryghed.retention.models import LegalHold

BATCH_SIZE = 500

AUDIT_ACTIONS = {
    RetentionKind.CASES: Action.RETENTION_CASES_ANONYMISED,
    RetentionKind.FILES: Action.RETENTION_FILES_DELETED,
    RetentionKind.BLOCKS: Action.RETENTION_BLOCKS_REMOVED,
    RetentionKind.PERPETRATORS: Action.RETENTION_PERPETRATORS_REMOVED,
    RetentionKind.AUDIT: Action.RETENTION_AUDIT_PURGED,
    RetentionKind.ALARMS: Action.RETENTION_ALARMS_CLEARED,
}


@dataclass
class Planned:
    rule: RetentionRule
    count: int

    @property
    def is_confirmed(self):
        return self.rule.is_confirmed


def months_before(moment, months):
    """The same day `months` earlier (the month's last day where it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff(rule, now):
    return months_before(now, rule.months)


# What each rule finds ------------------------------------------------------------------------


def _held(now):
    return LegalHold.objects.in_force(timezone.localdate(now)).filter(incident=OuterRef("pk"))


def _cases_of(root_id):
    return Incident.objects.filter(unit__in=access.tree().descendants([root_id]))


def _ended_before(moment):
    """Closed, or registered in error, before `moment`."""
    return Q(closed_at__lt=moment) | Q(closed_at__isnull=True, voided_at__lt=moment)


def _pending_review(model, field, now):
    """Rows of `model` pointing (by `field`) at the outer row whose review date is ahead."""
    return model.objects.filter(
        **{field: OuterRef("pk"), "review_on__gte": timezone.localdate(now)}
    )


def expired_cases(rule, now):
    """Cases closed longer than the period, not yet anonymised, not on hold, and without a
    block or agreements with the citizen still to be reviewed."""
    return (
        _cases_of(rule.municipality_id)
        .filter(_ended_before(cutoff(rule, now)), anonymised_at__isnull=True)
        .exclude(Exists(_held(now)))
        .exclude(Exists(_pending_review(Block, "incident", now)))
        .exclude(Exists(_pending_review(CitizenConversation, "incident", now)))
    )


def expired_files(rule, now):
    """Cases whose attachments or evidence files have passed the period (not on hold)."""
    has_files = Q(Exists(Attachment.objects.filter(incident=OuterRef("pk")))) | Q(
        Exists(Evidence.objects.filter(incident=OuterRef("pk")))
    )
    return (
        _cases_of(rule.municipality_id)
        .filter(_ended_before(cutoff(rule, now)))
        .filter(has_files)
        .exclude(Exists(_held(now)))
    )


def expired_blocks(rule, now):
    """Blocks past their review date (plus the period) whose case is no longer open."""
    last_day = months_before(timezone.localdate(now), rule.months)
    open_case = Incident.objects.open().filter(pk=OuterRef("incident_id"))
    return (
        Block.objects.filter(incident__in=_cases_of(rule.municipality_id), review_on__lt=last_day)
        .exclude(Exists(open_case))
        .exclude(
            Exists(
                LegalHold.objects.in_force(timezone.localdate(now)).filter(
                    incident=OuterRef("incident_id")
                )
            )
        )
    )


def expired_perpetrators(rule, now):
    """References no open case and no block refers to, without agreements still to be
    reviewed, whose last case ended longer ago than the period."""
    moment = cutoff(rule, now)
    recent_or_open = Incident.objects.filter(perpetrator=OuterRef("pk")).exclude(
        _ended_before(moment)
    )
    units = access.tree().descendants([rule.municipality_id])
    held = LegalHold.objects.in_force(timezone.localdate(now)).filter(
        incident__perpetrator=OuterRef("pk")
    )
    return (
        Perpetrator.objects.filter(unit__in=units, anonymised_at__isnull=True)
        .exclude(Exists(recent_or_open))
        .exclude(Exists(held))
        .exclude(Exists(Block.objects.filter(perpetrator=OuterRef("pk"))))
        .exclude(Exists(_pending_review(CitizenConversation, "perpetrator", now)))
        .filter(created_at__lt=moment)
    )


def expired_audit_events(rule, now):
    units = access.tree().descendants([rule.municipality_id])
    return AuditEvent.objects.filter(at__lt=cutoff(rule, now), unit__in=units)


def expired_alarms(rule, now):
    """Ended alarms older than the period that still hold who was alerted and where."""
    units = access.tree().descendants([rule.municipality_id])
    live = (
        Q(Exists(AlarmRecipient.objects.filter(alarm=OuterRef("pk"))))
        | Q(room__isnull=False)
        | Q(police_called_by__isnull=False)
        | Q(ended_by__isnull=False)
    )
    return (
        Alarm.objects.filter(unit__in=units, raised_at__lt=cutoff(rule, now))
        .exclude(status=Status.ACTIVE)
        .filter(live)
    )


FINDERS = {
    RetentionKind.CASES: expired_cases,
    RetentionKind.FILES: expired_files,
    RetentionKind.BLOCKS: expired_blocks,
    RetentionKind.PERPETRATORS: expired_perpetrators,
    RetentionKind.AUDIT: expired_audit_events,
    RetentionKind.ALARMS: expired_alarms,
}

# The order the sweep runs the rules in: blocks before the cases they keep, cases before the
# perpetrator references only they still pointed to, the audit log last.
ORDER = [
    RetentionKind.FILES,
    RetentionKind.BLOCKS,
    RetentionKind.CASES,
    RetentionKind.PERPETRATORS,
    RetentionKind.ALARMS,
    RetentionKind.AUDIT,
]


def rules(municipality=None):
    found = RetentionRule.objects.select_related("municipality__unit", "confirmed_by")
    if municipality is not None:
        found = found.filter(municipality=municipality)
    return sorted(found, key=lambda rule: (rule.municipality_id, ORDER.index(rule.kind)))


def plan(now=None, municipality=None):
    """What the next sweep would do: one `Planned` per rule, with the number of items."""
    now = now or timezone.now()
    return [Planned(rule, FINDERS[rule.kind](rule, now).count()) for rule in rules(municipality)]


# What each rule does to one batch ----------------------------------------------------------


def _delete_files_on_commit(names):
    names = [name for name in names if name]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def remove_files(pks):
    attachments = Attachment.objects.filter(incident__in=pks)
    evidence = Evidence.objects.filter(incident__in=pks)
    names = [*attachments.values_list("file", flat=True), *evidence.values_list("file", flat=True)]
    attachments.delete()
    evidence.delete()
    _delete_files_on_commit(names)
    return len(names)


def anonymise_cases(pks, rule, now):
    through = Incident.affected.through
    AnonymisedAffected.objects.bulk_create(
        AnonymisedAffected(incident_id=incident_id, employment_type=kind or "", job_title=title)
        for incident_id, kind, title in through.objects.filter(incident__in=pks).values_list(
            "incident_id", "user__employment_type", "user__job_title"
        )
    )
    through.objects.filter(incident__in=pks).delete()
    Incident.witnesses.through.objects.filter(incident__in=pks).delete()
    remove_files(pks)
    for model in (Share, Briefing, IncidentChange, Block, Correction, CitizenConversation):
        model.objects.filter(incident__in=pks).delete()
    SparringSession.objects.filter(task__incident__in=pks).update(
        planned_by=None, held_recorded_by=None
    )
    FollowUpTask.assignees.through.objects.filter(followuptask__incident__in=pks).delete()
    FollowUpTask.objects.filter(incident__in=pks).update(note="", completed_by=None)
    PoliceReport.objects.filter(incident__in=pks).update(
        text="", send_error="", sent_by=None, signed_recorded_by=None, copy_recorded_by=None
    )
    WorkInjuryReport.objects.filter(incident__in=pks).update(reference="")
    PostRemoval.objects.filter(incident__in=pks).update(post_url="", removed_by=None)
    LegalHold.objects.filter(incident__in=pks).update(reason="")
    return Incident.objects.filter(pk__in=pks).update(
        reported_by=None,
        severity_given_by=None,
        manager_assessed_by=None,
        voided_by=None,
        description="",
        place="",
        other_witnesses="",
        injury="",
        property_damage="",
        links="",
        void_reason="",
        wants_talk="",
        anonymised_at=now,
    )


def remove_blocks(pks, rule, now):
    return Block.objects.filter(pk__in=pks).delete()[0]


def anonymise_perpetrators(pks, rule, now):
    # What was agreed with the person goes with the reference that stood for them.
    CitizenConversation.objects.filter(perpetrator__in=pks).delete()
    for pk in pks:
        # A token that says nothing: the row stays so repeat episodes still count as one person.
        Perpetrator.objects.filter(pk=pk).update(reference=f"anonymiseret-{pk}", anonymised_at=now)
    return len(pks)


def clear_alarms(pks, rule, now):
    AlarmRecipient.objects.filter(alarm__in=pks).delete()
    return Alarm.objects.filter(pk__in=pks).update(room=None, police_called_by=None, ended_by=None)


def purge_audit_events(pks, rule, now):
    """The log is append-only: on PostgreSQL the trigger refuses every change and deletion,
    except inside audit_purge(), which deletes given events older than a cutoff (migration
    audit 0004). SQLite has no trigger; the ORM's guard is bypassed with plain SQL."""
    if not pks:
        return 0
    moment = cutoff(rule, now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT audit_purge(%s::bigint[], %s)", [list(pks), moment])
            return cursor.fetchone()[0]
        marks = ",".join(["%s"] * len(pks))
        cursor.execute(
            f"DELETE FROM audit_auditevent_subjects WHERE auditevent_id IN ({marks})", list(pks)
        )
        cursor.execute(f"DELETE FROM audit_auditevent WHERE id IN ({marks})", list(pks))
        return cursor.rowcount


def files_of(pks, rule, now):
    return remove_files(pks)


ACTIONS = {
    RetentionKind.CASES: anonymise_cases,
    RetentionKind.FILES: files_of,
    RetentionKind.BLOCKS: remove_blocks,
    RetentionKind.PERPETRATORS: anonymise_perpetrators,
    RetentionKind.AUDIT: purge_audit_events,
    RetentionKind.ALARMS: clear_alarms,
}


# The sweep ----------------------------------------------------------------------------------


def sweep(now=None, batch_size=BATCH_SIZE, on_batch=None):
    """Apply every confirmed rule; returns {(municipality id, kind): items handled}. Each batch
    is one transaction; `on_batch(kind, seconds)` is told how long each took (benchmarks)."""
    now = now or timezone.now()
    done = {}
    for rule in rules():
        if rule.is_confirmed:
            done[(rule.municipality_id, rule.kind)] = _apply(rule, now, batch_size, on_batch)
    return done


def _apply(rule, now, batch_size, on_batch):
    total = 0
    while True:
        started = timezone.now()
        with transaction.atomic():
            handled = _one_batch(rule, now, batch_size)
        if on_batch:
            on_batch(rule.kind, (timezone.now() - started).total_seconds())
        total += handled
        if handled < batch_size:
            return total


def _one_batch(rule, now, batch_size):
    found = FINDERS[rule.kind](rule, now).order_by("pk")
    pks = list(
        found.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
            :batch_size
        ]
    )
    if not pks:
        return 0
    handled = ACTIONS[rule.kind](pks, rule, now)
    audit.record(
        actor=None,
        action=AUDIT_ACTIONS[rule.kind],
        unit=rule.municipality.unit,
        rule=rule.kind,
        months=rule.months,
        counted_from=rule.from_event,
        items=len(pks),
        handled=handled,
    )
    return len(pks)


def confirm(*, rule, by, request=None):
    """An administrator confirms a rule as it stands; from then on the sweep acts on it."""
    with transaction.atomic():
        rule.confirm(by=by, at=timezone.now())
        audit.record(
            actor=by,
            action=Action.RETENTION_RULE_CONFIRMED,
            unit=rule.municipality.unit,
            request=request,
            rule=rule.kind,
            months=rule.months,
            counted_from=rule.from_event,
        )


def municipalities():
    return Municipality.objects.select_related("unit").order_by("unit__name")


def place_legal_hold(*, incident, by, ground, reason, ends_on, request=None):
    with transaction.atomic():
        hold = LegalHold.objects.create(
            incident=incident, ground=ground, reason=reason, ends_on=ends_on, placed_by=by
        )
        audit.record(
            actor=by,
            action=Action.LEGAL_HOLD_PLACED,
            target=incident,
            unit=incident.unit,
            request=request,
            ground=ground,
            ends_on=ends_on.isoformat(),
        )
    return hold


def holds_in(root_ids, today=None):
    """Holds in force on cases in the given municipalities, soonest end first."""
    units = access.tree().descendants(root_ids)
    return (
        LegalHold.objects.in_force(today)
        .filter(incident__unit__in=units)
        .select_related("incident", "incident__unit")
    )
