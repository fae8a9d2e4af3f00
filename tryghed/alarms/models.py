"""During an episode: the panic button and what hangs on it.

A `Site` is a building around a unit of the tree (Rådhuset), with `Floor`s and `Room`s as data
and its site guards; a `Workplace` is where a person usually sits. An `Alarm` is one press of
the panic button; each person it reaches is an `AlarmRecipient` (a responder), with their own
delivery and answer. At the level "Ring 112" one of them (or the raiser) says they call the
police (`Alarm.police_called_by`), and everyone else is shown who. A `DoorLock` is a manager's
decision to lock doors at a town hall; a `GuardRequest` asks the security unit for extra guard
cover for a period.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.core.validators import number_between
from tryghed.organizations import access
from tryghed.organizations.models import RiskLevel, Unit


class SiteQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """The site a unit belongs to: the nearest one at or above it."""
        return self.for_units([unit])[unit]

    def for_units(self, units):
        """{unit: its site or None} for several units, in two queries."""
        tree = access.tree()
        chains = {unit: tree.ancestors(unit.pk, include_self=True) for unit in units}
        ids = {pk for chain in chains.values() for pk in chain}
        sites = {site.unit_id: site for site in self.filter(unit_id__in=ids)}
        return {
            unit: next((sites[pk] for pk in chain if pk in sites), None)
            for unit, chain in chains.items()
        }

    def guarded_by(self, user):
        return self.filter(guards=user) if user.is_authenticated else self.none()


class Site(models.Model):
    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="site"
    )
    is_town_hall = models.BooleanField(
        _("town hall"),
        default=False,
        help_text=_("Door locking is recorded for a town hall."),
    )
    guards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("site guards"),
        blank=True,
        related_name="guarded_sites",
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("Street, number, postcode and town: shown to whoever calls 112 to read out."),
    )

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["unit__name"]

    def __str__(self):
        return self.unit.name

    @property
    def name(self):
        return self.unit.name


class Floor(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="floors"
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.SmallIntegerField(
        _("order"),
        default=0,
        validators=number_between(-99, 999, _("Write an order from -99 to 999.")),
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units on the floor"),
        blank=True,
        related_name="+",
        help_text=_("Their staff are told when doors on this floor are locked."),
    )

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        ordering = ["site", "order", "name"]

    def __str__(self):
        return f"{self.site}, {self.name}"


class Room(models.Model):
    floor = models.ForeignKey(
        Floor, verbose_name=_("floor"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("room or desk"), max_length=100)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["floor__order", "name"]

    def __str__(self):
        return f"{self.name} ({self.floor.name})"


class Workplace(models.Model):
    """Where a person usually sits: the panic button starts from here."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="workplace",
    )
    room = models.ForeignKey(Room, verbose_name=_("room or desk"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")

    def __str__(self):
        return str(self.room)


class Level(models.TextChoices):
    COME_BY = "come_by", _("Come by")
    HELP_NOW = "help_now", _("Help now")
    CALL_112 = "call_112", _("Call 112")


LEVEL_ICONS = {Level.COME_BY: "👀", Level.HELP_NOW: "🚨", Level.CALL_112: "☎"}
LEVEL_RANK = {Level.COME_BY: 1, Level.HELP_NOW: 2, Level.CALL_112: 3}


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled as a false alarm")


class AlarmQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Status.ACTIVE)

    def visible_to(self, user):
        """The raiser's own alarms and those sent to the person: nobody else learns of one."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(raised_by=user) | Q(recipients__person=user)).distinct()


class Alarm(models.Model):
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="alarms",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT)
    room = models.ForeignKey(
        Room, verbose_name=_("room or desk"), on_delete=models.PROTECT, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    is_silent = models.BooleanField(_("silent on my screen"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    # Each escalation moves the alarm one circle out: 0 first circle, 1 whole site, 2 center.
    escalation_step = models.PositiveSmallIntegerField(_("escalation step"), default=0)
    step_started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # "Ring 112": when the police became needed, and the one responder (or the raiser) who said
    # they call. Claimed by a conditional update, so two at once cannot both be the one.
    police_needed_at = models.DateTimeField(_("police needed since"), null=True, blank=True)
    police_called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("calls 112"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    police_called_at = models.DateTimeField(_("said they call 112"), null=True, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("episode"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alarms",
    )

    objects = AlarmQuerySet.as_manager()

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["raised_by"],
                condition=Q(status="active"),
                name="alarms_alarm_one_active_per_person",
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()}, {self.place}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("alarms:detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status == Status.ACTIVE

    @property
    def icon(self):
        return LEVEL_ICONS[Level(self.level)]

    @property
    def place(self):
        parts = [self.site.name]
        if self.unit_id != self.site.unit_id:
            parts.append(self.unit.name)
        if self.room_id:
            parts.append(str(self.room))
        return ", ".join(parts)

    def coming(self):
        return [r for r in self.recipients.all() if r.answer == Answer.COMING]

    @property
    def police_needed(self):
        return self.level == Level.CALL_112 or self.police_called_by_id is not None

    @property
    def police_call_due_at(self):
        """Until then the responders may say they call 112; after it, the raiser is told to."""
        if self.police_needed_at is None:
            return None
        return self.police_needed_at + timedelta(seconds=settings.ALARM_ESCALATION_SECONDS)

    def police_call_overdue(self, now=None):
        """Police needed, nobody has said they call, and the time for it has run out."""
        due = self.police_call_due_at
        return (
            self.is_active
            and self.level == Level.CALL_112
            and self.police_called_by_id is None
            and due is not None
            and (now or timezone.now()) >= due
        )

    def police_caller_role(self):
        """Why the one who calls 112 had the alarm: a `Reason` code, or "raiser"."""
        if self.police_called_by_id is None:
            return ""
        if self.police_called_by_id == self.raised_by_id:
            return "raiser"
        reasons = self.recipients.filter(person_id=self.police_called_by_id)
        return reasons.values_list("reason", flat=True).first() or ""


class Answer(models.TextChoices):
    COMING = "coming", _("I'm coming")
    CANNOT = "cannot", _("Can't come")


class Reason(models.TextChoices):
    GUARD = "guard", _("Site guard")
    COLLEAGUE = "colleague", _("Colleague")
    MANAGER = "manager", _("Manager")
    SITE = "site", _("At the site")
    CENTER_HEAD = "center_head", _("Center head")


class AlarmRecipient(models.Model):
    """One responder of one alarm: when it was sent, delivered to an open page, answered."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alarm_receipts"
    )
    reason = models.CharField(_("why"), max_length=20, choices=Reason.choices)
    step = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("responder")
        verbose_name_plural = _("responders")
        ordering = ["step", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alarm", "person"], name="alarms_alarmrecipient_once_per_alarm"
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_answer_display() or '-'}"


class DoorLockQuerySet(models.QuerySet):
    def visible_to(self, user):
        sites = [s for s in Site.objects.all() if access.may_see_door_locks(user, s)]
        return self.filter(site__in=sites)

    def in_force(self, now=None):
        now = now or timezone.now()
        return self.filter(locked_from__lte=now).filter(
            Q(reopened_at__isnull=True) | Q(reopened_at__gt=now)
        )


class DoorLock(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="door_locks"
    )
    floors = models.ManyToManyField(Floor, verbose_name=_("floors"), blank=True)
    doors = models.CharField(_("doors"), max_length=300, blank=True)
    locked_from = models.DateTimeField(_("locked from"))
    reason = models.TextField(_("reason"))
    reopened_at = models.DateTimeField(_("opened again"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DoorLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("door locking")
        verbose_name_plural = _("door lockings")
        ordering = ["-locked_from"]

    def __str__(self):
        return f"{self.site}: {self.where}"

    @property
    def where(self):
        names = [floor.name for floor in self.floors.all()]
        if self.doors:
            names.append(self.doors)
        return ", ".join(names)

    def clean(self):
        if self.reopened_at and self.reopened_at <= self.locked_from:
            raise ValidationError({"reopened_at": _("The doors open after they are locked.")})


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class GuardRequestQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=RequestStatus.APPROVED)

    def visible_to(self, user):
        """The managers who asked, the security unit that decides (for the sites of its own
        municipality), and (approved ones) the guards of the site."""
        if not user.is_authenticated:
            return self.none()
        mine = [s.pk for s in Site.objects.all() if access.may_request_guard(user, s)]
        return self.filter(
            Q(requested_by=user)
            | Q(site__in=mine)
            | Q(site__guards=user, status=RequestStatus.APPROVED)
            | self.decided_by_q(user)
        ).distinct()

    def decided_by(self, user):
        """The requests `user` decides: those of the sites of the municipalities whose security
        desk they are placed in."""
        return self.filter(self.decided_by_q(user))

    def decided_by_q(self, user):
        units = access.tree().descendants(SecurityDesk.roots_decided_by(user))
        return Q(site__unit__in=units)


class GuardRequest(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="guard_requests"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    place = models.CharField(_("where"), max_length=200)
    reason = models.TextField(_("reason"))
    expected_risk = models.CharField(_("expected risk"), max_length=10, choices=RiskLevel.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    objects = GuardRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("guard reinforcement")
        verbose_name_plural = _("guard reinforcements")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="alarms_guardrequest_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.site}: {self.starts_at:%Y-%m-%d %H:%M}"


class SecurityDesk(models.Model):
    """Where guard reinforcement requests go: the people placed in this unit decide them
    (Ishøj: Center for Ejendomme og Byggesager, Forsikring & Risikostyring)."""

    unit = models.OneToOneField(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("security desk")
        verbose_name_plural = _("security desks")

    def __str__(self):
        return str(self.unit)

    @classmethod
    def unit_for(cls, unit):
        """The security unit of `unit`'s municipality, or None: each municipality has its
        own desk, and a request never goes to another municipality's."""
        units = access.tree()
        root = units.root_of(unit.pk)
        desks = cls.objects.select_related("unit")
        return next((d.unit for d in desks if units.root_of(d.unit_id) == root), None)

    @classmethod
    def roots_decided_by(cls, user):
        """Ids of the municipalities whose guard requests `user` decides."""
        units = access.tree()
        desks = cls.objects.select_related("unit")
        return {
            units.root_of(d.unit_id) for d in desks if access.decides_guard_requests(user, d.unit)
        }
