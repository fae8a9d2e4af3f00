"""A person's own copy of their data (GDPR art. 15): everything Tryghed holds about them, as a
machine-readable JSON (schemas/own_data.schema.json) and a readable PDF, in one ZIP.

The rule for other people's data: the copy holds what the person could see in Tryghed.
A case they may open (they reported it, it happened to them, or their role or a share lets
them read it) comes with what its page shows them, other people's names included. A case
they are only named in as a witness, and may not open, says only that: its number, day and
unit, and nothing about anyone else. Support contacts, follow-up tasks, notifications,
alarms and the log of reads are their own, as the pages that show them to the person."""

import io
import json
import zipfile

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tryghed import audit
from tryghed.alarms.models import Alarm, AlarmRecipient, Site, Workplace
from tryghed.audit.models import Action, AuditEvent
from tryghed.audit.services import name_targets
from tryghed.followup.models import FollowUpTask
from tryghed.incidents.models import Incident
from tryghed.notifications.models import Notification
from tryghed.organizations import access, directory

FORMAT = "tryghed.own-data"
VERSION = 1
JSON_NAME = "mine-data.json"
PDF_NAME = "mine-data.pdf"


def produce(*, person, by, reason="", request=None):
    """The ZIP of `person`'s copy, produced by `by` (the person themself, or HR with the
    request's reason), and the audit entry the person sees in their own log."""
    data = collect(person)
    content = zip_bytes(data)
    own = by.pk == person.pk
    audit.record(
        actor=by,
        action=Action.OWN_COPY_DOWNLOADED if own else Action.COPY_PRODUCED,
        unit=_root_of(person),
        subjects=[person],
        purpose=reason,
        request=request,
        cases=len(data["cases"]),
    )
    return content


def zip_bytes(data):
    """The JSON and the PDF in one ZIP, built in memory: a person's copy is small."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, to_json(data))
        archive.writestr(PDF_NAME, pdf(data))
    return out.getvalue()


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)


def pdf(data):
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("privacy/own_data_pdf.html", {"data": data})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def collect(person):
    """Everything about `person`, as plain JSON values, labels in Danish."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "format": FORMAT,
            "version": VERSION,
            "produced_at": _moment(timezone.now()),
            "person": _person(person),
            "support_contacts": _support_contacts(person),
            "memberships": _memberships(person),
            "cases": _cases(person),
            "tasks": _tasks(person),
            "notifications": _notifications(person),
            "alarms_raised": _alarms_raised(person),
            "alarms_answered": _alarms_answered(person),
            "reads": _reads(person),
        }


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _day(value):
    return value.isoformat() if value else None


def _choice(code, label):
    return {"code": code, "label": str(label)} if code else None


def _root_of(person):
    membership = person.memberships.select_related("unit").first()
    if membership is None:
        return None
    root_id = access.tree().ancestors(membership.unit_id, include_self=True)[-1]
    return type(membership.unit).objects.get(pk=root_id)


def _person(person):
    return {
        "name": person.name,
        "email": person.email,
        "job_title": person.job_title,
        "employment_type": _choice(person.employment_type, person.get_employment_type_display()),
        "started_on": _day(person.started_on),
        "joined_at": _moment(person.joined_at),
        "is_active": person.is_active,
        "workplace": _workplace(person),
        "guards_sites": [
            site.name for site in Site.objects.filter(guards=person).select_related("unit")
        ],
    }


def _workplace(person):
    """Where the person usually sits: the panic button starts from here."""
    workplace = (
        Workplace.objects.filter(person=person).select_related("room__floor__site__unit").first()
    )
    return f"{workplace.room.floor.site}, {workplace.room}" if workplace else None


def _support_contacts(person):
    return [
        {
            "kind": _choice(contact.kind, contact.get_kind_display()),
            "name": contact.shown_name,
            "relation": contact.relation,
            "phone": contact.phone,
        }
        for contact in person.support_contacts.all()
    ]


def _memberships(person):
    titles = {unit.pk: str(title) for title, unit in directory.titles(person)}
    return [
        {
            "unit": membership.unit.name,
            "role": _choice(membership.role, membership.get_role_display()),
            "title": titles.get(membership.unit_id, membership.role_label()),
        }
        for membership in person.memberships.select_related("unit", "user")
    ]


def _cases(person):
    named = Q(reported_by=person) | Q(affected=person) | Q(witnesses=person)
    pks = Incident.objects.filter(named).values("pk")
    readable = set(
        Incident.objects.visible_to(person).filter(pk__in=pks).values_list("pk", flat=True)
    )
    incidents = (
        Incident.objects.filter(pk__in=pks)
        .select_related("unit", "reported_by", "severity_given_by", "perpetrator", "voided_by")
        .prefetch_related(
            "affected",
            "witnesses",
            "acts",
            "triggers",
            "attachments",
            "changes__changed_by",
            "corrections__added_by",
        )
        .order_by("occurred_at", "pk")
    )
    return [_case(incident, person, incident.pk in readable) for incident in incidents]


def _relations(incident, person):
    relations = []
    if incident.reported_by_id == person.pk:
        relations.append("reporter")
    if person in incident.affected.all():
        relations.append("affected")
    if person in incident.witnesses.all():
        relations.append("witness")
    return relations


def _case(incident, person, readable):
    case = {
        "number": incident.number,
        "relations": _relations(incident, person),
        "occurred_on": _day(timezone.localtime(incident.occurred_at).date()),
        "unit": incident.unit.name,
        "may_open": readable,
    }
    if readable:
        case["details"] = _details(incident)
        case["details"]["corrections"] = _corrections(incident, person)
    return case


def _details(incident):
    """What the case's page shows the person (components/incident_facts.html and its history)."""
    return {
        "status": _status(incident),
        "kind": _choice(incident.kind, incident.get_kind_display()),
        "occurred_at": _moment(incident.occurred_at),
        "reported_at": _moment(incident.reported_at),
        "reported_by": incident.reported_by.name,
        "affected": [p.name for p in incident.affected.all()],
        "severity": _choice(
            str(incident.experienced_severity), incident.get_experienced_severity_display()
        ),
        "severity_given_by": incident.severity_given_by.name,
        "manager_severity": _choice(
            str(incident.manager_severity or ""), incident.get_manager_severity_display() or ""
        ),
        "description": incident.description,
        "place_kind": _choice(incident.place_kind, incident.get_place_kind_display()),
        "place": incident.place,
        "acts": [str(act.label) for act in incident.acts.all()],
        "triggers": [str(trigger.label) for trigger in incident.triggers.all()],
        "perpetrator": _choice(
            incident.perpetrator_category, incident.get_perpetrator_category_display()
        ),
        "perpetrator_reference": incident.perpetrator.reference if incident.perpetrator else "",
        "witnesses": [p.name for p in incident.witnesses.all()],
        "other_witnesses": incident.other_witnesses,
        "is_injured": incident.is_injured,
        "injury": incident.injury,
        "absence_from": _day(incident.absence_from),
        "absence_days": incident.absence_days,
        "property_damage": incident.property_damage,
        "police_called": incident.police_called,
        "wants_talk": _choice(incident.wants_talk, incident.get_wants_talk_display()),
        "platform": _choice(incident.platform, incident.get_platform_display()),
        "links": incident.links.splitlines(),
        "harasser_type": _choice(incident.harasser_type, incident.get_harasser_type_display()),
        "void_reason": incident.void_reason,
        "attachments": [item.name for item in incident.attachments.all()],
        "history": [
            {
                "at": _moment(change.changed_at),
                "by": change.changed_by.name,
                "code": change.field,
                "what": change.label,
                "old": change.shown_old,
                "new": change.shown_new,
            }
            for change in incident.changes.all()
        ],
    }


def _corrections(incident, person):
    """The corrections and objections the case's page shows beside it, the person's own marked."""
    return [
        {
            "kind": _choice(correction.kind, correction.get_kind_display()),
            "by": correction.added_by.name,
            "by_you": correction.added_by_id == person.pk,
            "at": _moment(correction.added_at),
            "text": correction.text,
        }
        for correction in incident.corrections.all()
    ]


def _status(incident):
    if incident.is_voided:
        return _choice("voided", translation.gettext("Registered in error"))
    if incident.is_open:
        return _choice("open", translation.gettext("Open"))
    return _choice("closed", translation.gettext("Closed"))


def _tasks(person):
    tasks = (
        FollowUpTask.objects.assigned_to(person)
        .visible_to(person)
        .select_related("incident")
        .order_by("due_at", "pk")
    )
    return [
        {
            "case": task.incident.number,
            "title": str(task.label),
            "kind": _choice(task.kind, task.get_kind_display()),
            "status": _choice(task.status, task.get_status_display()),
            "due_at": _moment(task.due_at),
            "completed_at": _moment(task.completed_at),
            "note": task.note,
        }
        for task in tasks
    ]


def _notifications(person):
    return [
        {
            "title": item.title,
            "created_at": _moment(item.created_at),
            "read_at": _moment(item.read_at),
            "emailed_at": _moment(item.emailed_at),
        }
        for item in Notification.objects.visible_to(person).order_by("created_at", "pk")
    ]


def _alarm(alarm):
    return {
        "raised_at": _moment(alarm.raised_at),
        "site": str(alarm.site),
        "unit": alarm.unit.name,
        "level": _choice(alarm.level, alarm.get_level_display()),
        "status": _choice(alarm.status, alarm.get_status_display()),
        "ended_at": _moment(alarm.ended_at),
    }


def _alarms_raised(person):
    alarms = Alarm.objects.filter(raised_by=person).select_related("site__unit", "unit")
    return [_alarm(alarm) for alarm in alarms.order_by("raised_at", "pk")]


def _alarms_answered(person):
    receipts = (
        AlarmRecipient.objects.filter(person=person)
        .exclude(answer="")
        .select_related("alarm__site__unit", "alarm__unit")
        .order_by("answered_at", "pk")
    )
    return [
        {
            **_alarm(receipt.alarm),
            "answer": _choice(receipt.answer, receipt.get_answer_display()),
            "answered_at": _moment(receipt.answered_at),
        }
        for receipt in receipts
    ]


def _reads(person):
    """The log of who looked at or did something with data about the person: the same events,
    names and labels as the page "Who has looked at my data"."""
    events = list(AuditEvent.objects.about(person).select_related("actor").order_by("at", "pk"))
    name_targets(events)
    return [
        {
            "at": _moment(event.at),
            "who": event.actor.name if event.actor else "",
            "action": _choice(event.action, event.get_action_display()),
            "what": str(event.target_label),
            "purpose": event.purpose,
        }
        for event in events
    ]
