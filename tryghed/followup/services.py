"""The use cases of the follow-up. Every change is a line on the case's timeline
(IncidentChange) and an audit event; notifications leave after commit."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.followup.models import (
    Assignee,
    Block,
    CaseTemplate,
    Condition,
    FollowUpTask,
    PostRemoval,
    TaskKind,
    TaskStatus,
    WorkInjuryReport,
)
from tryghed.incidents import history
from tryghed.incidents.models import Share
from tryghed.notifications.services import lazy_text, notify
from tryghed.organizations import access, directory
from tryghed.prevention import services as prevention
from tryghed.prevention.models import Measure, MeasureSource


class CannotClose(Exception):
    def __init__(self, tasks):
        super().__init__("required tasks are open")
        self.tasks = tasks


def open_case(incident):
    """The tasks of the template for the episode's kind, with deadlines and people. Minor
    episodes logged at the end of a shift get no tasks of their own: the evaluation of the
    unit's episodes covers them."""
    if incident.is_minor_log:
        return []
    template = CaseTemplate.for_kind(incident.kind)
    if template is None:
        return []
    people = {}
    return [
        _task_from(rule, incident, people)
        for rule in template.tasks.all()
        if rule.applies_to(incident)
    ]


def _task_from(rule, incident, people=None):
    """A task from its template; `people` caches who holds each role for this case."""
    people = {} if people is None else people
    task = FollowUpTask.objects.create(
        incident=incident,
        template=rule,
        order=rule.order,
        kind=rule.kind,
        code=rule.code,
        title=rule.title,
        guidance=rule.guidance,
        assignee=rule.assignee,
        is_required=rule.is_required,
        anchor=rule.anchor,
        offset_days=rule.offset_days,
        offset_hours=rule.offset_hours,
        due_at=rule.due_after(incident),
        escalate_after_days=rule.escalate_after_days,
    )
    if rule.assignee not in people:
        people[rule.assignee] = access.task_assignees(rule.assignee, incident.unit)
    task.assignees.set(people[rule.assignee])
    return task


def refresh_case(incident, changed):
    """After the report changed: deadlines follow the episode's time and the first day of
    absence; a case that became serious gets the tasks for serious cases. Tasks that a decision
    added (IT's block, a revision of the risk assessment) keep the deadline they were given."""
    if {"occurred_at", "absence_from"} & set(changed):
        for task in incident.tasks.filter(status=TaskStatus.OPEN, template__isnull=False):
            due = task.due_after(incident)
            if due != task.due_at:
                task.due_at = due
                task.reminded_before_at = task.reminded_on_day_at = task.escalated_at = None
                task.save(
                    update_fields=[
                        "due_at",
                        "reminded_before_at",
                        "reminded_on_day_at",
                        "escalated_at",
                    ]
                )
    template = CaseTemplate.for_kind(incident.kind)
    if template is not None and incident.is_serious and not incident.closed_at:
        present = set(incident.tasks.values_list("template_id", flat=True))
        for rule in template.tasks.filter(condition=Condition.SERIOUS).exclude(pk__in=present):
            _task_from(rule, incident)


def _timeline(incident, by, code, value=""):
    history.record(incident=incident, by=by, code=code, new=value)


def _task(task, note=""):
    """A task on the timeline: its code and own title (read in the reader's language), and the
    note as typed."""
    return {"code": task.code, "title": task.title, "note": note}


def _record(by, action, incident, **data):
    audit.record(
        actor=by,
        action=action,
        target=incident,
        unit=incident.unit,
        subjects=list(incident.affected.all()),
        **data,
    )


@transaction.atomic
def complete_task(*, task, by, note="", on=None):
    task.status = TaskStatus.DONE
    task.completed_at = on or timezone.now()
    task.completed_by = by
    task.note = note
    task.save(update_fields=["status", "completed_at", "completed_by", "note"])
    _timeline(task.incident, by, "task_done", _task(task, note))
    _record(by, Action.FOLLOWUP_TASK_CHANGED, task.incident, task=task.pk, status=task.status)
    return task


@transaction.atomic
def inform_executives_and_hr(*, task, by, note="", on=None):
    """The serious-case task is done by telling the executives and HR, who then read the case."""
    complete_task(task=task, by=by, note=note, on=on)
    share(
        incident=task.incident,
        people=directory.executives_and_hr(),
        by=by,
        reason=_("Serious episode: the executives and HR are informed"),
    )
    return task


@transaction.atomic
def mark_not_relevant(*, task, by, reason):
    task.status = TaskStatus.NOT_RELEVANT
    task.completed_at = timezone.now()
    task.completed_by = by
    task.note = reason
    task.save(update_fields=["status", "completed_at", "completed_by", "note"])
    _timeline(task.incident, by, "task_not_relevant", _task(task, reason))
    _record(by, Action.FOLLOWUP_TASK_CHANGED, task.incident, task=task.pk, status=task.status)
    return task


@transaction.atomic
def reopen_task(*, task, by):
    task.status = TaskStatus.OPEN
    task.completed_at = task.completed_by = None
    task.reminded_before_at = task.reminded_on_day_at = task.escalated_at = None
    task.note = ""
    task.save(
        update_fields=[
            "status",
            "completed_at",
            "completed_by",
            "note",
            "reminded_before_at",
            "reminded_on_day_at",
            "escalated_at",
        ]
    )
    _timeline(task.incident, by, "task_reopened", _task(task))
    _record(by, Action.FOLLOWUP_TASK_CHANGED, task.incident, task=task.pk, status=task.status)


def share(*, incident, people, by, reason):
    """Let named people read a case: every share is on the timeline and in the audit log."""
    for person in people:
        _share, created = Share.objects.get_or_create(
            incident=incident, person=person, defaults={"shared_by": by, "reason": reason}
        )
        if created:
            _timeline(incident, by, "case_shared", {"name": person.name, "reason": reason})
            _record(by, Action.CASE_SHARED, incident, person=person.pk)
            notify(
                recipients=[person],
                title=gettext_lazy("A case has been shared with you"),
                url=incident.get_absolute_url(),
            )


@transaction.atomic
def inform(*, task, by, union_reps, note=""):
    """The safety rep is informed; the union reps the manager chooses get the case shared."""
    share(incident=task.incident, people=union_reps, by=by, reason=_("The union rep is informed"))
    complete_task(task=task, by=by, note=note)


@transaction.atomic
def record_work_injury(*, task, by, reference, filed_on, offensive_form_filed):
    WorkInjuryReport.objects.update_or_create(
        incident=task.incident,
        defaults={
            "reference": reference,
            "filed_on": filed_on,
            "offensive_form_filed": offensive_form_filed,
            "filed_by": by,
        },
    )
    complete_task(task=task, by=by, note=_("Case number %(reference)s") % {"reference": reference})


REVISION_DAYS = 30


@transaction.atomic
def evaluate(*, task, by, measures, no_measures_reason="", showed_gap=False):
    """The evaluation decides measures (each with an owner and a deadline) or says why none are
    needed. When the episode showed a gap in the prevention, the unit's risk assessment is
    flagged for revision and its managers get a task for it."""
    incident = task.incident
    if showed_gap:
        prevention.request_revision(unit=incident.unit, incident=incident, by=by)
        revise = FollowUpTask.objects.create(
            incident=incident,
            order=task.order,
            kind=TaskKind.REVISE_RISK,
            title=_("Revise the unit's risk assessment"),
            guidance=_(
                "The evaluation found that the episode showed a gap in the prevention. Make a "
                "new risk assessment with the safety rep; this task is done when both have "
                "signed it."
            ),
            assignee=Assignee.MANAGER,
            anchor=task.anchor,
            due_at=timezone.now() + timedelta(days=REVISION_DAYS),
        )
        managers = directory.managers_of(incident.unit)
        revise.assignees.set(managers)
        notify(
            recipients=managers,
            title=lazy_text(
                gettext_lazy("Revise the risk assessment of %(unit)s"), unit=incident.unit.name
            ),
            url=revise.get_absolute_url(),
        )
        _timeline(incident, by, "risk_revision_requested")
    for measure in measures:
        Measure.objects.create(
            unit=incident.unit,
            incident=incident,
            source=MeasureSource.EVALUATION,
            created_by=by,
            **measure,
        )
        _timeline(incident, by, "measure_decided", measure["title"])
    complete_task(task=task, by=by, note=no_measures_reason)


@transaction.atomic
def close_case(*, incident, by):
    if incident.closed_at:
        return
    missing = list(incident.tasks.filter(is_required=True, status=TaskStatus.OPEN))
    if missing:
        raise CannotClose(missing)
    incident.closed_at = timezone.now()
    incident.save(update_fields=["closed_at"])
    _timeline(incident, by, "case_closed")
    _record(by, Action.CASE_CLOSED, incident)


@transaction.atomic
def reopen_case(*, incident, by, reason):
    if not incident.closed_at:
        return
    incident.closed_at = None
    incident.save(update_fields=["closed_at"])
    _timeline(incident, by, "case_reopened", reason)
    _record(by, Action.CASE_REOPENED, incident)


@transaction.atomic
def add_comment(*, incident, by, text):
    _timeline(incident, by, "comment_added", text)
    _record(by, Action.COMMENT_ADDED, incident)


@transaction.atomic
def decide_removal(*, task, by, post_url, rule):
    removal = PostRemoval.objects.create(
        incident=task.incident, post_url=post_url, rule=rule, decided_by=by
    )
    _timeline(task.incident, by, "post_removal_decided", {"url": post_url, "rule": rule})
    _record(by, Action.POST_REMOVAL_DECIDED, task.incident, removal=removal.pk)
    # The decision is the task: it is done. Another post is one more decision on the reopened task.
    complete_task(
        task=task,
        by=by,
        note=_("Decided to remove %(url)s (%(rule)s)")
        % {"url": post_url, "rule": removal.get_rule_display()},
    )
    return removal


@transaction.atomic
def mark_removed(*, removal, by):
    if removal.removed_at:
        return
    removal.removed_at = timezone.now()
    removal.removed_by = by
    removal.save(update_fields=["removed_at", "removed_by"])
    _timeline(removal.incident, by, "post_removed", removal.post_url)


@transaction.atomic
def block(*, task, by, platform, profile, reason, justification, review_on):
    """A manager's decision to block a citizen; IT carries it out, so the manager gets a task
    to confirm that it is done."""
    incident = task.incident
    decision = Block.objects.create(
        incident=incident,
        unit=incident.unit,
        perpetrator=incident.perpetrator,
        platform=platform,
        profile=profile,
        reason="\n\n".join(part for part in (reason, justification) if part),
        review_on=review_on,
        decided_by=by,
    )
    it_task = FollowUpTask.objects.create(
        incident=incident,
        order=task.order,
        kind=TaskKind.OTHER,
        title=_("Confirm that IT has blocked %(profile)s") % {"profile": profile},
        guidance=_("Ask IT to block the profile on %(platform)s, and mark this done when it is.")
        % {"platform": platform},
        assignee=task.assignee,
        anchor=task.anchor,
        due_at=timezone.now() + timedelta(days=2),
    )
    it_task.assignees.set(task.assignees.all())
    _timeline(incident, by, "block_decided", {"profile": profile, "platform": platform})
    _record(by, Action.BLOCK_DECIDED, incident, block=decision.pk)
    day = date_format(review_on, "DATE_FORMAT")
    complete_task(task=task, by=by, note=_("Blocked until review on %(day)s") % {"day": day})
    return decision


def revision_done(*, assessment, revisions):
    """A new risk assessment is complete: the tasks that asked for it are done."""
    incidents = [revision.incident_id for revision in revisions]
    tasks = FollowUpTask.objects.filter(
        incident__in=incidents, kind=TaskKind.REVISE_RISK, status=TaskStatus.OPEN
    )
    by = assessment.manager_signed_by
    for task in tasks:
        complete_task(
            task=task,
            by=by,
            note=_("Risk assessment of %(day)s")
            % {"day": date_format(assessment.assessed_on, "SHORT_DATE_FORMAT")},
        )
