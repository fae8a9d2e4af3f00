"""The alarm's lines on the case it became (incidents.history): their codes, labels and how
their values read. Registered from AlarmsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from tryghed.alarms.models import Level, Status
from tryghed.incidents.history import Event, data, names

_levels = dict(Level.choices)


def _raised(value):
    parts = data(value)
    if not isinstance(parts, dict):
        return value
    level = _levels.get(parts.get("level"), parts.get("level"))
    return _("%(level)s at %(place)s") % {"level": level, "place": parts.get("place", "")}


def _police_called(name):
    return _("%(name)s said during the alarm that they were calling 112 (not a police report)") % {
        "name": name
    }


EVENTS = {
    "alarm_raised": Event(_("Alarm raised"), _raised),
    "alarm_police_called": Event(_("Police called during the episode"), _police_called),
    f"alarm_{Status.RESOLVED}": Event(Status.RESOLVED.label, names),
    f"alarm_{Status.CANCELLED}": Event(Status.CANCELLED.label, names),
}
