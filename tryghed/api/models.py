"""The API's keys. An `ApiToken` is either personal (scope PERSON: it acts as its person, with
exactly their access) or a system's (scope STATISTICS: one municipality's protected figures,
nothing else). Only a hash of the secret is kept; the secret is shown once, when it is made.
A token expires, and can be revoked."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access

SECRET_PREFIX = "tgh_"
USE_NOTED_EVERY = timedelta(minutes=1)


class Scope(models.TextChoices):
    PERSON = "person", _("Acts as the person")
    STATISTICS = "statistics", _("The municipality's statistics, protected")


def hash_secret(secret):
    """The secret is 256 random bits: one round of SHA-256 keeps it safe at rest."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def visible_to(self, user):
        """What `user` sees and may revoke (the rule is access.api_tokens_visible_to)."""
        return access.api_tokens_visible_to(user, self)

    def by_secret(self, secret):
        return self.filter(key_hash=hash_secret(secret)).first()


class ApiToken(models.Model):
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    municipality = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope=Scope.PERSON, user__isnull=False, municipality__isnull=True)
                | Q(scope=Scope.STATISTICS, user__isnull=True, municipality__isnull=False),
                name="api_apitoken_owner",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_personal(self):
        return self.scope == Scope.PERSON

    def is_usable(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def touch(self, now):
        """Note the use, at most once a minute: a busy system does not write on every call."""
        if self.last_used_at is None or now - self.last_used_at > USE_NOTED_EVERY:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
