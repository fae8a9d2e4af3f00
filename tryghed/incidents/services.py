"""The use cases of the register. `report_incident` is the one way an episode comes into
being: the quick report, the bulk log of minor episodes, and later alarms and imports."""

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from zipstream import ZipStream

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.core import inert, memo
from tryghed.incidents import history
from tryghed.incidents.models import (
    Attachment,
    Correction,
    CorrectionKind,
    Evidence,
    Incident,
    IncidentChange,
    Perpetrator,
    PerpetratorCategory,
)
from tryghed.incidents.signals import incident_reported, report_changed
from tryghed.incidents.uploads import sha256
from tryghed.notifications.services import lazy_text, notify
from tryghed.organizations import directory

# A phone's clock may run a little ahead of the server's: "now" must not be refused.
CLOCK_TOLERANCE = timedelta(minutes=5)
# Send, Back, Send again: the same report from the same person within this time is asked
# about before it becomes a second case.
REPEAT_WINDOW = timedelta(minutes=10)


class AlreadyReported(Exception):
    """The person sent the same episode moments ago (`earlier`); the form asks whether to
    send it again."""

    def __init__(self, earlier):
        super().__init__(earlier.pk)
        self.earlier = earlier


def report_incident(
    *,
    reporter,
    unit,
    kind,
    occurred_at,
    severity,
    description,
    affected=(),
    acts=(),
    triggers=(),
    perpetrator_category="",
    submission_key=None,
    reported_at=None,
    notify_people=True,
    refuse_repeat=False,
    **details,
):
    """Register an episode and tell those who must know. With a `submission_key` already
    used, the episode it made is returned instead: a double tap makes one episode.
    `reported_at` is now unless an import or the demo brings an older report. With
    `refuse_repeat`, the same report sent moments ago under another key raises
    AlreadyReported instead of making a second case."""
    if submission_key is not None:
        earlier = Incident.objects.filter(submission_key=submission_key).first()
        if earlier is not None and earlier.reported_by_id == reporter.pk:
            return earlier
        if earlier is not None:
            submission_key = None  # someone else's key: a new episode with a key of its own
    if refuse_repeat:
        _refuse_repeat(reporter, occurred_at, description)
    now = reported_at or timezone.now()
    if occurred_at > now + CLOCK_TOLERANCE:
        raise ValueError("an episode cannot happen in the future")
    affected = list(affected) or [reporter]
    try:
        # One unit tree for the report and everything its signals decide (memo.kept).
        with transaction.atomic(), memo.kept():
            incident = Incident.objects.create(
                unit=unit,
                kind=kind,
                occurred_at=min(occurred_at, now),
                reported_at=now,
                reported_by=reporter,
                experienced_severity=severity,
                severity_given_by=reporter,
                description=description,
                perpetrator_category=perpetrator_category,
                **({"submission_key": submission_key} if submission_key else {}),
                **details,
            )
            # A new episode has no links yet: added, not set (set reads the old ones first).
            incident.affected.add(*affected)
            incident.acts.add(*acts)
            incident.triggers.add(*triggers)
            incident_reported.send(Incident, incident=incident)
            audit.record(
                actor=reporter,
                action=Action.INCIDENT_REPORTED,
                target=incident,
                unit=unit,
                subjects=affected,
            )
            if notify_people:
                _tell_unit(incident, count=1)
                _tell_affected(incident)
    except IntegrityError:
        # Two taps raced each other past the check above: the other one won.
        winner = submission_key and Incident.objects.filter(submission_key=submission_key).first()
        if not winner:
            raise
        return winner
    return incident


def _refuse_repeat(reporter, occurred_at, description):
    earlier = (
        Incident.objects.just_reported(
            reporter=reporter,
            occurred_at=occurred_at,
            description=description,
            within=REPEAT_WINDOW,
        )
        .order_by("-reported_at")
        .first()
    )
    if earlier is not None:
        raise AlreadyReported(earlier)


@transaction.atomic
def report_minor_incidents(*, reporter, unit, entries, submission_key=None, refuse_repeat=False):
    """The end-of-shift log: each minor episode becomes its own case; the managers and safety
    reps are told once. With the form's key, a double tap registers nothing twice; with
    `refuse_repeat`, a log whose rows were sent moments ago raises AlreadyReported."""
    keys = (
        [uuid.uuid5(submission_key, str(row)) for row in range(len(entries))]
        if submission_key
        else []
    )
    earlier = list(Incident.objects.filter(submission_key__in=keys, reported_by=reporter))
    if earlier:
        return earlier
    if refuse_repeat:
        for entry in entries:
            _refuse_repeat(reporter, entry["occurred_at"], entry["description"])
    incidents = [
        report_incident(
            reporter=reporter,
            unit=unit,
            notify_people=False,
            is_minor_log=True,
            submission_key=keys[row] if keys else None,
            **entry,
        )
        for row, entry in enumerate(entries)
    ]
    if incidents:
        _tell_unit(incidents[0], count=len(incidents))
    return incidents


def told_of(incident):
    """Who is told of a new episode: the unit's nearest managers and safety reps, except the
    person who reported it. The receipt names them, so it says what the notice did."""
    people = set(directory.managers_and_safety_reps_of(incident.unit)) - {incident.reported_by}
    return sorted(people, key=lambda person: person.pk)


def _tell_unit(incident, *, count):
    recipients = told_of(incident)
    if count == 1:
        title = lazy_text(_("A new episode in %(unit)s"), unit=incident.unit.name)
        url = incident.get_absolute_url()
    else:
        title = lazy_text(
            _("%(count)d minor episodes in %(unit)s"), count=count, unit=incident.unit.name
        )
        url = reverse("incidents:unit_list")
    notify(recipients=sorted(recipients, key=lambda p: p.pk), title=title, url=url)


def _tell_affected(incident):
    others = [person for person in incident.affected.all() if person != incident.reported_by]
    if others:
        notify(
            recipients=others,
            title=_("A colleague has reported an episode that happened to you"),
            url=incident.get_absolute_url(),
        )


def update_report(*, form, editor):
    """Save a validated form of the full report, with one history line per changed field
    (who, when, from what to what)."""
    incident = form.instance
    changed = [name for name in form.changed_data if name != "send_anyway"]
    changes = [
        history.line(
            incident=incident,
            by=editor,
            code=name,
            old=form.initial.get(name),
            new=form.cleaned_data.get(name),
        )
        for name in changed
    ]
    with transaction.atomic():
        if "experienced_severity" in changed:
            incident.severity_given_by = editor
        if "perpetrator_reference" in changed:
            incident.perpetrator = _perpetrator(
                incident, form.cleaned_data["perpetrator_reference"]
            )
        form.save()
        IncidentChange.objects.bulk_create(changes)
        report_changed.send(Incident, incident=incident, changed=changed)
        if changes:
            audit.record(
                actor=editor,
                action=Action.INCIDENT_CHANGED,
                target=incident,
                unit=incident.unit,
                subjects=list(incident.affected.all()),
                fields=[change.field for change in changes],
            )
    return changes


def _perpetrator(incident, reference):
    """The unit's pseudonymous record for this reference: the same reference links episodes."""
    if not reference:
        return None
    perpetrator, _created = Perpetrator.objects.get_or_create(
        unit=incident.unit,
        reference=reference,
        defaults={"category": incident.perpetrator_category or PerpetratorCategory.UNKNOWN},
    )
    return perpetrator


def assess_incident(*, form, by):
    """The manager's own assessment, beside the employee's experience (which it never
    replaces)."""
    incident = form.instance
    with transaction.atomic():
        incident.manager_assessed_by = by
        update_report(form=form, editor=by)
        audit.record(actor=by, action=Action.INCIDENT_ASSESSED, target=incident, unit=incident.unit)


def add_attachment(*, incident, upload, content_type, uploaded_by):
    with transaction.atomic():
        attachment = Attachment.objects.create(
            incident=incident,
            file=upload,
            name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            sha256=sha256(upload),
            uploaded_by=uploaded_by,
        )
        history.record(
            incident=incident, by=uploaded_by, code="attachment_added", new=attachment.name
        )
        audit.record(
            actor=uploaded_by,
            action=Action.ATTACHMENT_ADDED,
            target=incident,
            unit=incident.unit,
            attachment=attachment.pk,
        )
    return attachment


@transaction.atomic
def add_correction(*, incident, by, kind, text):
    """An affected employee's (or the reporter's) correction or objection: kept beside the
    case, which it does not change; a line in the case's history, an audit event, and the
    unit's managers are told there is something for them (never what it says).
    Returns (the correction, the people told)."""
    correction = Correction.objects.create(incident=incident, kind=kind, text=text, added_by=by)
    code = "objection_added" if kind == CorrectionKind.OBJECTION else "correction_added"
    history.record(incident=incident, by=by, code=code)
    audit.record(
        actor=by,
        action=Action.CORRECTION_ADDED,
        target=incident,
        unit=incident.unit,
        subjects=list(incident.affected.all()),
        correction=correction.pk,
        kind=kind,
    )
    managers = [person for person in directory.managers_of(incident.unit) if person != by]
    title = lazy_text(_("A correction has been added to case %(number)s"), number=incident.number)
    told = notify(
        recipients=managers,
        title=title,
        url=incident.get_absolute_url() + "#corrections",
    )
    return correction, [notification.recipient for notification in told]


def void_incident(*, incident, by, reason):
    """Registered in error: the episode leaves lists and statistics, and stays on record. The
    first marking stands."""
    if incident.is_voided:
        return
    with transaction.atomic():
        incident.voided_at = timezone.now()
        incident.voided_by = by
        incident.void_reason = reason
        incident.save(update_fields=["voided_at", "voided_by", "void_reason"])
        history.record(incident=incident, by=by, code="case_voided", new=reason)
        audit.record(actor=by, action=Action.INCIDENT_VOIDED, target=incident, unit=incident.unit)


@transaction.atomic
def add_evidence(*, incident, upload, content_type, source_url, captured_at, added_by):
    """Secure one piece of evidence with its SHA-256; it is never replaced."""
    evidence = Evidence.objects.create(
        incident=incident,
        file=upload,
        name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        sha256=sha256(upload),
        source_url=source_url,
        captured_at=captured_at,
        added_by=added_by,
    )
    history.record(
        incident=incident,
        by=added_by,
        code="evidence_secured",
        new=f"{evidence.name} (SHA-256 {evidence.sha256[:12]}…)",
    )
    audit.record(
        actor=added_by,
        action=Action.EVIDENCE_ADDED,
        target=incident,
        unit=incident.unit,
        evidence=evidence.pk,
    )
    return evidence


def evidence_zip(incident):
    """The evidence for the police: every file, and a manifest with names, hashes, times and
    addresses. A ZipStream: the ZIP is made while it is sent, each file read from storage a
    piece at a time, so a case with hundreds of megabytes downloads in constant memory. Files
    are stored, not compressed (screenshots and PDFs are compressed already), so its length
    is known before the first byte."""
    archive = ZipStream(sized=True)
    rows = [["fil", "sha256", "bytes", "optaget", "sikret", "sikret af", "adresse"]]
    for number, item in enumerate(incident.evidence.select_related("added_by"), start=1):
        stored_name = f"{number:02d}-{_safe_name(item.name)}"
        archive.add(_chunks(item.file), stored_name, size=item.size)
        rows.append(
            [
                stored_name,
                item.sha256,
                str(item.size),
                timezone.localtime(item.captured_at).isoformat(timespec="minutes"),
                timezone.localtime(item.added_at).isoformat(timespec="minutes"),
                item.added_by.name,
                item.source_url,
            ]
        )
    archive.add(inert.csv_text(rows), "manifest.csv")
    return archive


def _chunks(stored, size=256 * 1024):
    """A stored file, opened when the ZIP comes to it and read a piece at a time."""
    with stored.storage.open(stored.name, "rb") as content:
        yield from content.chunks(size)


def _safe_name(name):
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:80] or "fil"
