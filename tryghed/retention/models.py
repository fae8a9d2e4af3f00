"""Retention: the schedule itself is `organizations.RetentionRule` (municipality settings);
here is the `LegalHold`, which keeps a case out of the sweep while a police case, a
work-injury case or a complaint about it is still open."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HoldGround(models.TextChoices):
    POLICE = "police", _("A police case is still open")
    WORK_INJURY = "work_injury", _("A work-injury case is still open")
    COMPLAINT = "complaint", _("A complaint is still open")


class LegalHoldQuerySet(models.QuerySet):
    def in_force(self, today=None):
        return self.filter(ends_on__gte=today or timezone.localdate())


class LegalHold(models.Model):
    """While a hold is in force (up to and including its end date), the sweep leaves the case
    and its files as they are."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="legal_holds"
    )
    ground = models.CharField(_("why"), max_length=20, choices=HoldGround.choices)
    reason = models.CharField(_("reason"), max_length=300)
    ends_on = models.DateField(_("held until"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["ends_on", "pk"]

    def __str__(self):
        return f"{self.incident} ({self.ends_on})"
