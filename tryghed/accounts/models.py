"""People. A `User` is a municipal employee (also new hires, temps, apprentices and interns);
what they may see and do follows from their memberships of units (organizations).

A `SupportContact` (støtteperson) is someone a person wants called if something happens to them:
a colleague for peer first aid, or a next of kin. Only the managers of the person's units see
them, in the follow-up of a case about the person (access.may_see_support_contacts).

A `LoginProvider` is a municipality's own single sign-on (its Entra ID or AD FS) where one
deployment serves several (docs/login.md); its client secret stays in the environment.
"""

import os

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.accounts import oidc
from tryghed.organizations.models import EmploymentType, Municipality


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


# The environment's provider (settings.SSO_PROVIDER_ID): a municipality's own never takes its id.
ENVIRONMENT_PROVIDER_ID = "kommune"
# Only variables meant for it: a name such as SECRET_KEY would send that to the provider.
SECRET_VARIABLE = RegexValidator(
    r"^OIDC_CLIENT_SECRET_[A-Z0-9_]+\Z",
    _("A name that begins with OIDC_CLIENT_SECRET_, in capitals, digits and _."),
)


def not_the_environments(value):
    if value == ENVIRONMENT_PROVIDER_ID:
        raise ValidationError(_("This name is the environment's login provider's."))


class UidClaim(models.TextChoices):
    SUB = "sub", "sub"
    OID = "oid", _("oid (Entra ID)")


class LoginProviderQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(is_enabled=True)

    def for_root(self, root_id):
        """The municipality's enabled provider, or None."""
        return self.enabled().filter(municipality_id=root_id).first() if root_id else None


class LoginProvider(models.Model):
    """A municipality's own OpenID Connect provider. It replaces the environment's (`OIDC_*`)
    on the municipality's host names and logs in only the municipality's own people."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="login_provider",
    )
    provider_id = models.SlugField(
        _("name in the address"),
        max_length=40,
        unique=True,
        validators=[not_the_environments],
        help_text=_(
            "Part of the redirect URI registered at the provider: "
            "/konto/oidc/<name>/login/callback/. Changing it unlinks everyone."
        ),
    )
    name = models.CharField(
        _("name on the button"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the municipality's name."),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_("Exactly as `issuer` in the provider's discovery document."),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_variable = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        validators=[SECRET_VARIABLE],
        help_text=_(
            "The name of the variable, e.g. OIDC_CLIENT_SECRET_VALLENSBAEK. The secret itself "
            "is set in the environment, never here."
        ),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=300,
        blank=True,
        help_text=_("The municipality's own e-mail domains, separated by spaces."),
    )
    uid_claim = models.CharField(
        _("id claim"), max_length=10, choices=UidClaim.choices, default=UidClaim.SUB
    )
    discovery_url = models.URLField(
        _("discovery URL"),
        max_length=300,
        blank=True,
        help_text=_("Only where the discovery document is not found under the issuer."),
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)

    objects = LoginProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("login provider")
        verbose_name_plural = _("login providers")
        ordering = ["provider_id"]

    def __str__(self):
        return self.name or self.provider_id

    @property
    def secret(self):
        """The client secret, from the environment variable named; "" when it is not set."""
        return os.environ.get(self.client_secret_variable, "")

    def settings(self):
        """allauth's settings of the app (accounts/oidc.py), with the municipality it serves."""
        options = oidc.app_settings(
            issuer=self.issuer,
            email_domains=self.email_domains.replace(",", " ").split(),
            uid_claim=self.uid_claim,
            discovery_url=self.discovery_url,
        )
        return {**options, "municipality": self.municipality_id}
