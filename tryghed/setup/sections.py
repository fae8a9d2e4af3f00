"""The settings section: the settings an administrator edits often, each a `Section` with a
list and an edit page (add and delete where the administration allows them). Who may use a
section, and which rows, are access.py's rules; a section one may not use answers 404."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tryghed.followup.models import CaseTemplate, TaskTemplate
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
    editable: Any = None  # (user) -> the rows the person may edit, if fewer than `rows`
    copy_to: Any = None  # (user, row) -> ids of the roots the row may be copied to as their own
    copy: Any = None  # (row, root id) -> the copy to edit, saved
    deleted: Any = None  # (row) -> None, after the row is deleted

    def audit_unit(self, row):
        return self.unit(row) if self.unit else None

    def editable_rows(self, user):
        return (self.editable or self.rows)(user)


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


def _origin(municipality):
    """Whose a case template or guidance point is: the shared set's, or one municipality's."""
    if municipality is None:
        return _("Shared")
    return _("Own: %(municipality)s") % {"municipality": municipality.unit.name}


def _guidance(user, editing=False):
    return (
        GuidancePoint.objects.filter(access.shared_or_own(user, editing=editing))
        .select_related("municipality__unit")
        .order_by("topic", "position", "pk")
    )


def _guidance_detail(point):
    in_use = "" if point.is_active else _("not in use")
    return " · ".join(str(part) for part in (_origin(point.municipality), in_use) if part)


def _guidance_copy_to(user, point):
    """A shared point with a code, to the roots that have no own point of that code."""
    if point.municipality_id is not None or not point.code:
        return []
    taken = GuidancePoint.objects.filter(code=point.code).values_list("municipality", flat=True)
    return sorted(access.own_copy_roots(user) - set(taken))


def _task_templates(user, editing=False):
    rows = access.shared_or_own(user, editing=editing, field="case_template__municipality")
    return (
        TaskTemplate.objects.filter(rows)
        .select_related("case_template__municipality__unit")
        .order_by("case_template__kind", "case_template__name", "case_template", "order", "pk")
    )


def _task_group(task):
    template = task.case_template
    return f"{template.label} · {_origin(template.municipality)}"


def _task_copy_to(user, task):
    """A task of a shared template, to the roots that have no own template of its kind."""
    template = task.case_template
    if template.municipality_id is not None:
        return []
    own = CaseTemplate.objects.filter(municipality__isnull=False, kind=template.kind)
    return sorted(access.own_copy_roots(user) - set(own.values_list("municipality", flat=True)))


def _copy_task(task, root_id):
    """The task's whole template becomes the municipality's own; the copy of the task is edited."""
    copy = task.case_template.own_copy(root_id)
    same = copy.tasks.filter(order=task.order, kind=task.kind, code=task.code, title=task.title)
    return same.order_by("pk").first()


def _drop_empty_copy(task):
    """A municipality's own template without tasks is gone, so the shared one applies again."""
    template = task.case_template
    if template.municipality_id is not None and not template.tasks.exists():
        template.delete()


def _municipality_unit(municipality):
    return municipality.unit if municipality is not None else None


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
        detail=_guidance_detail,
        unit=lambda point: _municipality_unit(point.municipality),
        may_add=True,
        may_delete=True,
        editable=lambda user: _guidance(user, editing=True),
        copy_to=_guidance_copy_to,
        copy=lambda point, root_id: point.own_copy(root_id),
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
        group=_task_group,
        detail=_task_detail,
        unit=lambda task: _municipality_unit(task.case_template.municipality),
        may_add=True,
        may_delete=True,
        editable=lambda user: _task_templates(user, editing=True),
        copy_to=_task_copy_to,
        copy=_copy_task,
        deleted=_drop_empty_copy,
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
