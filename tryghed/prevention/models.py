"""Prevention, before an episode: the unit's risk assessment on the guideline's four
cornerstones, the `Measure`s that assessments and evaluations of episodes decide, the local
guideline approved in MED, the crisis plan, courses, and onboarding of new people."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.core.validators import number_between
from tryghed.core.wording import OWN_TEXT_HINT, code_constraints, code_field, worded
from tryghed.organizations import access
from tryghed.organizations.models import RiskLevel
from tryghed.prevention.wording import COURSES, ONBOARDING_POINTS, RISK_POINTS


class MeasureSource(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation of an episode")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    PLANNED = "planned", _("Planned by the unit")


def q_measure_done():
    return models.Q(done_at__isnull=False)


def q_measure_open():
    return models.Q(done_at__isnull=True)


def q_measure_overdue(today):
    """Not done, and its due date has passed."""
    return q_measure_open() & models.Q(due_on__lt=today)


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The measures of the units whose cases the person reads (managers, safety reps and
        advisors), and those the person owns."""
        units = access.units_where(user, access.Perm.VIEW_CASES)
        return self.filter(models.Q(unit__in=units) | models.Q(owner=user))

    def open(self):
        return self.filter(q_measure_open())

    def overdue(self, today=None):
        return self.filter(q_measure_overdue(today or timezone.localdate()))


class Measure(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    title = models.CharField(_("measure"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("deadline"))
    source = models.CharField(_("source"), max_length=30, choices=MeasureSource.choices)
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("episode"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    # A measure that recurs (planned sparring): done, it gives the next one this many weeks on.
    repeat_every_weeks = models.PositiveSmallIntegerField(
        _("repeat every (weeks)"),
        null=True,
        blank=True,
        validators=number_between(1, 52, _("Write a number of weeks from 1 to 52.")),
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_on < timezone.localdate()


# --- Risk assessment --------------------------------------------------------------------------


class Cornerstone(models.TextChoices):
    """The guideline's four cornerstones of prevention."""

    COMPETENCIES = "competencies", _("Competencies")
    COMMUNICATION = "communication", _("Communication and conflicts")
    LAYOUT = "layout", _("Layout and security")
    ORGANIZATION = "organization", _("Organization of work")


class RiskCheckpoint(models.Model):
    """A point a risk assessment goes through. Data: seeded from the guideline (defaults.py),
    edited by an administrator; an assessment copies the text, so its history stays readable
    when the list changes."""

    cornerstone = models.CharField(_("cornerstone"), max_length=20, choices=Cornerstone.choices)
    code = code_field()
    text = models.CharField(_("point"), max_length=300, blank=True, help_text=OWN_TEXT_HINT)
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        validators=number_between(0, 999, _("Write an order from 0 to 999.")),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("risk assessment point")
        verbose_name_plural = _("risk assessment points")
        ordering = ["position", "pk"]
        constraints = code_constraints("text")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.text, self.code, RISK_POINTS)


class RiskAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=access.prevention_units(user))

    def completed(self):
        return self.filter(completed_at__isnull=False)


class RiskAssessment(models.Model):
    """A unit's risk assessment: its risk level with reasons and a review of the four
    cornerstones. Made by the manager or the safety rep; complete when both have signed."""

    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    assessed_on = models.DateField(_("date of the assessment"))
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    reasons = models.TextField(_("reasons for the risk level"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    manager_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    manager_signed_at = models.DateTimeField(null=True, blank=True)
    safety_rep_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safety_rep_signed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return f"{self.unit}, {self.assessed_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("prevention:risk_assessment", args=[self.pk])

    @property
    def is_complete(self):
        return self.completed_at is not None


class Answer(models.TextChoices):
    FINE = "fine", _("Fine")
    NEEDS_ACTION = "needs_action", _("Needs action")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class RiskAnswer(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="answers")
    cornerstone = models.CharField(_("cornerstone"), max_length=20, choices=Cornerstone.choices)
    code = code_field()
    point = models.CharField(_("point"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    answer = models.CharField(_("assessment"), max_length=20, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)
    # What a "needs action" becomes when the assessment is complete.
    measure_title = models.CharField(_("measure"), max_length=300, blank=True)
    measure_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measure_due_on = models.DateField(_("deadline"), null=True, blank=True)
    measure = models.OneToOneField(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="risk_answer"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.point, self.code, RISK_POINTS)


class RevisionRequest(models.Model):
    """An evaluation found that an episode showed a gap: the unit's risk assessment is to be
    revised. Closed by the next completed assessment."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="revision_requests"
    )
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="revision_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        RiskAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"{self.unit}: {self.incident}"


class SurveyKind(models.TextChoices):
    APV = "apv", _("APV (workplace assessment)")
    WELL_BEING = "well_being", _("Well-being survey")


class SurveyResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=access.prevention_units(user))

    def latest_of_each_kind(self, unit, on=None):
        """The newest result of each kind for `unit` (conducted on or before `on`), APV first."""
        found = self.filter(unit=unit)
        if on is not None:
            found = found.filter(conducted_on__lte=on)
        newest = (found.filter(kind=kind).first() for kind in SurveyKind.values)
        return [result for result in newest if result is not None]


class SurveyResult(models.Model):
    """What the municipality's APV or well-being survey found on violence and threats in a
    unit: the results stay in the survey system (linked); the risk assessment shows the key
    findings beside Tryghed's own figures. About the unit, never about a person."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="survey_results"
    )
    kind = models.CharField(_("survey"), max_length=20, choices=SurveyKind.choices)
    conducted_on = models.DateField(_("date of the survey"))
    findings = models.TextField(_("key findings on violence and threats"), max_length=2000)
    link = models.URLField(_("address of the results in the survey system"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = SurveyResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        ordering = ["-conducted_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.conducted_on:%d.%m.%Y}"


# --- Local guideline --------------------------------------------------------------------------


class GuidelineKind(models.TextChoices):
    GUIDELINE = "guideline", _("Local guideline against violence and threats")
    SOCIAL_MEDIA = "social_media", _("Local guidance on social media")


# The kinds in addresses, in Danish like the rest of them.
GUIDELINE_SLUGS = {
    GuidelineKind.GUIDELINE: "retningslinje",
    GuidelineKind.SOCIAL_MEDIA: "sociale-medier",
}


class LocalGuidelineQuerySet(models.QuerySet):
    def current_for(self, unit, kind):
        """The newest version that applies in `unit`: its own, or the nearest unit's above."""
        chain = unit.ancestor_ids(include_self=True)
        found = list(self.filter(unit_id__in=chain, kind=kind).order_by("-version"))
        for unit_id in chain:
            for version in found:
                if version.unit_id == unit_id:
                    return version
        return None


class LocalGuideline(models.Model):
    """One approved version of a unit's local guideline (or its social-media guidance),
    written from the structured template in `sections` and approved at a MED meeting. Versions
    are never changed; a revision is a new version."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="local_guidelines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GuidelineKind.choices)
    version = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"), default=dict)
    approved_on = models.DateField(_("approved at the MED meeting on"))
    minutes_reference = models.CharField(_("minutes reference"), max_length=200)
    discuss_every_months = models.PositiveSmallIntegerField(
        _("discussed every (months)"),
        validators=number_between(1, 36, _("Write a number of months from 1 to 36.")),
    )
    next_discussion_on = models.DateField(_("next discussion"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = LocalGuidelineQuerySet.as_manager()

    class Meta:
        verbose_name = _("local guideline")
        verbose_name_plural = _("local guidelines")
        ordering = ["unit", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "version"], name="prevention_guideline_one_version"
            ),
            models.CheckConstraint(
                condition=models.Q(discuss_every_months__gt=0),
                name="prevention_guideline_frequency_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.unit}, v{self.version}"

    def get_absolute_url(self):
        """The unit's current version (what a reminder should lead to)."""
        return reverse("prevention:guideline", args=[self.unit_id, GUIDELINE_SLUGS[self.kind]])


# --- Crisis plan ------------------------------------------------------------------------------


class Responsible(models.TextChoices):
    """Who does a step of the crisis plan: a role, resolved to names in the unit, or one of the
    municipality's contacts."""

    MANAGER = "manager", _("The unit's manager")
    SAFETY_REP = "safety_rep", _("The unit's safety rep")
    CENTER_HEAD = "center_head", _("The center head")
    HR = "hr", _("HR")
    COLLEAGUES = "colleagues", _("The colleagues present")
    SITE_GUARD = "site_guard", _("Site guard")
    EMERGENCY = "emergency", _("Emergency number")
    COUNSELLING = "counselling", _("Counselling")
    SECURITY = "security", _("Extra security and guard reinforcement")


class CrisisStep(models.Model):
    """One step of a unit's crisis plan: what is done the day it happens, and by whom."""

    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="crisis_steps"
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=number_between(0, 999, _("Write an order from 0 to 999."))
    )
    action = models.CharField(_("what is done"), max_length=300)
    responsible = models.CharField(_("who"), max_length=20, choices=Responsible.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("crisis plan step")
        verbose_name_plural = _("crisis plan steps")
        ordering = ["unit", "position", "pk"]

    def __str__(self):
        return self.action


# --- Training and onboarding ------------------------------------------------------------------


class Course(models.Model):
    """A kind of course, for example conflict handling at a risk level. Data."""

    code = code_field()
    title = models.CharField(_("course"), max_length=200, blank=True, help_text=OWN_TEXT_HINT)
    risk_level = models.CharField(
        _("for risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]
        constraints = code_constraints("title")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.title, self.code, COURSES)


class CourseSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=access.prevention_units(user))


class CourseSession(models.Model):
    """A course held (or planned) on a date, with its participants."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="course_sessions",
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), related_name="course_sessions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.course}, {self.held_on:%d.%m.%Y}"


class OnboardingStep(models.Model):
    """A point of the onboarding checklist for new hires, temps, apprentices and interns.
    Data, seeded from the guideline; a checklist copies the texts."""

    code = code_field()
    text = models.CharField(_("point"), max_length=300, blank=True, help_text=OWN_TEXT_HINT)
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        validators=number_between(0, 999, _("Write an order from 0 to 999.")),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("onboarding point")
        verbose_name_plural = _("onboarding points")
        ordering = ["position", "pk"]
        constraints = code_constraints("text")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.text, self.code, ONBOARDING_POINTS)


class OnboardingChecklistQuerySet(models.QuerySet):
    def visible_to(self, user):
        managed = access.units_where(user, access.Perm.ACT_ON_FOLLOWUP)
        return self.filter(models.Q(person=user) | models.Q(unit__in=managed))

    def open(self):
        return self.filter(completed_at__isnull=True)


class OnboardingChecklist(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="onboarding_checklists",
    )
    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("deadline"))
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = OnboardingChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("onboarding checklist")
        verbose_name_plural = _("onboarding checklists")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "unit"], name="prevention_onboarding_once")
        ]

    def __str__(self):
        return f"{self.person}, {self.unit}"

    def get_absolute_url(self):
        return reverse("prevention:onboarding", args=[self.pk])

    @property
    def is_overdue(self):
        return self.completed_at is None and self.due_on < timezone.localdate()


class OnboardingItem(models.Model):
    checklist = models.ForeignKey(
        OnboardingChecklist, on_delete=models.CASCADE, related_name="items"
    )
    code = code_field()
    text = models.CharField(_("point"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.text, self.code, ONBOARDING_POINTS)
