"""The follow-up of an episode, as the guideline's part "Efter" asks. A `CaseTemplate` (data,
chosen by the episode's kind) holds `TaskTemplate`s; when an episode is reported, each becomes
a `FollowUpTask` with a computed deadline and the people who must do it. The police report
(`PoliceReport`) and the work-injury report (`WorkInjuryReport`) have their own records, as do
the sparring or supervision offered after an episode (`SparringSession`) and the unit's
conversations with a citizen about earlier threats (`CitizenConversation`); a `Briefing` records
who was told of an episode, when, and the fixed summary they were sent. A `CalendarFeed` lets a
person subscribe to their own task deadlines from a calendar app."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.core import workdays
from tryghed.core.validators import number_between
from tryghed.core.wording import OWN_TEXT_HINT, code_constraints, code_field, worded
from tryghed.followup.wording import CASE_TEMPLATES, TASK_GUIDANCE, TASK_TITLES
from tryghed.incidents.models import Kind, q_open
from tryghed.organizations import access


class TaskKind(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge and talk with the employee")
    SUPPORT = "support", _("Support and peer first aid")
    COUNSELLING = "counselling", _("Offer counselling")
    POLICE_REPORT = "police_report", _("Police report")
    WORK_INJURY = "work_injury", _("Work-injury report")
    INFORM = "inform", _("Inform the safety rep and decide who else is told")
    SERIOUS_CASE = "serious_case", _("Inform the executives and HR")
    FOLLOW_UP_TALK = "follow_up_talk", _("Follow-up conversation")
    EVALUATION = "evaluation", _("Evaluation with the safety group")
    EVIDENCE = "evidence", _("Secure evidence")
    POST_REMOVAL = "post_removal", _("Decide whether posts are removed")
    BLOCKING = "blocking", _("Decide whether the citizen is blocked")
    DIALOGUE = "dialogue", _("Dialogue with the citizen")
    MEETING = "meeting", _("Meeting with management")
    REVISE_RISK = "revise_risk", _("Revise the unit's risk assessment")
    SPARRING = "sparring", _("Offer sparring or supervision")
    CONFIRM_BLOCK = "confirm_block", _("IT carries out the block")
    OTHER = "other", _("Other task")


class Assignee(models.TextChoices):
    MANAGER = "manager", _("The unit's manager")
    SAFETY_REP = "safety_rep", _("The unit's safety rep")
    MANAGER_OR_SAFETY_REP = "manager_or_safety_rep", _("The manager or the safety rep")
    CENTER_HEAD = "center_head", _("The center head")
    HR = "hr", _("HR")


class Anchor(models.TextChoices):
    EPISODE = "episode", _("the episode")
    REPORT = "report", _("the report")
    ABSENCE = "absence", _("the first day of absence (else the episode)")


class Condition(models.TextChoices):
    ALWAYS = "always", _("Always")
    SERIOUS = "serious", _("Only in serious cases")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class CaseTemplate(models.Model):
    code = code_field()
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=OWN_TEXT_HINT)
    kind = models.CharField(
        _("for episodes of the kind"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Empty: for every kind that has no template of its own."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Empty: shared by every municipality."),
    )

    class Meta:
        verbose_name = _("case template")
        verbose_name_plural = _("case templates")
        ordering = ["kind", "name"]
        constraints = code_constraints("name", within="municipality", shared=True)

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.name, self.code, CASE_TEMPLATES)

    @classmethod
    def for_kind(cls, kind, unit):
        """The template for an episode of `kind` in `unit`: the kind's own template before the
        one for every kind, and for each the municipality's own (in use) before the shared
        one. Never another municipality's."""
        root = access.tree().root_of(unit.pk) if unit is not None else None
        candidates = cls.objects.filter(is_active=True, kind__in=[kind, ""]).filter(
            Q(municipality__isnull=True) | Q(municipality_id=root)
        )
        found = {}
        for template in candidates.order_by("-pk"):  # the first made of each wins
            found[template.kind, template.municipality_id] = template
        for wanted in dict.fromkeys([kind, ""]):
            template = (root and found.get((wanted, root))) or found.get((wanted, None))
            if template:
                return template
        return None

    def own_copy(self, root_id):
        """This shared template and its tasks, copied as the own template of the municipality
        with root `root_id` (codes and own texts along, so it reads the same until edited)."""
        copy = CaseTemplate.objects.create(
            code=self.code,
            name=self.name,
            kind=self.kind,
            is_active=self.is_active,
            municipality_id=root_id,
        )
        tasks = list(self.tasks.all())
        for task in tasks:
            task.pk, task.case_template = None, copy
        TaskTemplate.objects.bulk_create(tasks)
        return copy


class DeadlineRule(models.Model):
    """When a task falls due: a number of days after the anchor (the end of that day, in the
    municipality's time) or a number of hours after it (to the minute, e.g. 72 hours). A
    deadline of the municipality's own that falls on a weekend or public holiday moves to the
    next working day; one set by law keeps the law's calendar (core.workdays)."""

    anchor = models.CharField(_("counted from"), max_length=20, choices=Anchor.choices)
    offset_days = models.PositiveSmallIntegerField(
        _("days"),
        default=0,
        validators=number_between(0, 365, _("Write a number of days from 0 to 365.")),
    )
    offset_hours = models.PositiveSmallIntegerField(
        _("hours"),
        default=0,
        validators=number_between(0, 720, _("Write a number of hours from 0 to 720.")),
    )
    is_set_by_law = models.BooleanField(
        _("deadline set by law"),
        default=False,
        help_text=_(
            "Ticked: counted in calendar days or hours as the law counts, even when it falls on "
            "a weekend or public holiday; the reminder comes the working day before. Not "
            "ticked: a deadline on a weekend or public holiday moves to the next working day."
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.anchor not in Anchor.values:
            raise ValidationError({"anchor": _("Choose what the deadline is counted from.")})
        if self.offset_days and self.offset_hours:
            raise ValidationError(
                {"offset_hours": _("Give the deadline in days or in hours, not both.")}
            )

    def due_after(self, incident):
        """The deadline for `incident`."""
        if self.anchor == Anchor.ABSENCE and incident.absence_from:
            start = timezone.make_aware(datetime.combine(incident.absence_from, time.min))
        elif self.anchor == Anchor.REPORT:
            start = incident.reported_at
        else:
            start = incident.occurred_at
        due = self._counted_from(start)
        return due if self.is_set_by_law else workdays.roll_forward(due)

    def _counted_from(self, start):
        if self.offset_hours:
            # Hours are elapsed time, so add them in UTC: across a change to or from summer
            # time, 72 hours stay 72 hours.
            return start.astimezone(UTC) + timedelta(hours=self.offset_hours)
        day = timezone.localtime(start).date() + timedelta(days=self.offset_days)
        return timezone.make_aware(datetime.combine(day, time(23, 59)))


def task_label(task):
    """A task's title: its own, or Tryghed's wording of its code (core.wording)."""
    return worded(task.title, task.code, TASK_TITLES)


def task_guidance(task):
    return worded(task.guidance, task.code, TASK_GUIDANCE)


class TaskTemplate(DeadlineRule):
    case_template = models.ForeignKey(CaseTemplate, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=number_between(0, 999, _("Write an order from 0 to 999."))
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    code = code_field()
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=OWN_TEXT_HINT)
    guidance = models.TextField(_("guidance"), blank=True, help_text=OWN_TEXT_HINT)
    assignee = models.CharField(_("who does it"), max_length=30, choices=Assignee.choices)
    is_required = models.BooleanField(_("required"), default=True)
    condition = models.CharField(
        _("when"), max_length=20, choices=Condition.choices, default=Condition.ALWAYS
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate to the center head after (days overdue)"),
        default=2,
        validators=number_between(0, 90, _("Write a number of days from 0 to 90.")),
    )

    class Meta:
        verbose_name = _("task template")
        verbose_name_plural = _("task templates")
        ordering = ["case_template", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor__in=Anchor.values),
                name="followup_tasktemplate_known_anchor",
            ),
            *code_constraints("title", within="case_template"),
        ]

    def __str__(self):
        return self.label

    label = property(task_label)
    shown_guidance = property(task_guidance)

    def applies_to(self, incident):
        return self.condition == Condition.ALWAYS or incident.is_serious


class FollowUpTaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tryghed.incidents.models import Incident

        return self.filter(incident__in=Incident.objects.visible_to(user))

    def assigned_to(self, user):
        return self.filter(assignees=user)

    def open(self):
        """Open tasks of live cases: not of cases closed or registered in error."""
        return self.filter(q_open("incident__"), status=TaskStatus.OPEN)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def overdue_in(self, incidents, now=None):
        """overdue() of the tasks of `incidents` (live episodes): the cases' openness is asked
        of `incidents` themselves, so the database finds the tasks from the episodes' own rows
        instead of joining every open case of the deployment to them."""
        return self.filter(
            incident__in=incidents.filter(q_open()).values("pk"),
            status=TaskStatus.OPEN,
            due_at__lt=now or timezone.now(),
        )


class FollowUpTask(DeadlineRule):
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="tasks"
    )
    template = models.ForeignKey(
        TaskTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    code = code_field()
    title = models.CharField(_("title"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    assignee = models.CharField(_("who does it"), max_length=30, choices=Assignee.choices)
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people"),
        related_name="followup_tasks",
        blank=True,
    )
    is_required = models.BooleanField(_("required"), default=True)
    due_at = models.DateTimeField(_("deadline"), db_index=True)
    escalate_after_days = models.PositiveSmallIntegerField(default=2)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    completed_at = models.DateTimeField(_("done on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_on_day_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["incident", "order", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="followup_task_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.NOT_RELEVANT) | ~Q(note=""),
                name="followup_followuptask_not_relevant_has_reason",
            ),
        ]

    def __str__(self):
        return self.label

    label = property(task_label)
    shown_guidance = property(task_guidance)

    def get_absolute_url(self):
        return reverse("followup:case", args=[self.incident_id]) + f"#task-{self.pk}"

    @property
    def is_open(self):
        return self.status == TaskStatus.OPEN

    def is_overdue(self, now=None):
        return self.is_open and self.due_at < (now or timezone.now())


class PoliceReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent for signature")
    SIGNED = "signed", _("Signed and filed with the police")
    COPY_RECEIVED = "copy_received", _("Copy received by the unit")


# The statuses of a police report that has been filed with the police.
FILED = (PoliceReportStatus.SIGNED, PoliceReportStatus.COPY_RECEIVED)


def q_reported_to_police(through=""):
    """An episode reported to the police: its police report is signed and filed (a draft or a
    report waiting for signature is not; calling the police during the episode is not either).
    A Q on Incident, like the facts in incidents.models."""
    return Q(**{f"{through}police_report__status__in": FILED})


def q_with_work_injury_report(through=""):
    """An episode with a work-injury report recorded in its follow-up."""
    return Q(**{f"{through}work_injury_report__isnull": False})


class PoliceReport(models.Model):
    """The police report, drafted in the case, signed by those the municipality names and sent
    by its recipients. Calling the police during an episode is not this."""

    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.PROTECT, related_name="police_report"
    )
    text = models.TextField(_("text of the police report"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PoliceReportStatus.choices,
        default=PoliceReportStatus.DRAFT,
    )
    reviewed_by_employee_at = models.DateTimeField(
        _("reviewed by the employee"), null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    copy_received_at = models.DateTimeField(_("copy received"), null=True, blank=True)
    copy_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    send_error = models.TextField(_("sending failed"), blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("police report")
        verbose_name_plural = _("police reports")

    def __str__(self):
        return str(_("Police report, case %(number)s") % {"number": self.incident.number})

    @property
    def is_draft(self):
        return self.status == PoliceReportStatus.DRAFT

    @property
    def is_undelivered(self):
        return self.status != PoliceReportStatus.DRAFT and self.delivered_at is None


class WorkInjuryReport(models.Model):
    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.PROTECT, related_name="work_injury_report"
    )
    reference = models.CharField(_("the system's case number"), max_length=100)
    filed_on = models.DateField(_("filed on"))
    offensive_form_filed = models.BooleanField(
        _("the form on offensive incidents is filled in"), default=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("work-injury report")
        verbose_name_plural = _("work-injury reports")

    def __str__(self):
        return self.reference


class RemovalRule(models.TextChoices):
    """The rules for removing posts from the municipality's own pages."""

    NAMED_STAFF = "named_staff", _("Must remove: it harasses named employees")
    PERSONAL_DATA = "personal_data", _("Must remove: it contains personal data or personal cases")
    ILLEGAL = "illegal", _("Must remove: it breaks the law (e.g. defamatory or racist)")
    OFF_TOPIC = "off_topic", _("May remove: it is off topic for the page")
    INAPPROPRIATE = "inappropriate", _("May remove: it is otherwise inappropriate")


class PostRemoval(models.Model):
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="post_removals"
    )
    post_url = models.URLField(_("the post's address"), max_length=1000)
    rule = models.CharField(_("rule"), max_length=30, choices=RemovalRule.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("removal of a post")
        verbose_name_plural = _("removals of posts")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return self.post_url


class BlockQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tryghed.organizations import access

        return self.filter(unit__in=access.units_where(user, access.Perm.VIEW_CASES))

    def active(self):
        return self.filter(lifted_at__isnull=True)

    def awaiting_it(self):
        """Decided, not lifted, and not yet recorded as carried out by IT."""
        return self.active().filter(carried_out_at__isnull=True)

    def in_municipalities(self, roots):
        """The blocks decided in units of the given municipalities (root units)."""
        from tryghed.organizations import access

        return self.filter(unit__in=access.tree().descendants([root.pk for root in roots]))


class Block(models.Model):
    """A citizen blocked from the municipality's social media: decided by a manager after
    repeated harassment (or with a written justification), carried out by IT, reviewed."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="blocks"
    )
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    perpetrator = models.ForeignKey(
        "incidents.Perpetrator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    platform = models.CharField(_("platform"), max_length=20)
    profile = models.CharField(_("profile"), max_length=300)
    reason = models.TextField(_("reason"))
    review_on = models.DateField(_("review on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    carried_out_at = models.DateTimeField(_("carried out by IT"), null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    it_task = models.OneToOneField(
        FollowUpTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="block"
    )

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["review_on", "pk"]

    def __str__(self):
        return self.profile

    @property
    def awaits_it(self):
        return self.carried_out_at is None and self.lifted_at is None


class Audience(models.TextChoices):
    CENTER_HEAD = "center_head", _("Center head")
    EXECUTIVES_AND_HR = "executives_and_hr", _("The executives and HR")


class Briefing(models.Model):
    """One person told of an episode: the center head informs other center heads with a fixed
    summary (kind, day, unit, seriousness), never the story; in serious cases the executives
    and HR. Kept as evidence of who was told when."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="briefings"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person told"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    audience = models.CharField(_("told as"), max_length=30, choices=Audience.choices)
    summary = models.CharField(_("message"), max_length=200)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    told_at = models.DateTimeField(_("told on"), default=timezone.now)

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["told_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "person"], name="followup_briefing_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.summary}"


class SparringForm(models.TextChoices):
    COLLEAGUES = "colleagues", _("Sparring with colleagues")
    SUPERVISION_INTERNAL = "supervision_internal", _("Supervision with an internal supervisor")
    SUPERVISION_EXTERNAL = "supervision_external", _("Supervision with an external supervisor")


class SparringSession(models.Model):
    """The sparring or supervision planned after an episode: its form, the supervisor (one of
    the municipality's contacts), the day planned and the day it took place. Like counselling,
    never what was talked about."""

    task = models.OneToOneField(FollowUpTask, on_delete=models.PROTECT, related_name="sparring")
    form = models.CharField(_("form"), max_length=30, choices=SparringForm.choices)
    supervisor = models.ForeignKey(
        "organizations.Contact",
        verbose_name=_("supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_on = models.DateField(_("planned for"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    held_on = models.DateField(_("took place on"), null=True, blank=True)
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sparring or supervision")
        verbose_name_plural = _("sparring and supervision")

    def __str__(self):
        return f"{self.get_form_display()}, {self.planned_on:%d.%m.%Y}"


class ConversationKind(models.TextChoices):
    """How the unit spoke with the citizen: the guideline's conversation about earlier threats,
    and the online procedure's letter (step 7) and meeting with management (step 8)."""

    CONVERSATION = "conversation", _("Conversation about earlier threats")
    LETTER = "letter", _("Letter asking the harassment to stop")
    MEETING = "meeting", _("Meeting with management")


class CitizenConversationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from tryghed.organizations import access

        return self.filter(unit__in=access.citizen_conversation_units(user))

    def due_for_review(self, today):
        return self.filter(review_on__lte=today, review_reminded_at__isnull=True)


class CitizenConversation(models.Model):
    """What a unit agreed with a citizen who has threatened or harassed its staff, linked to the
    pseudonymous perpetrator reference, so the unit reads it before meeting the person again.
    The agreements are personal data: shown only to those who read the unit's cases, each read
    audited as a read of its case, deleted with the reference (retention)."""

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    perpetrator = models.ForeignKey(
        "incidents.Perpetrator",
        verbose_name=_("perpetrator reference"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="citizen_conversations"
    )
    kind = models.CharField(_("how"), max_length=20, choices=ConversationKind.choices)
    held_on = models.DateField(_("date of the contact"))
    agreements = models.TextField(_("what was said and agreed"), max_length=2000)
    review_on = models.DateField(_("review on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    review_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = CitizenConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation with a citizen")
        verbose_name_plural = _("conversations with citizens")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.held_on:%d.%m.%Y}"


class CalendarFeed(models.Model):
    """A person's subscription to their own task deadlines from a calendar app (iCalendar),
    at an address with a long random token. Only the token's SHA-256 is kept: the address is
    shown once, when it is made or renewed, and a copy of the database opens nobody's feed.
    Renewing replaces the hash (the old address stops at once); turning off deletes the row."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("address made"), default=timezone.now)
    last_read_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.person)
