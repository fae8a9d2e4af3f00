"""Information after an episode (the guideline's "Information efter en hændelse"): the center
head of the area decides which other center heads are told, and in serious cases tells the
executives and HR. What they are sent is a fixed summary, never the story: the employee's
account stays with those who may read the case."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.followup.models import Audience, Briefing
from tryghed.incidents import history
from tryghed.notifications.services import notify


def summary(incident):
    """Kind, day, unit and seriousness: what a briefing says, and nothing more."""
    facts = {
        "kind": incident.get_kind_display(),
        "day": date_format(timezone.localtime(incident.occurred_at), "DATE_FORMAT"),
        "unit": incident.unit.name,
    }
    if incident.is_serious:
        return _("For your information: a serious episode (%(kind)s) on %(day)s in %(unit)s.") % (
            facts
        )
    return _("For your information: an episode (%(kind)s) on %(day)s in %(unit)s.") % facts


def brief(*, incident, people, by, audience=Audience.CENTER_HEAD, send=True):
    """Tell each person once, with the summary (in their inbox unless `send` is off, as when a
    share has told them already); each is on the case's timeline and in the audit log."""
    text = summary(incident)[:200]
    told = []
    for person in people:
        briefing, created = Briefing.objects.get_or_create(
            incident=incident,
            person=person,
            defaults={"audience": audience, "summary": text, "told_by": by},
        )
        if created:
            told.append(_record(briefing, by))
    if send and told:
        notify(recipients=told, title=text)
    return told


def _record(briefing, by):
    incident, person = briefing.incident, briefing.person
    history.record(
        incident=incident,
        by=by,
        code="case_briefed",
        new={"name": person.name, "audience": briefing.audience, "summary": briefing.summary},
    )
    audit.record(
        actor=by,
        action=Action.CASE_BRIEFED,
        target=incident,
        unit=incident.unit,
        subjects=list(incident.affected.all()),
        person=person.pk,
        audience=briefing.audience,
    )
    return person
