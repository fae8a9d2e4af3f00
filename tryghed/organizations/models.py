"""The organization: a tree of `Unit`s whose root is the municipality, people's roles in units
(`Membership`), and the municipality's own settings and contacts (`Municipality`, `Contact`).

A right held in a unit holds in every unit below it; center heads, executives and HR are not
roles of their own but follow from where a MANAGER or ADVISOR sits in the tree (access.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tryghed.core import memo
from tryghed.core.validators import number_between
from tryghed.organizations import access
from tryghed.organizations.roles import Role, UnitKind


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class EmploymentType(models.TextChoices):
    """How a person is employed: temps, new hires, apprentices and interns are especially
    exposed, so the organization (roles, the import, the statistics) tells them apart."""

    PERMANENT = "permanent", _("Permanent")
    NEW_HIRE = "new_hire", _("New hire")
    TEMP = "temp", _("Temp")
    APPRENTICE = "apprentice", _("Apprentice")
    INTERN = "intern", _("Intern")


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The units `user` belongs to or looks after, and every unit below them."""
        return self.filter(pk__in=access.units_where(user, access.Perm.VIEW_UNIT))

    def roots(self):
        return self.filter(parent__isnull=True)


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("A short, unique identifier, used by the organization import."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="municipality", parent__isnull=True)
                | (~models.Q(kind="municipality") & models.Q(parent__isnull=False)),
                name="organizations_unit_municipality_is_root",
                violation_error_message=_(
                    "The municipality is the root of the tree; every other unit has a parent."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == UnitKind.MUNICIPALITY and self.parent_id:
            raise ValidationError({"parent": _("A municipality is the root of the tree.")})
        if self.kind != UnitKind.MUNICIPALITY and not self.parent_id:
            raise ValidationError({"parent": _("Every unit but the municipality has a parent.")})
        if self.pk and self.parent_id and self.pk in self.parent.ancestor_ids(include_self=True):
            raise ValidationError({"parent": _("A unit cannot be placed below itself.")})

    def ancestor_ids(self, include_self=False):
        """Ids from this unit up to the root, nearest first."""
        return access.tree().ancestors(self.pk, include_self=include_self)

    def ancestors(self):
        """The units above this one, the root first."""
        ids = self.ancestor_ids()
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[pk] for pk in reversed(ids)]

    def people_with_roles(self):
        """[(person, [role labels])] for the people placed directly in this unit, by name."""
        people = {}
        for membership in self.memberships.select_related("user").order_by("user__name", "role"):
            people.setdefault(membership.user, []).append(membership.role_label())
        return list(people.items())

    @property
    def municipality(self):
        root_id = (self.ancestor_ids(include_self=True) or [self.pk])[-1]
        return Municipality.objects.filter(unit_id=root_id).first()


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=Unit.objects.visible_to(user))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="organizations_membership_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}, {self.unit}"

    def role_label(self):
        """The role as colleagues say it: an employee who is a temp, a new hire, an apprentice
        or an intern is called that, not "Medarbejder"."""
        if access.is_employee_role(self) and self.user.employment_type != EmploymentType.PERMANENT:
            return self.user.get_employment_type_display()
        return self.get_role_display()


LOGO_MAX_BYTES = 500 * 1024


def logo_size(file):
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may be at most 500 KB."))


class MunicipalityQuerySet(models.QuerySet):
    def root_for(self, request):
        """The id of the root unit of the reader's municipality: their own when logged in,
        else the one whose host name the request came to, else the deployment's only one;
        None where that leaves a choice (never another municipality's by chance)."""
        user = getattr(request, "user", None)
        own = access.municipality_of(user) if user and user.is_authenticated else None
        if own is not None:
            return own
        host = request.get_host().rsplit(":", 1)[0].lower()
        # Asked twice on the quick guide (its contacts and its advice): looked up once.
        return memo.per_request(("root_for_host", host), lambda: self._root_for_host(host))

    def _root_for_host(self, host):
        by_host = [m.unit_id for m in self.exclude(hosts="") if host in m.host_names]
        if by_host:
            return by_host[0]
        roots = list(Unit.objects.roots().values_list("pk", flat=True)[:2])
        return roots[0] if len(roots) == 1 else None


class Municipality(models.Model):
    """The municipality's own settings, kept on the root unit. Everything that is one
    municipality's own (who signs a police report, its work-injury system) is data here."""

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("root unit"),
        on_delete=models.PROTECT,
        primary_key=True,
        limit_choices_to={"kind": UnitKind.MUNICIPALITY},
        related_name="settings",
    )
    police_report_signed_by = models.CharField(
        _("police report signed by"),
        max_length=300,
        blank=True,
        help_text=_("The titles of those who sign a police report, as text."),
    )
    hr_unit = models.ForeignKey(
        Unit,
        verbose_name=_("HR unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    it_unit = models.ForeignKey(
        Unit,
        verbose_name=_("IT unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The people placed here carry out blocks on social media and record when each is done."
        ),
    )
    # The privacy page (organizations.privacy): the municipality's own parts of the record.
    data_controller = models.CharField(
        _("data controller"),
        max_length=300,
        blank=True,
        help_text=_("Who is responsible for the data, with address, as the page shows it."),
    )
    privacy_reviewed_on = models.DateField(
        _("privacy page confirmed by the data protection officer on"),
        null=True,
        blank=True,
        help_text=_("Leave empty until the data protection officer has confirmed the page."),
    )
    privacy_notes = models.TextField(
        _("the municipality's notes on data protection"),
        blank=True,
        help_text=_("Shown on the privacy page as written, e.g. how to ask for your data."),
    )
    hosts = models.CharField(
        _("host names"),
        max_length=500,
        blank=True,
        help_text=_(
            "The addresses people reach this municipality's Tryghed at, separated by spaces, "
            "e.g. tryghed.ishoj.dk: pages open without login (the quick guide) show this "
            "municipality's numbers there."
        ),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="municipality/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp"]), logo_size],
        help_text=_(
            "Shown in the header beside the municipality's name: PNG, JPEG or WebP, at most "
            "500 KB, ideally about 48 px high. Without a logo the header shows the name alone."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality settings")
        verbose_name_plural = _("municipality settings")

    def __str__(self):
        return str(self.unit)

    @property
    def host_names(self):
        return self.hosts.lower().split()

    def clean(self):
        self.hosts = " ".join(self.host_names)
        others = Municipality.objects.exclude(pk=self.pk).exclude(hosts="")
        taken = {name for other in others for name in other.host_names}
        if taken & set(self.host_names):
            raise ValidationError({"hosts": _("Another municipality has this host name.")})

    def contact(self, kind):
        return self.unit.contacts.filter(kind=kind).first()


class ContactKind(models.TextChoices):
    SITE_GUARD = "site_guard", _("Site guard")
    EMERGENCY = "emergency", _("Emergency number")
    COUNSELLING = "counselling", _("Counselling")
    POLICE_REPORT = "police_report", _("Police report recipient")
    POLICE_REPORT_ALTERNATE = "police_report_alternate", _("Police report recipient, alternate")
    WORK_INJURY_SYSTEM = "work_injury_system", _("Work-injury system")
    SECURITY = "security", _("Extra security and guard reinforcement")
    ACCESS = "access", _("Access to Tryghed")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    SUPERVISION_INTERNAL = "supervision_internal", _("Internal supervisor")
    SUPERVISION_EXTERNAL = "supervision_external", _("External supervisor")
    SURVEY_SYSTEM = "survey_system", _("Survey system (APV and well-being)")
    WORK_INJURY_HELP = "work_injury_help", _("Questions about the work-injury report")
    COMPETENCE = "competence", _("Competence development and courses")
    IT = "it", _("IT (blocking on social media)")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational-health partner")
    UNION = "union", _("Union contact")


class ContactQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """The contacts that apply in `unit`: for each kind, the one nearest the unit, so a site
        can have its own guard while the rest of the municipality uses the common one."""
        return self.for_unit_id(unit.pk)

    def for_unit_id(self, pk):
        """for_unit for the unit with id `pk`: its place in the tree is all it takes."""
        chain = access.tree().ancestors(pk, include_self=True)
        nearest = {}
        for contact in self.filter(unit_id__in=chain):
            current = nearest.get(contact.kind)
            if current is None or chain.index(contact.unit_id) < chain.index(current.unit_id):
                nearest[contact.kind] = contact
        return nearest

    def nearest(self, unit, kind):
        """The contact of `kind` that applies in `unit`, or None (also for no unit)."""
        return self.for_unit(unit).get(kind) if unit is not None else None

    def unreachable(self):
        """Contacts nobody can call, write to or visit: an administrator must give each a way."""
        return self.filter(phone="", email="", url="")


class Contact(models.Model):
    Kind = ContactKind

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(_("web address"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"], name="organizations_contact_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def phone_uri(self):
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def email_uri(self):
        return f"mailto:{self.email}"

    @property
    def is_reachable(self):
        return bool(self.phone or self.email or self.url)


class RetentionKind(models.TextChoices):
    """The kinds of data the retention schedule covers; the sweep knows how to remove each."""

    CASES = "cases", _("Personal data of closed cases (anonymised)")
    FILES = "files", _("Attachments and evidence files of closed cases")
    BLOCKS = "blocks", _("Blocks on social media")
    PERPETRATORS = "perpetrators", _("Pseudonymous perpetrator references")
    AUDIT = "audit", _("Audit log entries")
    ALARMS = "alarms", _("The alarm's live data (who was alerted, answers, room)")


class RetentionEvent(models.TextChoices):
    CLOSED = "closed", _("after the case was closed")
    REVIEW = "review", _("after the review date")
    RECORDED = "recorded", _("after it was recorded")


# Which events each kind of data can be counted from.
RETENTION_EVENTS = {
    RetentionKind.CASES: [RetentionEvent.CLOSED],
    RetentionKind.FILES: [RetentionEvent.CLOSED],
    RetentionKind.BLOCKS: [RetentionEvent.REVIEW],
    RetentionKind.PERPETRATORS: [RetentionEvent.CLOSED],
    RetentionKind.AUDIT: [RetentionEvent.RECORDED],
    RetentionKind.ALARMS: [RetentionEvent.RECORDED],
}


# The default schedule for a municipality (docs/retention.md); an administrator changes it.
RETENTION_DEFAULTS = [
    (RetentionKind.CASES, 60, RetentionEvent.CLOSED),
    (RetentionKind.FILES, 12, RetentionEvent.CLOSED),
    (RetentionKind.BLOCKS, 0, RetentionEvent.REVIEW),
    (RetentionKind.PERPETRATORS, 12, RetentionEvent.CLOSED),
    (RetentionKind.AUDIT, 60, RetentionEvent.RECORDED),
    (RetentionKind.ALARMS, 12, RetentionEvent.RECORDED),
]


class RetentionRuleQuerySet(models.QuerySet):
    def add_missing(self, municipality):
        """Give `municipality` the default rule for each kind it has none for (unconfirmed)."""
        for kind, months, event in RETENTION_DEFAULTS:
            self.get_or_create(
                municipality=municipality,
                kind=kind,
                defaults={"months": months, "from_event": event},
            )

    def confirmed(self):
        return self.filter(
            confirmed_months=models.F("months"), confirmed_from_event=models.F("from_event")
        )


class RetentionRule(models.Model):
    """How long the municipality keeps one kind of data, counted from which event. The sweep
    acts on a rule only once an administrator has confirmed it as it stands now: a changed
    period or event must be confirmed again."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="retention_rules",
    )
    kind = models.CharField(_("kind of data"), max_length=20, choices=RetentionKind.choices)
    months = models.PositiveSmallIntegerField(
        _("months"),
        validators=number_between(0, 1200, _("Write the number of months from 0 to 1200.")),
    )
    from_event = models.CharField(_("counted from"), max_length=20, choices=RetentionEvent.choices)
    confirmed_months = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    confirmed_from_event = models.CharField(max_length=20, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = RetentionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["municipality", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"], name="organizations_retentionrule_one_per_kind"
            )
        ]

    def __str__(self):
        return str(self.get_kind_display())

    def clean(self):
        allowed = RETENTION_EVENTS.get(self.kind, [])
        if self.kind and self.from_event not in allowed:
            raise ValidationError(
                {
                    "from_event": _("This kind of data is counted from: %(events)s.")
                    % {"events": ", ".join(str(RetentionEvent(e).label) for e in allowed)}
                }
            )

    @property
    def is_confirmed(self):
        return self.confirmed_months == self.months and self.confirmed_from_event == self.from_event

    def confirm(self, *, by, at):
        self.confirmed_months = self.months
        self.confirmed_from_event = self.from_event
        self.confirmed_at = at
        self.confirmed_by = by
        self.save(
            update_fields=[
                "confirmed_months",
                "confirmed_from_event",
                "confirmed_at",
                "confirmed_by",
            ]
        )
