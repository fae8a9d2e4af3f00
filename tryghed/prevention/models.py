"""Prevention: for now the `Measure`, a preventive action with an owner and a deadline, which
evaluations of episodes decide (and risk assessments will, later)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.organizations import access


class MeasureSource(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation of an episode")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The measures of the units whose cases the person reads (managers, safety reps and
        advisors), and those the person owns."""
        units = access.units_where(user, access.Perm.VIEW_CASES)
        return self.filter(models.Q(unit__in=units) | models.Q(owner=user))

    def open(self):
        return self.filter(done_at__isnull=True)


class Measure(models.Model):
    unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    title = models.CharField(_("measure"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("deadline"))
    source = models.CharField(_("source"), max_length=30, choices=MeasureSource.choices)
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("episode"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.done_at is None and self.due_on < timezone.localdate()
