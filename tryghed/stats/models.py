"""The overview's one table: `MonthlyCount`, the episodes of the whole deployment (every unit)
counted by month, kind and severity for each figure of the overview. It is derived data, rebuilt
from the episodes by the sweep (summary.py), so that the overview of every unit reads a few
thousand rows instead of scanning every episode. Nothing else writes it; nothing reads a person from
it."""

from django.db import models


class MonthlyCount(models.Model):
    month = models.DateField()  # the first day of the month, in local time
    kind = models.CharField(max_length=20)
    severity = models.PositiveSmallIntegerField()
    figure = models.CharField(max_length=30)  # see summary.FIGURES
    value = models.CharField(max_length=200, blank=True)
    episodes = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "figure"], name="stats_monthlycount_month_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.figure}={self.value}: {self.episodes}"


class SummaryBuilt(models.Model):
    """When MonthlyCount was last rebuilt: one row."""

    built_at = models.DateTimeField()

    def __str__(self):
        return f"{self.built_at:%Y-%m-%d %H:%M}"
