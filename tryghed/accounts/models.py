"""People. A `User` is a municipal employee (also new hires, temps, apprentices and interns);
what they may see and do follows from their memberships of units (organizations)."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    NEW_HIRE = "new_hire", _("New hire")
    TEMP = "temp", _("Temp")
    APPRENTICE = "apprentice", _("Apprentice")
    INTERN = "intern", _("Intern")


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
