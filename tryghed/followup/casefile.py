"""The case file for the municipality's journal (ESDH): a case as its reader may see it on the
follow-up page, with a header the journal system files it by (case number, unit, date of
printing, the classification). `collect` gives one plain dict; the PDF is that dict through a
template and the JSON is that dict as it is (schemas/case_file.schema.json), so the two never
disagree.

What goes in is what every reader of the case page is shown: the facts card and the
description, the timeline, the tasks with who does them and who settled them, and the case's
attachments and evidence by name and type (never their contents). What the page shows only to
some readers (the affected people's support contacts, the conversations with the citizen)
stays out, so the file is the same whoever of the case's readers prints it."""

import json

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tryghed.core import pdf as pdfs
from tryghed.organizations.models import Unit

FORMAT = "tryghed.case-file"
VERSION = 1
SCHEMA_NAME = "case_file.schema.json"


def classification():
    return pgettext("classification", "Confidential – personal data")  # noqa: RUF001


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)


def pdf(data):
    return pdfs.from_template("followup/case_file_pdf.html", {"data": data})


def collect(incident, reader):
    """The case file as plain JSON values, labels in Danish. `incident` is loaded with the
    case page's facts (views.CASE_FACTS)."""
    with translation.override(settings.LANGUAGE_CODE):
        tasks = list(incident.tasks.prefetch_related("assignees").select_related("completed_by"))
        return {
            "format": FORMAT,
            "version": VERSION,
            "header": _header(incident, reader),
            "case": _facts(incident, has_tasks=bool(tasks)),
            "timeline": _timeline(incident),
            "tasks": [_task(task) for task in sorted(tasks, key=_by_deadline)],
            "documents": _documents(incident),
        }


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _choice(code, label):
    return {"code": str(code), "label": str(label)} if code else None


def _name(person):
    return person.name if person is not None and person.name else _("Someone (anonymised)")


def _header(incident, reader):
    root = Unit.objects.get(pk=incident.unit.ancestor_ids(include_self=True)[-1])
    return {
        "case_number": incident.number,
        "unit": {"name": incident.unit.name, "code": incident.unit.code},
        "municipality": root.name,
        "printed_at": _moment(timezone.now()),
        "printed_by": reader.name,
        "classification": str(classification()),
    }


def _status(incident, has_tasks):
    """As the case page's facts card says it."""
    if incident.is_voided:
        return _choice("voided", _("Registered in error"))
    if incident.closed_at:
        return _choice("closed", _("Closed"))
    if has_tasks:
        return _choice("in_follow_up", _("In follow-up"))
    return _choice("open", _("Open"))


def _facts(incident, *, has_tasks):
    return {
        "kind": _choice(incident.kind, incident.get_kind_display()),
        "acts": [str(act.label) for act in incident.acts.all()],
        "occurred_at": _moment(incident.occurred_at),
        "reported_at": _moment(incident.reported_at),
        "reported_by": _name(incident.reported_by),
        "place_kind": _choice(incident.place_kind, incident.get_place_kind_display()),
        "place": incident.place,
        "affected": [person.name for person in incident.affected.all()],
        "severity": _choice(
            incident.experienced_severity, incident.get_experienced_severity_display()
        ),
        "manager_severity": _choice(
            incident.manager_severity or "", incident.get_manager_severity_display() or ""
        ),
        "is_serious": incident.is_serious,
        "status": _status(incident, has_tasks),
        "closed_at": _moment(incident.closed_at),
        "description": incident.description,
    }


def _timeline(incident):
    """The report, then every line of the case's history, oldest first, as the page shows it."""
    reported = {
        "at": _moment(incident.reported_at),
        "by": _name(incident.reported_by),
        "code": "reported",
        "what": _("Reported the episode"),
        "old": "",
        "new": "",
    }
    return [reported] + [
        {
            "at": _moment(change.changed_at),
            "by": _name(change.changed_by),
            "code": change.field,
            "what": change.label,
            "old": change.shown_old,
            "new": change.shown_new,
        }
        for change in incident.changes.select_related("changed_by")
    ]


def _by_deadline(task):
    return (task.due_at, task.order, task.pk)


def _task(task):
    return {
        "title": str(task.label),
        "kind": _choice(task.kind, task.get_kind_display()),
        "status": _choice(task.status, task.get_status_display()),
        "is_required": task.is_required,
        "due_at": _moment(task.due_at),
        "assigned_to": _choice(task.assignee, task.get_assignee_display()),
        "assignees": sorted(person.name for person in task.assignees.all()),
        "completed_at": _moment(task.completed_at),
        "completed_by": task.completed_by.name if task.completed_by else None,
        "note": task.note,
    }


def _documents(incident):
    attachments = [
        _document("attachment", _("Attachment"), item, item.uploaded_at, item.uploaded_by)
        for item in incident.attachments.select_related("uploaded_by")
    ]
    evidence = [
        _document("evidence", _("Evidence"), item, item.added_at, item.added_by)
        for item in incident.evidence.select_related("added_by")
    ]
    return attachments + evidence


def _document(code, label, item, added_at, added_by):
    return {
        "kind": _choice(code, label),
        "name": item.name,
        "content_type": item.content_type,
        "size": item.size,
        "sha256": item.sha256,
        "added_at": _moment(added_at),
        "added_by": _name(added_by),
    }
