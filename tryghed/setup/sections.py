"""The settings section: the settings an administrator edits often, each a `Section` with a
list and an edit page (add and delete where the administration allows them). Who may use a
section, and which rows, are access.py's rules; a section one may not use answers 404."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tryghed.followup.models import TaskTemplate
from tryghed.guidance.models import GuidancePoint
from tryghed.organizations import access
from tryghed.organizations.models import Contact, Municipality, RetentionRule
from tryghed.setup import forms


@dataclass(frozen=True)
class Section:
    key: str  # in the URL, and the audit event's `setting`
    title: Any
    intro: Any
    form: type
    rows: Any  # (user) -> the queryset the person may see and edit; empty for those who may not
    may_use: Any  # (user) -> bool
    group: Any  # (row) -> the heading it is listed under
    detail: Any  # (row) -> the short line beside its name in the list
    unit: Any = None  # (row) -> the unit an audit event names, or None
    may_add: bool = False
    may_delete: bool = False
    prepare: Any = None  # (user) -> None, before the list is shown

    def audit_unit(self, row):
        return self.unit(row) if self.unit else None


def _contacts(user):
    return Contact.objects.filter(unit__in=access.contact_units(user)).select_related("unit")


def _contact_detail(contact):
    ways = " · ".join(part for part in (contact.phone, contact.email, contact.url) if part)
    return ways or _("No phone, e-mail or web address: nobody can reach it.")


def _municipalities(user):
    return Municipality.objects.filter(unit__in=access.administered_roots(user)).select_related(
        "unit", "hr_unit", "it_unit"
    )


def _recipients_detail(municipality):
    return " · ".join(
        str(part)
        for part in (
            municipality.hr_unit,
            municipality.it_unit,
            municipality.police_report_signed_by,
        )
        if part
    )


def _guidance(user):
    return GuidancePoint.objects.order_by("topic", "position", "pk")


def _task_templates(user):
    return TaskTemplate.objects.select_related("case_template").order_by(
        "case_template__kind", "case_template__name", "order", "pk"
    )


def _task_detail(task):
    return f"{task.get_assignee_display()} · {_deadline(task)}"


def _deadline(task):
    if task.offset_hours:
        return _("%(hours)d hours after %(anchor)s") % {
            "hours": task.offset_hours,
            "anchor": task.get_anchor_display(),
        }
    return _("%(days)d days after %(anchor)s") % {
        "days": task.offset_days,
        "anchor": task.get_anchor_display(),
    }


def _retention_rules(user):
    return RetentionRule.objects.filter(
        municipality__in=access.administered_roots(user)
    ).select_related("municipality__unit")


def _retention_detail(rule):
    state = _("confirmed") if rule.is_confirmed else _("waits for confirmation")
    return _("%(months)d months %(event)s, %(state)s") % {
        "months": rule.months,
        "event": rule.get_from_event_display(),
        "state": state,
    }


def _add_missing_rules(user):
    for municipality in _municipalities(user):
        RetentionRule.objects.add_missing(municipality)


SECTIONS = [
    Section(
        key="kontakter",
        title=_("Contacts and phone numbers"),
        intro=_(
            "The phone numbers and addresses the quick guide, the case pages and the alarms "
            "show. A contact of a unit applies there and in the units below it, in place of the "
            "municipality's."
        ),
        form=forms.ContactForm,
        rows=_contacts,
        may_use=lambda user: bool(access.contact_units(user)),
        group=lambda contact: contact.unit.name,
        detail=_contact_detail,
        unit=lambda contact: contact.unit,
        may_add=True,
        may_delete=True,
    ),
    Section(
        key="modtagere",
        title=_("Recipients"),
        intro=_(
            "Who in the municipality receives what: the HR unit, the IT unit that carries out "
            "blocks on social media, and who signs a police report."
        ),
        form=forms.RecipientsForm,
        rows=_municipalities,
        may_use=lambda user: bool(access.administered_roots(user)),
        group=lambda municipality: _("Municipality"),
        detail=_recipients_detail,
        unit=lambda municipality: municipality.unit,
    ),
    Section(
        key="vejledning",
        title=_("Guidance texts"),
        intro=_(
            "The advice every employee is shown: calm words, the conflict staircase, colleague "
            "first aid and the rules for social media. An empty text shows Tryghed's own "
            "wording."
        ),
        form=forms.GuidancePointForm,
        rows=_guidance,
        may_use=access.may_edit_guidance,
        group=lambda point: point.get_topic_display(),
        detail=lambda point: "" if point.is_active else _("not in use"),
        may_add=True,
        may_delete=True,
    ),
    Section(
        key="opgaveskabeloner",
        title=_("Task templates"),
        intro=_(
            "The follow-up tasks a new case gets, with who does them and their deadlines. A "
            "change applies to cases reported from now on; cases already open keep their tasks."
        ),
        form=forms.TaskTemplateForm,
        rows=_task_templates,
        may_use=access.may_edit_case_templates,
        group=lambda task: task.case_template.label,
        detail=_task_detail,
        may_add=True,
        may_delete=True,
    ),
    Section(
        key="opbevaring",
        title=_("Retention"),
        intro=_(
            "How long each kind of data is kept. A changed rule waits until it is confirmed on "
            "the page for retention and deletion; until then the sweep does not act on it."
        ),
        form=forms.RetentionRuleForm,
        rows=_retention_rules,
        may_use=lambda user: bool(access.administered_roots(user)),
        group=lambda rule: rule.municipality.unit.name,
        detail=_retention_detail,
        unit=lambda rule: rule.municipality.unit,
        prepare=_add_missing_rules,
    ),
]
BY_KEY = {section.key: section for section in SECTIONS}


def usable_by(user):
    return [section for section in SECTIONS if section.may_use(user)]
