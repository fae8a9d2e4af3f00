"""People. A `User` is a municipal employee (also new hires, temps, apprentices and interns);
what they may see and do follows from their memberships of units (organizations).

A `SupportContact` (støtteperson) is someone a person wants called if something happens to them:
a colleague for peer first aid, or a next of kin. Only the managers of the person's units see
them, in the follow-up of a case about the person (access.may_see_support_contacts).
"""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.organizations.models import EmploymentType


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.PERMANENT,
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Only lets a person into Django's admin together with an ADMIN membership (access.py).
    is_staff = models.BooleanField(_("staff status"), default=False)
    joined_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("Another person already has this e-mail address."),
            )
        ]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    def replace_support_contacts(self, contacts):
        """Make `contacts` (unsaved SupportContacts, in the order to call them) this person's
        support contacts, in place of those named before."""
        with transaction.atomic():
            self.support_contacts.all().delete()
            for order, contact in enumerate(contacts):
                contact.person, contact.order = self, order
            SupportContact.objects.bulk_create(contacts)


class SupportKind(models.TextChoices):
    COLLEAGUE = "colleague", _("Colleague")
    NEXT_OF_KIN = "next_of_kin", _("Next of kin")


class SupportContactManager(models.Manager):
    def get_queryset(self):
        # A contact is always shown by name, and a colleague's name lives on the colleague.
        return super().get_queryset().select_related("colleague")


class SupportContact(models.Model):
    """Either a colleague in the system, or someone by name (a next of kin, or a colleague the
    system does not know)."""

    Kind = SupportKind

    person = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="support_contacts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    colleague = models.ForeignKey(
        User,
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    relation = models.CharField(_("relation"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SupportContactManager()

    class Meta:
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(colleague__isnull=False, name="")
                    | (models.Q(colleague__isnull=True) & ~models.Q(name=""))
                ),
                name="accounts_supportcontact_colleague_or_name",
                violation_error_message=_("Choose a colleague or write a name, not both."),
            ),
            models.UniqueConstraint(
                fields=["person", "colleague"],
                condition=models.Q(colleague__isnull=False),
                name="accounts_supportcontact_colleague_once",
                violation_error_message=_("This colleague is already named."),
            ),
        ]

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self):
        return self.colleague.name if self.colleague_id else self.name

    @property
    def phone_uri(self):
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")
