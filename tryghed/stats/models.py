"""The overview's one table: `MonthlyCount`, the episodes of each unit counted by month, kind and
severity for each figure of the overview. It is derived data, rebuilt from the episodes by the
sweep (summary.py), so that the overview of any set of units (a unit with the units below it, a
center, a municipality) reads pre-counted rows instead of scanning every episode. Nothing else
writes it; nothing reads a person from it."""

from django.db import models


class MonthlyCount(models.Model):
    # The episode's own unit: a unit's overview adds up the rows of the units below it too.
    unit = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    # The root (the municipality) of that unit when the row was counted: a municipality's
    # overview reads its own rows by this, and never another municipality's.
    root = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month, in local time
    kind = models.CharField(max_length=20)
    severity = models.PositiveSmallIntegerField()
    figure = models.CharField(max_length=30)  # see summary._figures
    value = models.CharField(max_length=200, blank=True)
    episodes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # By root for the totals by unit of a whole municipality (figure "all"): the figure
            # before the month, so the index finds that figure's months and nothing else (at
            # 2M episodes 250 ms with the month first, 48 ms so: docs/scale.md).
            models.Index(fields=["root", "figure", "month"], name="stats_monthly_root_fig_idx"),
            models.Index(fields=["unit", "month", "figure"], name="stats_monthly_unit_idx"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m} {self.figure}={self.value}: {self.episodes}"


class SummaryBuilt(models.Model):
    """When MonthlyCount was last rebuilt: one row."""

    built_at = models.DateTimeField()

    def __str__(self):
        return f"{self.built_at:%Y-%m-%d %H:%M}"


class MunicipalityMonthlyCount(models.Model):
    """MonthlyCount's rows added up over the units of each municipality (root): what the
    overview of a whole municipality reads, one row per value a month instead of one per unit
    and value (a large municipality has over a thousand units). Rebuilt with MonthlyCount, from
    it; it has no unit, so the "by unit" figure is still read from MonthlyCount."""

    root = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=20)
    severity = models.PositiveSmallIntegerField()
    figure = models.CharField(max_length=30)
    value = models.CharField(max_length=200, blank=True)
    episodes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["root", "figure", "month"], name="stats_municipality_month_idx"),
        ]

    def __str__(self):
        return f"{self.root_id} {self.month:%Y-%m} {self.figure}={self.value}: {self.episodes}"
