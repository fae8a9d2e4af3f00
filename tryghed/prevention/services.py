"""The use cases of prevention. Each change is an audit event; people are told through
notifications."""

import calendar
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.core import workdays
from tryghed.core.periods import period_dates
from tryghed.incidents.models import Incident, Kind, Severity, q_injured, q_with_absence
from tryghed.notifications.services import lazy_text, notify
from tryghed.organizations import access, directory
from tryghed.organizations.models import Contact, ContactKind, Membership
from tryghed.prevention import defaults
from tryghed.prevention.models import (
    Answer,
    CourseSession,
    CrisisStep,
    GuidelineKind,
    LocalGuideline,
    Measure,
    MeasureSource,
    OnboardingChecklist,
    OnboardingItem,
    OnboardingStep,
    Responsible,
    RevisionRequest,
    RiskAnswer,
    RiskAssessment,
    RiskCheckpoint,
    SurveyResult,
)
from tryghed.prevention.signals import risk_assessment_completed

# --- Risk assessment --------------------------------------------------------------------------


def checkpoints():
    return list(RiskCheckpoint.objects.filter(is_active=True))


@transaction.atomic
def save_risk_assessment(*, unit, by, assessment=None, answers, **fields):
    """Create or change a draft. `answers` are dicts with cornerstone, point, answer, note and,
    for "needs action", measure_title, measure_owner and measure_due_on. A changed draft loses
    its signatures: both sign what is finally there."""
    if assessment is None:
        assessment = RiskAssessment(unit=unit, created_by=by)
    elif assessment.is_complete:
        raise ValueError("a complete risk assessment is not changed")
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.manager_signed_by = assessment.safety_rep_signed_by = None
    assessment.manager_signed_at = assessment.safety_rep_signed_at = None
    assessment.save()
    assessment.answers.all().delete()
    RiskAnswer.objects.bulk_create(
        RiskAnswer(assessment=assessment, position=i, **answer)
        for i, answer in enumerate(answers, start=1)
    )
    audit.record(actor=by, action=Action.RISK_ASSESSMENT_SAVED, target=assessment, unit=unit)
    return assessment


class CannotSign(Exception):
    """The same person cannot give both signatures."""


def needs_safety_rep(unit):
    """An assessment is signed by the manager and the safety rep; a unit without a safety rep
    (none in it or above it, below the root) completes on the manager's signature."""
    return bool(directory.safety_reps_of(unit))


@transaction.atomic
def sign_risk_assessment(*, assessment, by, role):
    """Sign as the unit's manager or safety rep (`role`: MANAGER or SAFETY_REP, or its value
    from access.signatures). The second signature completes the assessment: each "needs action"
    becomes a measure, the unit's risk level follows, and requests for revision are closed."""
    assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_complete:
        return assessment
    as_manager = access.gives_manager_signature(role)
    other = assessment.safety_rep_signed_by_id if as_manager else assessment.manager_signed_by_id
    if other == by.pk:
        raise CannotSign
    now = timezone.now()
    if as_manager:
        assessment.manager_signed_by, assessment.manager_signed_at = by, now
    else:
        assessment.safety_rep_signed_by, assessment.safety_rep_signed_at = by, now
    audit.record(
        actor=by,
        action=Action.RISK_ASSESSMENT_SIGNED,
        target=assessment,
        unit=assessment.unit,
        role=str(role),
    )
    if assessment.manager_signed_at and (
        assessment.safety_rep_signed_at or not needs_safety_rep(assessment.unit)
    ):
        _complete(assessment, now)
    assessment.save()
    return assessment


def _complete(assessment, now):
    assessment.completed_at = now
    for answer in assessment.answers.filter(answer=Answer.NEEDS_ACTION):
        answer.measure = Measure.objects.create(
            unit=assessment.unit,
            title=answer.measure_title,
            owner=answer.measure_owner,
            due_on=answer.measure_due_on,
            source=MeasureSource.RISK_ASSESSMENT,
            created_by=assessment.manager_signed_by,
        )
        answer.save(update_fields=["measure"])
    unit = assessment.unit
    unit.risk_level = assessment.risk_level
    unit.save(update_fields=["risk_level"])
    revisions = list(RevisionRequest.objects.filter(unit=unit, closed_by__isnull=True))
    RevisionRequest.objects.filter(pk__in=[r.pk for r in revisions]).update(closed_by=assessment)
    risk_assessment_completed.send(RiskAssessment, assessment=assessment, revisions=revisions)


def where_units_stand(units, measures):
    """For the overview: each unit with its current assessment, open revision requests, the
    local guideline that applies and its overdue measures (of `measures`, those the viewer may
    see). Five queries, however many units."""
    units = list(units)
    ids = [unit.pk for unit in units]
    tree = access.tree()
    current = {}
    for assessment in RiskAssessment.objects.completed().filter(unit__in=ids):
        best = current.get(assessment.unit_id)
        if best is None or (assessment.assessed_on, assessment.pk) > (best.assessed_on, best.pk):
            current[assessment.unit_id] = assessment
    revisions = dict(
        RevisionRequest.objects.filter(unit__in=ids, closed_by__isnull=True)
        .values_list("unit")
        .annotate(n=Count("pk"))
    )
    overdue = dict(
        measures.overdue().filter(unit__in=ids).values_list("unit").annotate(n=Count("pk"))
    )
    chains = {pk: tree.ancestors(pk, include_self=True) for pk in ids}
    newest = {}
    guidelines = LocalGuideline.objects.filter(
        kind=GuidelineKind.GUIDELINE, unit__in={pk for chain in chains.values() for pk in chain}
    )
    for guideline in guidelines:
        if guideline.unit_id not in newest or guideline.version > newest[guideline.unit_id].version:
            newest[guideline.unit_id] = guideline
    return [
        {
            "unit": unit,
            "assessment": current.get(unit.pk),
            "revisions": revisions.get(unit.pk, 0),
            "guideline": next((newest[pk] for pk in chains[unit.pk] if pk in newest), None),
            "overdue": overdue.get(unit.pk, 0),
        }
        for unit in units
    ]


def current_assessment(unit):
    return unit.risk_assessments.completed().order_by("-assessed_on", "-pk").first()


def open_revisions(unit):
    return RevisionRequest.objects.filter(unit=unit, closed_by__isnull=True).select_related(
        "incident"
    )


@transaction.atomic
def request_revision(*, unit, incident, by):
    """An evaluation found a gap: flag the unit's risk assessment for revision."""
    revision = RevisionRequest.objects.create(unit=unit, incident=incident, requested_by=by)
    audit.record(actor=by, action=Action.REVISION_REQUESTED, target=incident, unit=unit)
    return revision


@transaction.atomic
def complete_measure(*, measure, by):
    """Done; a recurring measure (planned sparring) gives its next time at once."""
    if measure.done_at is None:
        measure.done_at = timezone.now()
        measure.done_by = by
        measure.save(update_fields=["done_at", "done_by"])
        audit.record(actor=by, action=Action.MEASURE_COMPLETED, target=measure, unit=measure.unit)
        if measure.repeat_every_weeks:
            _next_time(measure, by)
    return measure


def next_due(due_on, weeks, today):
    """The first date after `today` on the measure's rhythm from `due_on`: a time missed is
    not planned in the past."""
    step = timedelta(weeks=weeks)
    due = due_on + step
    if due <= today:
        due += step * ((today - due) // step + 1)
    return due


def _next_time(measure, by):
    return Measure.objects.create(
        unit=measure.unit,
        title=measure.title,
        owner=measure.owner,
        due_on=next_due(measure.due_on, measure.repeat_every_weeks, timezone.localdate()),
        source=measure.source,
        created_by=by,
        repeat_every_weeks=measure.repeat_every_weeks,
    )


@transaction.atomic
def plan_recurring_measure(*, unit, by, title, owner, first_on, repeat_every_weeks):
    """Sparring a unit plans as prevention: a measure with an owner that comes back every few
    weeks, with the measures' reminders."""
    measure = Measure.objects.create(
        unit=unit,
        title=title,
        owner=owner,
        due_on=first_on,
        source=MeasureSource.PLANNED,
        created_by=by,
        repeat_every_weeks=repeat_every_weeks,
    )
    audit.record(actor=by, action=Action.MEASURE_PLANNED, target=measure, unit=unit)
    return measure


@transaction.atomic
def stop_repeating(*, measure, by):
    """The series ends: the open time stays on the list, no new one follows it."""
    measure.repeat_every_weeks = None
    measure.save(update_fields=["repeat_every_weeks"])
    audit.record(actor=by, action=Action.MEASURE_SERIES_STOPPED, target=measure, unit=measure.unit)
    return measure


@transaction.atomic
def record_survey_result(*, unit, by, kind, conducted_on, findings, link):
    result = SurveyResult.objects.create(
        unit=unit,
        kind=kind,
        conducted_on=conducted_on,
        findings=findings,
        link=link,
        recorded_by=by,
    )
    audit.record(
        actor=by, action=Action.SURVEY_RESULT_RECORDED, target=result, unit=unit, kind=kind
    )
    return result


def survey_system(unit):
    """The municipality's survey system (a contact with its address), if it has one."""
    return Contact.objects.for_unit(unit).get(ContactKind.SURVEY_SYSTEM)


def figures(unit, today=None):
    """The unit's episodes of the last 12 months (the unit and those below it), for the
    assessment to stand on facts: counts in total, by kind and by severity. The 12 months are
    the overview's, so the two pages give the same number."""
    today = today or timezone.localdate()
    since, _today = period_dates("12m", today)
    units = access.tree().descendants([unit.pk])
    episodes = Incident.objects.active().filter(unit__in=units, occurred_at__date__gte=since)
    by_kind = episodes.values("kind").annotate(n=Count("pk")).order_by("-n")
    by_severity = (
        episodes.values("experienced_severity")
        .annotate(n=Count("pk"))
        .order_by("experienced_severity")
    )
    totals = episodes.aggregate(
        total=Count("pk"),
        injured=Count("pk", filter=q_injured()),
        absence=Count("pk", filter=q_with_absence()),
    )
    kinds, severities = dict(Kind.choices), dict(Severity.choices)
    return {
        "since": since,
        "by_kind": [(kinds[row["kind"]], row["n"]) for row in by_kind],
        "by_severity": [
            (severities.get(row["experienced_severity"], ""), row["n"]) for row in by_severity
        ],
        **totals,
    }


# --- Local guideline --------------------------------------------------------------------------


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def publish_guideline(
    *, unit, kind, by, sections, approved_on, minutes_reference, discuss_every_months
):
    latest = LocalGuideline.objects.filter(unit=unit, kind=kind).order_by("-version").first()
    guideline = LocalGuideline.objects.create(
        unit=unit,
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        sections=sections,
        approved_on=approved_on,
        minutes_reference=minutes_reference,
        discuss_every_months=discuss_every_months,
        next_discussion_on=add_months(approved_on, discuss_every_months),
        published_by=by,
    )
    audit.record(actor=by, action=Action.GUIDELINE_PUBLISHED, target=guideline, unit=unit)
    return guideline


def guideline_sections(kind, guideline=None):
    """[(key, heading, text)] in the template's order."""
    texts = guideline.sections if guideline else {}
    return [(key, heading, texts.get(key, "")) for key, heading in defaults.SECTIONS[kind]]


# --- Crisis plan ------------------------------------------------------------------------------


def crisis_plan(unit):
    """The unit's crisis plan, each step with the names or numbers of who does it: the unit's
    own steps, or the default plan until it has written its own."""
    steps = list(unit.crisis_steps.all())
    if not steps:
        steps = [
            CrisisStep(unit=unit, position=i, action=action, responsible=who)
            for i, (action, who) in enumerate(defaults.CRISIS_STEPS, start=1)
        ]
    contacts = Contact.objects.for_unit(unit)
    people = {
        Responsible.MANAGER: directory.managers_of(unit),
        Responsible.SAFETY_REP: directory.safety_reps_of(unit),
        Responsible.CENTER_HEAD: directory.center_heads_of(unit),
        Responsible.HR: directory.hr_people(unit),
    }
    contact_kinds = {
        Responsible.SITE_GUARD: ContactKind.SITE_GUARD,
        Responsible.EMERGENCY: ContactKind.EMERGENCY,
        Responsible.COUNSELLING: ContactKind.COUNSELLING,
        Responsible.SECURITY: ContactKind.SECURITY,
    }
    plan = []
    for step in steps:
        who = Responsible(step.responsible)
        plan.append(
            {
                "step": step,
                "people": people.get(who, []),
                "contact": contacts.get(contact_kinds[who]) if who in contact_kinds else None,
            }
        )
    return plan


@transaction.atomic
def save_crisis_plan(*, unit, by, steps):
    unit.crisis_steps.all().delete()
    CrisisStep.objects.bulk_create(
        CrisisStep(unit=unit, position=i, updated_by=by, **step)
        for i, step in enumerate(steps, start=1)
    )
    audit.record(actor=by, action=Action.CRISIS_PLAN_CHANGED, target=unit, unit=unit)


# --- Training ---------------------------------------------------------------------------------

LEVELS = ["low", "medium", "high"]


def required_course(unit, courses):
    """The course the unit's risk level requires."""
    return next((c for c in courses if c.risk_level == unit.risk_level), None)


def lacking_course(units, courses, today=None):
    """[(unit, course, [people])]: for each unit, the people placed in it who have not taken
    the course its risk level requires, or one for a higher level, on a day that has come.
    Three queries, however many units."""
    today = today or timezone.localdate()
    units = list(units)
    placed = defaultdict(dict)
    memberships = Membership.objects.filter(unit__in=units, user__is_active=True).select_related(
        "user"
    )
    for membership in memberships.order_by("user__name"):
        placed[membership.unit_id][membership.user_id] = membership.user
    held = CourseSession.participants.through.objects.filter(
        user__in={pk for people in placed.values() for pk in people},
        coursesession__held_on__lte=today,
    ).values_list("user_id", "coursesession__course__risk_level")
    taken = defaultdict(set)
    for user_id, level in held:
        if level:
            taken[user_id].add(LEVELS.index(level))
    rows = []
    for unit in units:
        course = required_course(unit, courses)
        if course is None:
            continue
        needed = LEVELS.index(course.risk_level)
        people = [
            person
            for pk, person in placed[unit.pk].items()
            if not any(level >= needed for level in taken[pk])
        ]
        rows.append((unit, course, people))
    return rows


@transaction.atomic
def register_course(*, session, by, participants):
    session.created_by = by
    session.save()
    session.participants.set(participants)
    audit.record(
        actor=by,
        action=Action.COURSE_REGISTERED,
        target=session,
        unit=session.unit,
        participants=len(participants),
    )
    return session


# --- Onboarding -------------------------------------------------------------------------------


def start_onboarding(person, unit):
    """A new hire, temp, apprentice or intern joined `unit`: a checklist with a deadline, and
    the unit's managers are told. Once per person and unit."""
    checklist, created = OnboardingChecklist.objects.get_or_create(
        person=person,
        unit=unit,
        defaults={"due_on": _onboarding_due_on()},
    )
    if not created:
        return checklist
    OnboardingItem.objects.bulk_create(
        OnboardingItem(checklist=checklist, code=step.code, text=step.text, position=step.position)
        for step in OnboardingStep.objects.filter(is_active=True)
    )
    notify(
        recipients=directory.managers_of(unit),
        title=lazy_text(
            gettext_lazy("%(name)s has joined %(unit)s: go through the onboarding by %(day)s"),
            name=person.name,
            unit=unit.name,
            day=lazy(date_format, str)(checklist.due_on, "SHORT_DATE_FORMAT"),
        ),
        url=reverse("prevention:onboarding", args=[checklist.pk]),
    )
    return checklist


def _onboarding_due_on():
    """The checklist's deadline, on a working day."""
    return workdays.on_or_after(timezone.localdate() + timedelta(days=defaults.ONBOARDING_DAYS))


@transaction.atomic
def tick_onboarding(*, checklist, by, done_ids):
    """Mark the chosen points done (and the others not done); complete when all are."""
    audit.record(
        actor=by,
        action=Action.ONBOARDING_TICKED,
        target=checklist,
        unit=checklist.unit,
        subjects=[checklist.person],
        done=len(done_ids),
    )
    now = timezone.now()
    checklist.items.filter(pk__in=done_ids, done_at__isnull=True).update(done_at=now, done_by=by)
    checklist.items.exclude(pk__in=done_ids).update(done_at=None, done_by=None)
    complete = not checklist.items.filter(done_at__isnull=True).exists()
    checklist.completed_at = (checklist.completed_at or now) if complete else None
    checklist.save(update_fields=["completed_at"])
    return checklist
