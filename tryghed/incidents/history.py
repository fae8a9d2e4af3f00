"""The case's history stores codes, never words: each line (`IncidentChange`) has a code (a
field of the report, or an event such as "task_done") and its values as data (choice values,
dates in ISO, the codes of acts, free text as typed). What a line says is decided here when it
is read, in the reader's language: the one registry of codes, their labels and how their values
read. Apps above incidents (followup, alarms) register their events from their AppConfig.ready(),
so incidents never imports them."""

import json
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tryghed.core.wording import worded


def as_typed(value):
    return value


@dataclass(frozen=True)
class Event:
    """How a code reads: its label, and `show`, which turns a stored value into what people
    read (called only for a value that is not empty)."""

    label: str
    show: object = as_typed


_events = {}


def register(events):
    """Add {code: Event}. A code means one thing: giving it another label is an error."""
    for code, event in events.items():
        if _events.setdefault(code, event).label != event.label:
            raise ValueError(f"history code {code!r} is registered twice")


def label(code):
    """What the line is about, in the active language (the code itself if no app knows it)."""
    event = _events.get(code)
    return str(capfirst(event.label)) if event else code


def shown(code, value):
    event = _events.get(code)
    if not value or event is None:
        return value
    return str(event.show(value))


# Writing -----------------------------------------------------------------------------------


def stored(value):
    """A value as the history keeps it: data, never words in the writer's language."""
    if value is None or value == "" or value == [] or value == ():
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return _item(value)
    if isinstance(value, (list, tuple, models.QuerySet)):
        return json.dumps(sorted(_item(item) for item in value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _item(obj):
    """An entry of a list by its code (an act, a trigger), else its own name (a person's)."""
    if isinstance(obj, models.Model):
        return getattr(obj, "code", "") or getattr(obj, "name", "") or str(obj)
    return str(obj)


def line(*, incident, by, code, new="", old="", at=None):
    """One unsaved line of the history (for bulk_create)."""
    from tryghed.incidents.models import IncidentChange

    if code not in _events:
        raise ValueError(f"history code {code!r} is not registered")
    return IncidentChange(
        incident=incident,
        changed_by=by,
        changed_at=at or timezone.now(),
        field=code,
        old_value=stored(old),
        new_value=stored(new),
    )


def record(*, incident, by, code, new="", old="", at=None):
    change = line(incident=incident, by=by, code=code, new=new, old=old, at=at)
    change.save()
    return change


# Reading: helpers for the `show` of a code ----------------------------------------------------


def data(value):
    """A value stored as JSON; None for a value written before the history stored codes."""
    try:
        return json.loads(value)
    except ValueError:
        return None


def choice(choices):
    """Shows a choice value as its label; a value that is no longer a choice as stored."""
    labels = {str(key): text for key, text in choices}
    return lambda value: labels.get(value, value)


def yes_no(value):
    return {"true": _("Yes"), "false": _("No")}.get(value, value)


def moment(value):
    try:
        at = timezone.localtime(datetime.fromisoformat(value))
    except ValueError:
        return value
    return date_format(at, "SHORT_DATETIME_FORMAT")


def day(value):
    try:
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return value


def names(value):
    items = data(value)
    return ", ".join(items) if isinstance(items, list) else value


def list_entries(model):
    """Shows codes of a list (acts, triggers) in the reader's language; an entry without a code
    was stored by its own name and reads as such."""

    def show(value):
        items = data(value)
        if not isinstance(items, list):
            return value
        entries = {entry.code: entry.label for entry in model.objects.filter(code__in=items)}
        return ", ".join(sorted(str(entries.get(item, item)) for item in items))

    return show


def worded_title(wording):
    """Shows {"code", "title", "note"} (a copy such as a case's task) as its title in the
    reader's language (core.wording), then the note as typed."""

    def show(value):
        parts = data(value)
        if not isinstance(parts, dict):
            return value
        title = worded(parts.get("title", ""), parts.get("code", ""), wording)
        return f"{title}: {parts['note']}" if parts.get("note") else title

    return show


# The register's own codes -------------------------------------------------------------------


def incident_events():
    """The report's fields (what the full report and the manager's assessment change) and the
    register's own events."""
    from tryghed.incidents.models import Incident

    events = {field.name: _field_event(field) for field in _report_fields(Incident)}
    events.update(
        perpetrator_reference=Event(_("Reference for the person who did it")),
        attachment_added=Event(_("Attachment")),
        evidence_secured=Event(_("Evidence secured")),
        correction_added=Event(_("Added a correction")),
        objection_added=Event(_("Added an objection")),
        case_voided=Event(_("Registered in error")),
        written=Event(_("Earlier entry")),
    )
    return events


def _report_fields(model):
    """The fields a form of the report can change: not the links to people and the unit."""
    for field in model._meta.get_fields():
        is_link = field.many_to_one or field.one_to_one
        if getattr(field, "editable", False) and not field.auto_created and not is_link:
            yield field


def _field_event(field):
    if field.choices:
        show = choice(field.flatchoices)
    elif field.many_to_many:
        model = field.related_model
        show = list_entries(model) if hasattr(model, "WORDING") else names
    elif isinstance(field, models.BooleanField):
        show = yes_no
    elif isinstance(field, models.DateTimeField):
        show = moment
    elif isinstance(field, models.DateField):
        show = day
    else:
        show = as_typed
    return Event(field.verbose_name, show)
