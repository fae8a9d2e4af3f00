"""The use cases of the follow-up. Every change is a line on the case's timeline
(IncidentChange) and an audit event; notifications leave after commit."""

from datetime import datetime, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.core import workdays
from tryghed.followup import briefings
from tryghed.followup.models import (
    Assignee,
    Audience,
    Block,
    CaseTemplate,
    CitizenConversation,
    Condition,
    FollowUpTask,
    PostRemoval,
    SparringForm,
    SparringSession,
    TaskKind,
    TaskStatus,
    WorkInjuryReport,
)
from tryghed.incidents import history
from tryghed.incidents.models import Share
from tryghed.notifications.services import lazy_text, notify
from tryghed.organizations import access, directory
from tryghed.organizations.models import Contact
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
    template = CaseTemplate.for_kind(incident.kind, incident.unit)
    if template is None:
        return []
    return _tasks_from(
        [rule for rule in template.tasks.all() if rule.applies_to(incident)], incident
    )


def _tasks_from(rules, incident):
    """The tasks of `rules` for the case, and who does each, in two inserts: a report is
    answered sooner than with a query or three per task. Nothing listens for a task's save."""
    tasks = FollowUpTask.objects.bulk_create([_task_from(rule, incident) for rule in rules])
    people = {}
    assigned = FollowUpTask.assignees.through
    links = []
    for rule, task in zip(rules, tasks, strict=True):
        if rule.assignee not in people:
            # One person may hold both roles a task names (the manager who is the safety rep).
            people[rule.assignee] = dict.fromkeys(
                access.task_assignees(rule.assignee, incident.unit)
            )
        links += [
            assigned(followuptask_id=task.pk, user_id=person.pk) for person in people[rule.assignee]
        ]
    assigned.objects.bulk_create(links)
    return tasks


def _task_from(rule, incident):
    """A task from its template, not yet saved."""
    return FollowUpTask(
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
        is_set_by_law=rule.is_set_by_law,
        due_at=rule.due_after(incident),
        escalate_after_days=rule.escalate_after_days,
    )


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
    template = CaseTemplate.for_kind(incident.kind, incident.unit)
    if template is not None and incident.is_serious and not incident.closed_at:
        # A task made from another template of the kind (before the municipality made its own
        # copy) counts as present by its code.
        present = incident.tasks.values_list("template_id", "code")
        ids, codes = {pk for pk, code in present}, {code for pk, code in present if code}
        serious = template.tasks.filter(condition=Condition.SERIOUS)
        _tasks_from(list(serious.exclude(pk__in=ids).exclude(code__in=codes)), incident)


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
    """The serious-case task is done by telling the executives and HR, who then read the case
    (the share tells them); each is recorded as briefed beside the center heads told."""
    complete_task(task=task, by=by, note=note, on=on)
    people = directory.executives_and_hr(task.incident.unit)
    share(
        incident=task.incident,
        people=people,
        by=by,
        reason=_("Serious episode: the executives and HR are informed"),
    )
    briefings.brief(
        incident=task.incident,
        people=people,
        by=by,
        audience=Audience.EXECUTIVES_AND_HR,
        send=False,
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
def inform(*, task, by, union_reps, center_heads=(), note=""):
    """The center head decides who is told: the union reps chosen get the case shared; the
    other center heads chosen get a short summary, never the case."""
    share(incident=task.incident, people=union_reps, by=by, reason=_("The union rep is informed"))
    briefings.brief(incident=task.incident, people=center_heads, by=by)
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
            due_at=workdays.days_from_now(REVISION_DAYS),
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
    """A manager's decision to block a citizen. IT carries it out: the people of the IT unit
    are told, and the block waits for IT until it is recorded as done (by IT on its own page,
    or by the manager on the task this gives them)."""
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
    decision.it_task = _it_task(task, platform, profile)
    decision.save(update_fields=["it_task"])
    _tell_it(decision)
    _timeline(incident, by, "block_decided", {"profile": profile, "platform": platform})
    _record(by, Action.BLOCK_DECIDED, incident, block=decision.pk)
    day = date_format(review_on, "DATE_FORMAT")
    complete_task(task=task, by=by, note=_("Blocked until review on %(day)s") % {"day": day})
    return decision


def _it_task(task, platform, profile):
    it_task = FollowUpTask.objects.create(
        incident=task.incident,
        order=task.order,
        kind=TaskKind.CONFIRM_BLOCK,
        title=_("Confirm that IT has blocked %(profile)s") % {"profile": profile},
        guidance=_(
            "IT is asked to block the profile on %(platform)s. Until IT records that it is "
            "done, the block waits for IT; if IT tells you instead, mark this done."
        )
        % {"platform": platform},
        assignee=task.assignee,
        anchor=task.anchor,
        due_at=workdays.days_from_now(2),
    )
    it_task.assignees.set(task.assignees.all())
    return it_task


def _tell_it(decision):
    """The people of the municipality's IT unit hear that a block waits for them: the platform
    only, never whom or why."""
    municipality = decision.unit.municipality
    people = directory.it_staff(municipality.it_unit if municipality else None)
    notify(
        recipients=people,
        title=_("A profile is to be blocked on %(platform)s") % {"platform": decision.platform},
        url=reverse("followup:it_blocks"),
    )


@transaction.atomic
def record_block_carried_out(*, block, by, on=None):
    """IT (or the manager, told by IT) records that the block is carried out on the platform;
    the manager's task to confirm it is done with it."""
    if block.carried_out_at:
        return block
    block.carried_out_at = on or timezone.now()
    block.carried_out_by = by
    block.save(update_fields=["carried_out_at", "carried_out_by"])
    incident = block.incident
    _timeline(
        incident, by, "block_carried_out", {"profile": block.profile, "platform": block.platform}
    )
    note = _("IT has blocked %(profile)s") % {"profile": block.profile}
    _record(by, Action.BLOCK_CARRIED_OUT, incident, block=block.pk)
    task = block.it_task
    if task is not None and task.is_open:
        complete_task(task=task, by=by, note=note, on=block.carried_out_at)
    if by != block.decided_by:
        notify(recipients=[block.decided_by], title=note, url=incident.get_absolute_url())
    return block


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


# The contact each form of supervision is given by; sparring with colleagues has none.
SUPERVISORS = {
    SparringForm.SUPERVISION_INTERNAL: Contact.Kind.SUPERVISION_INTERNAL,
    SparringForm.SUPERVISION_EXTERNAL: Contact.Kind.SUPERVISION_EXTERNAL,
}


def _end_of(day):
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@transaction.atomic
def plan_sparring(*, task, by, form, planned_on):
    """Sparring or supervision planned for a day: the task falls due that day (its reminders
    start again) and stays open until it has taken place. The supervisor is the municipality's
    contact for that form of supervision."""
    supervisor = Contact.objects.for_unit(task.incident.unit).get(SUPERVISORS.get(form))
    session, _created = SparringSession.objects.update_or_create(
        task=task,
        defaults={
            "form": form,
            "supervisor": supervisor,
            "planned_on": planned_on,
            "planned_by": by,
            "held_on": None,
            "held_recorded_by": None,
        },
    )
    task.due_at = _end_of(planned_on)
    task.reminded_before_at = task.reminded_on_day_at = task.escalated_at = None
    task.save(update_fields=["due_at", "reminded_before_at", "reminded_on_day_at", "escalated_at"])
    _timeline(task.incident, by, "sparring_planned", {"form": form, "day": planned_on.isoformat()})
    _record(by, Action.SPARRING_PLANNED, task.incident, task=task.pk, form=form)
    return session


@transaction.atomic
def record_sparring_held(*, task, by, held_on):
    """The planned sparring or supervision took place: that completes the task."""
    session = task.sparring
    session.held_on = held_on
    session.held_recorded_by = by
    session.save(update_fields=["held_on", "held_recorded_by"])
    _record(by, Action.SPARRING_HELD, task.incident, task=task.pk)
    note = _("%(form)s took place on %(day)s") % {
        "form": session.get_form_display(),
        "day": date_format(held_on, "DATE_FORMAT"),
    }
    on = timezone.make_aware(datetime.combine(held_on, time(12, 0)))
    return complete_task(task=task, by=by, note=note, on=on)


@transaction.atomic
def record_conversation(*, incident, by, kind, held_on, agreements, review_on, task=None):
    """A conversation, letter or meeting with the citizen behind the case's perpetrator
    reference, kept with that reference. The timeline and the log name only its kind and day:
    the agreements are read on the follow-up page by those who read the unit's cases."""
    conversation = CitizenConversation.objects.create(
        unit_id=incident.perpetrator.unit_id,
        perpetrator=incident.perpetrator,
        incident=incident,
        kind=kind,
        held_on=held_on,
        agreements=agreements,
        review_on=review_on,
        recorded_by=by,
    )
    _timeline(
        incident,
        by,
        "citizen_conversation_recorded",
        {"kind": kind, "day": held_on.isoformat()},
    )
    day = date_format(held_on, "DATE_FORMAT")
    label = conversation.get_kind_display()
    _record(by, Action.CITIZEN_CONVERSATION_RECORDED, incident, conversation=conversation.pk)
    if task is not None:
        review = date_format(review_on, "DATE_FORMAT")
        note = _("%(kind)s on %(day)s, review on %(review)s") % {
            "kind": label,
            "day": day,
            "review": review,
        }
        complete_task(task=task, by=by, note=note)
    return conversation
