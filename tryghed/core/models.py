"""The ground keeps one model: when a background duty last ran, so that every app process can
tell from the database whether the worker is alive (the health endpoint)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    SWEEP = "sweep"

    name = models.CharField(_("name"), max_length=50, unique=True)
    at = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name

    @classmethod
    def beat(cls, name, at=None):
        cls.objects.update_or_create(name=name, defaults={"at": at or timezone.now()})

    @classmethod
    def last(cls, name):
        """When `name` last ran, or None if it never has."""
        return cls.objects.filter(name=name).values_list("at", flat=True).first()
