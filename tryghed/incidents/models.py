"""The register of episodes. An `Incident` is one episode of violence, threats or harassment:
what happened (`Kind`, `Act`s), what set it off (`Trigger`s), where and when, who did it (a
pseudonymous `Perpetrator`), who it happened to (`affected`) and how serious it felt to them
(`experienced_severity`, stored as given; a manager's assessment sits beside it). Attachments
are `Attachment`s; every change to a case is an `IncidentChange`. Nothing is deleted by hand: an
episode registered in error is marked so, with a reason. Once a closed case has passed the
municipality's retention period, the retention sweep anonymises it (`anonymised_at`): what
identified people goes, what the statistics count stays (`AnonymisedAffected`)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tryghed.core.validators import number_between
from tryghed.core.wording import OWN_TEXT_HINT, code_constraints, code_field, worded
from tryghed.incidents import history, wording
from tryghed.incidents.text import profile_key
from tryghed.organizations import access

DESCRIPTION_MAX_LENGTH = 2000
# A year: longer absence is followed up outside Tryghed (work-injury case, HR).
ABSENCE_DAYS_MAX = 365
ABSENCE_DAYS_MESSAGE = _("Write the days of absence as a number from 0 to 365.")


class Kind(models.TextChoices):
    PHYSICAL = "physical", _("Physical violence")
    PSYCHOLOGICAL = "psychological", _("Threats or other offensive behaviour")
    ONLINE = "online", _("Harassment on social media")


class Severity(models.IntegerChoices):
    """How serious it felt, in the employee's own words."""

    MILD = 1, _("Unpleasant")
    MODERATE = 2, _("Upsetting")
    SERIOUS = 3, _("Serious")
    VERY_SERIOUS = 4, _("Very serious: I was afraid")


class PlaceKind(models.TextChoices):
    RECEPTION = "reception", _("Reception desk")
    OFFICE = "office", _("Office")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    CORRIDOR = "corridor", _("Corridor")
    HOME = "home", _("The citizen's home")
    OUTDOORS = "outdoors", _("Outdoors")
    TRANSPORT = "transport", _("Transport")
    PHONE = "phone", _("Phone")
    WRITTEN = "written", _("E-mail or text message")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class PerpetratorCategory(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    USER = "user", _("User or resident")
    RELATIVE = "relative", _("Relative")
    UNKNOWN = "unknown", _("Unknown")
    OTHER = "other", _("Other")


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X"
    TIKTOK = "tiktok", "TikTok"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    FORUM = "forum", _("A forum")
    OTHER = "other", _("Other")


class HarasserType(models.TextChoices):
    """The guideline's types of online harassers."""

    GRIEVING_RELATIVE = "grieving_relative", _("The grieving relative")
    AGGRIEVED_CITIZEN = "aggrieved_citizen", _("The aggrieved citizen")
    PROFESSIONAL_COMPLAINER = "professional_complainer", _("The professional complainer")
    OTHER = "other", _("Other")


class WantsTalk(models.TextChoices):
    NO = "no", _("No, thank you")
    MANAGER = "manager", _("Yes, with my manager")
    COLLEAGUE = "colleague", _("Yes, with a colleague")
    BOTH = "both", _("Yes, with both")


class ListEntry(models.Model):
    """A choice an administrator keeps as data: the acts and triggers the guideline names,
    seeded with a code and shown in Tryghed's wording unless given a name (core.wording)."""

    WORDING = {}
    code = code_field()
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=OWN_TEXT_HINT)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=number_between(0, 999, _("Write an order from 0 to 999."))
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]
        constraints = code_constraints("name")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return worded(self.name, self.code, self.WORDING)


class Act(ListEntry):
    WORDING = wording.ACTS
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_minor = models.BooleanField(
        _("minor"),
        default=False,
        help_text=_("Offered when logging several minor episodes at the end of a shift."),
    )

    class Meta(ListEntry.Meta):
        verbose_name = _("act")
        verbose_name_plural = _("acts")


class Trigger(ListEntry):
    WORDING = wording.TRIGGERS

    class Meta(ListEntry.Meta):
        verbose_name = _("trigger")
        verbose_name_plural = _("triggers")


class PerpetratorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=access.units_where(user, access.Perm.VIEW_CASES))


class Perpetrator(models.Model):
    """A pseudonymous reference a unit keeps to see when episodes come from the same person:
    initials or a case number, never a name or a CPR number."""

    unit = models.ForeignKey(
        "organizations.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=40)
    category = models.CharField(
        _("who"),
        max_length=20,
        choices=PerpetratorCategory.choices,
        default=PerpetratorCategory.CITIZEN,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set by the retention sweep when the reference is replaced by a meaningless token: the
    # row stays, so the statistics still see which episodes came from the same person.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = PerpetratorQuerySet.as_manager()

    class Meta:
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "reference"], name="incidents_perpetrator_unique_reference"
            )
        ]

    def __str__(self):
        return self.reference


# Facts about an episode ----------------------------------------------------------------
# Each derived fact that more than one place asks (the overview, its summary and exports, the
# annual report, prevention's figures, the follow-up, retention) is defined once here, as a Q:
# it filters (`Incident.objects.filter(q_injured())`), counts (`Count("pk", filter=…)`), and is
# asked through a relation with `through` (`q_active("incident__")`). Facts the follow-up decides
# (reported to the police, a work-injury report) are in followup.models beside their models.


def _q(through, **lookups):
    return Q(**{f"{through}{lookup}": value for lookup, value in lookups.items()})


def q_active(through=""):
    """Not registered in error: what lists and statistics count."""
    return _q(through, voided_at__isnull=True)


def q_open(through=""):
    """An open case: live and not closed."""
    return q_active(through) & _q(through, closed_at__isnull=True)


def q_closed(through=""):
    return q_active(through) & _q(through, closed_at__isnull=False)


def q_very_serious(through=""):
    """Experienced as very serious by the employee (the manager's assessment does not count:
    the employee's own experience decides)."""
    return _q(through, experienced_severity=Severity.VERY_SERIOUS)


def q_injured(through=""):
    return _q(through, is_injured=True)


def q_with_absence(through=""):
    """Absence from work: a first day of absence or a number of days, whichever was given."""
    return _q(through, absence_days__gt=0) | _q(through, absence_from__isnull=False)


def q_police_called(through=""):
    """The police were called during the episode: NOT a police report."""
    return _q(through, police_called=True)


def _affected_rows(user):
    """The rows of the affected employees' table that name `user`."""
    return Incident.affected.through.objects.filter(user=user)


def _ids_concerning(user):
    reported = Incident.objects.filter(reported_by=user).values("pk")
    return reported.union(_affected_rows(user).values("incident_id"))


class NewestConcerning:
    """concerning(user), newest first, for a Paginator: a page reads the episodes it shows and
    those before it (newest_concerning), never every episode of the person."""

    def __init__(self, user):
        self.user = user

    def count(self):
        return Incident.objects.count_concerning(self.user)

    def __getitem__(self, shown):
        if not isinstance(shown, slice) or shown.step is not None:
            raise TypeError("NewestConcerning gives slices of episodes, newest first")
        newest = Incident.objects.select_related("unit").newest_concerning(self.user, shown.stop)
        return newest[shown.start or 0 :]


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read: their own reports and cases, the cases shared with them, and
        the cases of the units they look after.

        Each condition is asked of one table through its own index (the affected employees and
        the shares as an EXISTS on the case's own row), never as one OR across joined tables:
        that no index can serve, and loading one case by id then reads every episode."""
        if not user.is_authenticated:
            return self.none()
        units = access.units_where(user, access.Perm.VIEW_CASES)
        return self.filter(
            Q(reported_by=user)
            | Q(unit__in=units)
            | Exists(_affected_rows(user).filter(incident=OuterRef("pk")))
            | Exists(Share.objects.filter(person=user, incident=OuterRef("pk")))
        )

    def concerning(self, user):
        """Episodes the person reported or that happened to them."""
        return self.filter(pk__in=_ids_concerning(user))

    def count_concerning(self, user):
        """How many episodes concerning(user) holds, from the two indexes alone, without
        reading the episodes' rows as concerning(user).count() does: those the person reported,
        plus those that happened to them and that someone else reported. Counting the UNION of
        the two took longer, the database gathering every id to drop the doubles (at 1,000,000
        episodes, for a person on 23,540 of them: 13.5 ms against 9.3)."""
        reported_it = Incident.objects.filter(pk=OuterRef("incident_id"), reported_by=user)
        others = _affected_rows(user).exclude(Exists(reported_it))
        return Incident.objects.filter(reported_by=user).count() + others.count()

    def newest_concerning(self, user, count):
        """The `count` newest of concerning(user), newest first: the newest the person reported
        (in order, through the reporter's index) and the newest that happened to them, merged.
        For the second the database either walks the episodes newest first until it has
        `count` of the person's, or sorts the person's own rows, whichever it expects to be
        cheaper. Ordering concerning's UNION read every one of the person's episodes, whatever
        `count` (docs/performance.md)."""
        newest = ("-occurred_at", "-pk")
        reported = self.filter(reported_by=user).order_by(*newest)[:count]
        affected = self.filter(affected=user).order_by(*newest)[:count]
        merged = {incident.pk: incident for part in (reported, affected) for incident in part}
        order = sorted(merged.values(), key=lambda incident: (incident.occurred_at, incident.pk))
        return order[::-1][:count]

    def just_reported(self, *, reporter, occurred_at, description, within):
        """The reporter's own episodes sent in the last `within`, with the same text and a
        time within `within` of `occurred_at`: what a report sent twice by mistake finds
        ("Now" is a new moment each time the form is sent)."""
        return self.active().filter(
            reported_by=reporter,
            reported_at__gte=timezone.now() - within,
            occurred_at__range=(occurred_at - within, occurred_at + within),
            description=description,
        )

    def naming_profile(self, unit, profile):
        """Active episodes in `unit` that name the platform profile `profile`, however it
        was typed (text.profile_key): as their perpetrator's reference or in their links."""
        key = profile_key(profile)
        if not key:
            return self.none()
        in_unit = self.active().filter(unit=unit)
        references = [
            perpetrator.pk
            for perpetrator in Perpetrator.objects.filter(unit=unit).only("pk", "reference")
            if profile_key(perpetrator.reference) == key
        ]
        linked = [
            incident.pk
            for incident in in_unit.exclude(links="").only("pk", "links")
            if key in {profile_key(line) for line in incident.links.splitlines()}
        ]
        return in_unit.filter(Q(perpetrator__in=references) | Q(pk__in=linked))

    def active(self):
        """Not registered in error: what lists and statistics count."""
        return self.filter(q_active())

    def open(self):
        return self.filter(q_open())

    def closed(self):
        return self.filter(q_closed())

    def serious(self):
        """Serious as Incident.is_serious says: very serious to the employee or in the
        manager's assessment, or with a physical injury."""
        very = Severity.VERY_SERIOUS
        return self.filter(q_very_serious() | Q(manager_severity=very) | q_injured())

    def in_period(self, start=None, end=None):
        """Episodes on the days from `start` to `end`, both included; either may be open."""
        incidents = self
        if start:
            incidents = incidents.filter(occurred_at__date__gte=start)
        if end:
            incidents = incidents.filter(occurred_at__date__lte=end)
        return incidents

    def below(self, unit):
        """Episodes in `unit` and the units below it."""
        return self.filter(unit__in=access.tree().descendants([unit.pk]))


class Incident(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    # Empty only once the case is anonymised (retention): then nobody is named.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="reported_incidents",
        db_index=False,  # incidents_reported_by_idx leads with it
    )
    affected = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("affected employees"),
        related_name="incidents",
    )
    experienced_severity = models.PositiveSmallIntegerField(
        _("how serious it felt"), choices=Severity.choices
    )
    severity_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("severity given by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    manager_severity = models.PositiveSmallIntegerField(
        _("the manager's assessment"), choices=Severity.choices, null=True, blank=True
    )
    manager_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(
        _("what happened, briefly"), validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )

    # The full report: all optional.
    acts = models.ManyToManyField(Act, verbose_name=_("acts"), blank=True)
    triggers = models.ManyToManyField(Trigger, verbose_name=_("what set it off"), blank=True)
    place_kind = models.CharField(
        _("kind of place"), max_length=20, choices=PlaceKind.choices, blank=True
    )
    place = models.CharField(_("where exactly"), max_length=200, blank=True)
    perpetrator_category = models.CharField(
        _("who did it"), max_length=20, choices=PerpetratorCategory.choices, blank=True
    )
    perpetrator = models.ForeignKey(
        Perpetrator,
        verbose_name=_("perpetrator reference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    witnesses = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("witnesses"), blank=True, related_name="+"
    )
    other_witnesses = models.CharField(_("other witnesses"), max_length=300, blank=True)
    is_injured = models.BooleanField(_("physical injury"), default=False)
    injury = models.CharField(_("injury, and where on the body"), max_length=300, blank=True)
    absence_from = models.DateField(_("first day of absence"), null=True, blank=True)
    absence_days = models.PositiveSmallIntegerField(
        _("days of absence"),
        null=True,
        blank=True,
        validators=number_between(0, ABSENCE_DAYS_MAX, ABSENCE_DAYS_MESSAGE),
    )
    property_damage = models.CharField(_("damage to property"), max_length=300, blank=True)
    police_called = models.BooleanField(
        _("the police were called during the episode"), default=False
    )
    wants_talk = models.CharField(
        _("would like a talk"), max_length=20, choices=WantsTalk.choices, blank=True
    )
    # Harassment on social media.
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    on_own_page = models.BooleanField(_("on the municipality's own page or group"), default=False)
    harasser_type = models.CharField(
        _("kind of harasser"), max_length=30, choices=HarasserType.choices, blank=True
    )

    is_minor_log = models.BooleanField(
        _("logged with the minor episodes of a shift"), default=False, editable=False
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    voided_at = models.DateTimeField(_("registered in error"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(_("why it was registered in error"), max_length=300, blank=True)
    # Set once, by the retention sweep: what identified people is gone for good.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # The form's one-time key: a double tap or a resubmitted page finds the first episode.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-occurred_at"], name="incidents_unit_occurred_idx"),
            # A person's own episodes (visible_to, concerning) from the index alone.
            models.Index(fields=["reported_by", "id"], name="incidents_reported_by_idx"),
            # A person's newest reports, read in order (newest_concerning).
            models.Index(
                fields=["reported_by", "-occurred_at", "-id"], name="incidents_reporter_newest_idx"
            ),
            # The overview counts live episodes in a period by these columns, and the
            # statistics summary those reported before a moment: on PostgreSQL they are read
            # from the index alone, not from the table's rows.
            models.Index(
                fields=[
                    "occurred_at",
                    "unit",
                    "kind",
                    "experienced_severity",
                    "place_kind",
                    "perpetrator_category",
                    "closed_at",
                    "perpetrator",
                    "reported_at",
                ],
                condition=Q(voided_at__isnull=True),
                name="incidents_incident_stats_idx",
            ),
            # The summary's live tail: the few live episodes reported since it was built.
            models.Index(
                fields=["reported_at"],
                condition=Q(voided_at__isnull=True),
                name="incidents_reported_at_idx",
            ),
            # The open cases of a set of units (the overview's overdue follow-up tasks): as
            # many as are open there, not every episode of the period in the deployment.
            models.Index(
                fields=["unit", "occurred_at"],
                condition=Q(voided_at__isnull=True, closed_at__isnull=True),
                name="incidents_open_unit_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_at__lte=models.F("reported_at")),
                name="incidents_incident_not_in_the_future",
            )
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("incidents:detail", args=[self.pk])

    @property
    def number(self):
        """The case number people quote: the year it happened and the case's own number."""
        return f"{self.occurred_at:%Y}-{self.pk:05d}"

    def audit_label(self):
        """How the person's log of look-ups names the case: its number and day, never its story."""
        day = date_format(timezone.localtime(self.occurred_at), "DATE_FORMAT")
        return _("case %(number)s (the episode on %(day)s)") % {"number": self.number, "day": day}

    @property
    def is_voided(self):
        return self.voided_at is not None

    @property
    def is_open(self):
        return self.closed_at is None and not self.is_voided

    def same_perpetrator_within_a_year(self):
        """Active episodes linked to the same perpetrator in the 12 months up to this one,
        this one included, oldest first."""
        if self.perpetrator_id is None:
            return Incident.objects.none()
        return (
            Incident.objects.active()
            .filter(
                perpetrator_id=self.perpetrator_id,
                occurred_at__gt=self.occurred_at - timedelta(days=365),
                occurred_at__lte=self.occurred_at,
            )
            .order_by("occurred_at", "pk")
        )

    def has_affected(self, person_id):
        """Whether the person is one of the affected: from the affected people the page
        prefetched, when it did (a case has a few), without a query of its own."""
        return any(person.pk == person_id for person in self.affected.all())

    @property
    def severity_is_own(self):
        """Whether an affected employee gave the severity (not a colleague on their behalf)."""
        return self.has_affected(self.severity_given_by_id)

    @property
    def is_serious(self):
        """Serious by the employee's own experience, by a physical injury, or by the manager's
        assessment."""
        top = Severity.VERY_SERIOUS
        return self.experienced_severity == top or self.manager_severity == top or self.is_injured


def attachment_path(attachment, filename):
    # Never the uploaded name: it can carry personal data or path tricks.
    return f"attachments/{attachment.incident_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    incident = models.ForeignKey(
        Incident, verbose_name=_("episode"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("incidents:attachment", args=[self.incident_id, self.pk])


class Share(models.Model):
    """A case shared with a named person by a decision in its follow-up (the executives and HR
    in a serious case, the union rep when the manager decides to inform them)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="shares")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("why"), max_length=200)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "person"], name="incidents_share_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.incident} → {self.person}"


def evidence_path(evidence, filename):
    return f"evidence/{evidence.incident_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A screenshot, print or PDF secured as evidence: never replaced or edited; a correction
    is a new item."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    source_url = models.URLField(_("address it came from"), max_length=1000, blank=True)
    captured_at = models.DateTimeField(_("captured"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("evidence is never changed; add a new item")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("incidents:evidence", args=[self.incident_id, self.pk])


class IncidentChange(models.Model):
    """One line of a case's history: who, when, what (`field`: a code of incidents.history)
    and from what to what, stored as data and read in the reader's language."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    field = models.CharField(max_length=60)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.label}: {self.shown_old} → {self.shown_new}"

    @property
    def label(self):
        return history.label(self.field)

    @property
    def shown_old(self):
        return history.shown(self.field, self.old_value)

    @property
    def shown_new(self):
        return history.shown(self.field, self.new_value)


CORRECTION_MAX_LENGTH = 2000


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction: something is wrong or missing")
    OBJECTION = "objection", _("Objection: I disagree with what is written")


class Correction(models.Model):
    """What an affected employee (or the reporter) says is wrong in their case, or objects to:
    kept beside the original, which is never changed by it. It is personal data of the case:
    it goes with the case (CASCADE), and anonymisation blanks its `text`."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("episode"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(
        _("what is wrong, or what you object to"),
        validators=[MaxLengthValidator(CORRECTION_MAX_LENGTH)],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"{self.incident}: {self.heading}"

    @property
    def heading(self):
        return _("Objection") if self.kind == CorrectionKind.OBJECTION else _("Correction")


class AnonymisedAffected(models.Model):
    """What the statistics need of an affected employee once their case is anonymised: their
    employment type and job title at that time, never who they were."""

    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="anonymised_affected"
    )
    employment_type = models.CharField(max_length=20, blank=True)
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("anonymised affected employee")
        verbose_name_plural = _("anonymised affected employees")

    def __str__(self):
        return f"{self.incident}: {self.employment_type}"
