"""The follow-up's lines on a case's history (incidents.history): their codes, labels and how
their values read. Registered from FollowupConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from tryghed.followup.models import (
    Audience,
    ConversationKind,
    PoliceReportStatus,
    RemovalRule,
    SparringForm,
)
from tryghed.followup.wording import TASK_TITLES
from tryghed.incidents.history import Event, choice, data, day, worded_title
from tryghed.incidents.models import Platform


def _with(key, shown, show_key):
    """Shows {key: …, show_key: …} as "key (shown show_key)"."""

    def show(value):
        parts = data(value)
        if not isinstance(parts, dict):
            return value
        return f"{parts.get(key, '')} ({shown(parts.get(show_key, ''))})"

    return show


def _shared(value):
    parts = data(value)
    if not isinstance(parts, dict):
        return value
    return f"{parts['name']}: {parts['reason']}" if parts.get("reason") else parts.get("name", "")


def _on_day(key, shown):
    """Shows {key: code, "day": ISO date} as "shown code, day"."""

    def show(value):
        parts = data(value)
        if not isinstance(parts, dict):
            return value
        return f"{shown(parts.get(key, ''))}, {day(parts.get('day', ''))}"

    return show


def _briefed(value):
    parts = data(value)
    if not isinstance(parts, dict):
        return value
    audience = choice(Audience.choices)(parts.get("audience", ""))
    return f"{parts.get('name', '')} ({audience}): {parts.get('summary', '')}"


_task = worded_title(TASK_TITLES)

EVENTS = {
    "task_done": Event(_("Task done"), _task),
    "task_not_relevant": Event(_("Task not relevant"), _task),
    "task_reopened": Event(_("Task reopened"), _task),
    "case_shared": Event(_("Shared with"), _shared),
    "risk_revision_requested": Event(_("The risk assessment is to be revised")),
    "measure_decided": Event(_("Measure decided")),
    "case_closed": Event(_("Case closed")),
    "case_reopened": Event(_("Case reopened")),
    "comment_added": Event(_("Comment")),
    "post_removal_decided": Event(
        _("Decided to remove a post"), _with("url", choice(RemovalRule.choices), "rule")
    ),
    "post_removed": Event(_("Post removed")),
    "block_decided": Event(
        _("Decided to block the citizen"), _with("profile", choice(Platform.choices), "platform")
    ),
    "block_carried_out": Event(
        _("IT has blocked the citizen"), _with("profile", choice(Platform.choices), "platform")
    ),
    "sparring_planned": Event(
        _("Sparring or supervision planned"), _on_day("form", choice(SparringForm.choices))
    ),
    "citizen_conversation_recorded": Event(
        _("Contact with the citizen recorded"), _on_day("kind", choice(ConversationKind.choices))
    ),
    "case_briefed": Event(_("Informed"), _briefed),
    "police_report_reviewed": Event(_("The employee has read the police report")),
    "police_report_sent": Event(_("Police report sent for signature")),
    "police_report_status": Event(_("Police report"), choice(PoliceReportStatus.choices)),
}
