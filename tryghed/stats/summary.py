"""The municipality-wide overview from MonthlyCount: the same figures as Overview, read from a
few thousand pre-counted rows instead of every episode. Used only where it gives the same
answer: the whole municipality, whole months (the last one may run to today), and a summary
rebuilt within STATS_SUMMARY_MINUTES. The medians come from counts per tenth of a day."""

import calendar
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, Q, Sum, When
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.utils import timezone

from tryghed.core import locks
from tryghed.core.sweep import sweep_job
from tryghed.incidents.models import Incident, Severity
from tryghed.stats.models import MonthlyCount, SummaryBuilt
from tryghed.stats.overview import FILED, Overview, _month_key

FLAGS = {
    "serious": Q(experienced_severity=Severity.VERY_SERIOUS),
    "injured": Q(is_injured=True),
    "absence": Q(absence_days__gt=0) | Q(absence_from__isnull=False),
    "work_injury": Q(work_injury_report__isnull=False),
    "police": Q(police_report__status__in=FILED),
    "police_called": Q(police_called=True),
}
KEYS = ["month", "kind", "experienced_severity"]
# Two rebuilds at once would each delete what was there and insert their own rows: double
# counts. One at a time, and the other skips (the sweep runs in every worker).
LOCK = "stats.summary"


# Building ------------------------------------------------------------------------------


def build():
    """Count every live episode again; returns how many rows the summary holds, or None when
    another process is rebuilding it right now (its result stands)."""
    with transaction.atomic():
        if not locks.try_lock(LOCK):
            return None
        rows = [
            MonthlyCount(
                month=_first(month),
                kind=kind,
                severity=severity,
                figure=figure,
                value=str(value),
                episodes=n,
            )
            for figure, counts in _figures()
            for (month, kind, severity, value), n in counts
        ]
        MonthlyCount.objects.all().delete()
        MonthlyCount.objects.bulk_create(rows, batch_size=5000)
        SummaryBuilt.objects.all().delete()
        SummaryBuilt.objects.create(built_at=timezone.now())
    return len(rows)


def _first(moment):
    year, month = _month_key(moment)
    return date(year, month, 1)


def _base():
    return Incident.objects.active().annotate(month=TruncMonth("occurred_at")).order_by()


def _grouped(queryset, *columns, count=None):
    rows = queryset.values_list(*KEYS, *columns).annotate(n=count or Count("pk"))
    for *key, n in rows:
        month, kind, severity, *rest = key
        yield (month, kind, severity, "-".join(str(part) for part in rest)), n


def _figures():
    base = _base()
    yield "all", _grouped(base)
    for column in ("unit_id", "place_kind", "perpetrator_category"):
        yield column, _grouped(base, column)
    when = base.annotate(weekday=ExtractIsoWeekDay("occurred_at"), hour=ExtractHour("occurred_at"))
    yield "grid", _grouped(when, "weekday", "hour")
    is_open = base.annotate(is_open=Case(When(closed_at__isnull=True, then=1), default=0))
    yield "is_open", _grouped(is_open, "is_open")
    flags = base.values_list(*KEYS).annotate(
        **{name: Count("pk", filter=condition) for name, condition in FLAGS.items()}
    )
    yield "flag", _flag_rows(flags)
    yield "perpetrator", _grouped(base.filter(perpetrator__isnull=False), "perpetrator_id")
    for relation in ("acts", "triggers"):
        yield relation, _through(relation)
    for column in ("employment_type", "job_title"):
        yield column, _affected(column)
    yield "to_report", _tenths("occurred_at", "reported_at", base)
    yield "to_close", _tenths("reported_at", "closed_at", base.filter(closed_at__isnull=False))


def _flag_rows(rows):
    for month, kind, severity, *counts in rows:
        for name, n in zip(FLAGS, counts, strict=True):
            if n:
                yield (month, kind, severity, name), n


def _through(relation):
    through = getattr(Incident, relation).through
    column = through._meta.get_field(relation[:-1]).column
    rows = (
        through.objects.filter(incident__voided_at__isnull=True)
        .annotate(month=TruncMonth("incident__occurred_at"))
        .values_list("month", "incident__kind", "incident__experienced_severity", column)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for month, kind, severity, value, n in rows:
        yield (month, kind, severity, value), n


def _affected(column):
    through = Incident.affected.through
    rows = (
        through.objects.filter(incident__voided_at__isnull=True)
        .annotate(month=TruncMonth("incident__occurred_at"))
        .values_list("month", "incident__kind", "incident__experienced_severity", f"user__{column}")
        .annotate(n=Count("incident", distinct=True))
        .order_by()
    )
    for month, kind, severity, value, n in rows:
        yield (month, kind, severity, value), n


def _tenths(start, end, episodes):
    """Episodes by how many tenths of a day passed from `start` to `end`."""
    counts = defaultdict(int)
    rows = episodes.values_list("month", "kind", "experienced_severity", start, end)
    for month, kind, severity, begun, ended in rows.iterator(chunk_size=10000):
        tenths = max(0, int((ended - begun).total_seconds() // 8640))
        counts[month, kind, severity, tenths] += 1
    return counts.items()


@sweep_job("stats.summary")
def rebuild_when_old(now):
    """Rebuild the summary when it is older than half of STATS_SUMMARY_MINUTES, unless another
    worker is rebuilding it."""
    with transaction.atomic():
        if not locks.try_lock(LOCK):
            return 0
        # Read after the lock: a rebuild that just finished elsewhere counts.
        built = SummaryBuilt.objects.first()
        age = timedelta(minutes=settings.STATS_SUMMARY_MINUTES)
        if built is None or built.built_at < now - age / 2:
            return build()
    return 0


# Reading -------------------------------------------------------------------------------


def built_at():
    built = SummaryBuilt.objects.first()
    return built.built_at if built else None


def _month_aligned(selection):
    last = calendar.monthrange(selection.end.year, selection.end.month)[1]
    ends_well = selection.end.day == last or selection.end >= timezone.localdate()
    return selection.start.day == 1 and ends_well


def applies(selection):
    """Whether the summary gives the selection's figures: the whole municipality, whole
    months, and fresh."""
    if not selection.all_units or not settings.STATS_SUMMARY_MINUTES:
        return False
    if not (_month_aligned(selection) and _month_aligned(selection.previous)):
        return False
    moment = built_at()
    age = timedelta(minutes=settings.STATS_SUMMARY_MINUTES)
    return moment is not None and moment >= timezone.now() - age


class SummaryOverview(Overview):
    """Overview's figures, counted from MonthlyCount."""

    def __init__(self, selection, *, protected):
        super().__init__(selection, protected=protected)
        self.built_at = built_at()
        self._figures = None

    def rows(self, selection):
        rows = MonthlyCount.objects.filter(
            month__gte=selection.start.replace(day=1), month__lte=selection.end.replace(day=1)
        )
        if selection.kind:
            rows = rows.filter(kind=selection.kind)
        if selection.severity:
            rows = rows.filter(severity=selection.severity)
        return rows

    def figures(self):
        """{figure: {value: episodes}} for the selection, and the totals by month, kind and
        severity: two grouped queries."""
        if self._figures is None:
            rows = self.rows(self.selection)
            result = defaultdict(dict)
            for figure, value, n in (
                rows.exclude(figure="all")
                .values_list("figure", "value")
                .annotate(n=Sum("episodes"))
            ):
                result[figure][value] = n
            totals = (
                rows.filter(figure="all")
                .values_list("month", "kind", "severity")
                .annotate(n=Sum("episodes"))
            )
            for name in ("month", "kind", "experienced_severity"):
                result[name] = defaultdict(int)
            for month, kind, severity, n in totals:
                result["month"][month] += n
                result["kind"][kind] += n
                result["experienced_severity"][severity] += n
            self._figures = result
        return self._figures

    def counts(self, group):
        figures = self.figures()
        if group in ("month", "kind", "experienced_severity"):
            return dict(figures[group])
        values = figures.get(group, {})
        if group == "unit_id":
            return {int(value): n for value, n in values.items()}
        if group == "grid":
            return {tuple(int(part) for part in value.split("-")): n for value, n in values.items()}
        if group == "is_open":
            return {value == "1": n for value, n in values.items()}
        return values

    def key_counts(self, selection):
        rows = self.rows(selection).filter(figure__in=["all", "flag"])
        counts = dict.fromkeys(["total", *FLAGS], 0)
        for figure, value, n in rows.values_list("figure", "value").annotate(n=Sum("episodes")):
            counts["total" if figure == "all" else value] += n
        return {name: counts[name] for name in ["total", *FLAGS]}

    def list_counts(self, relation):
        return {int(value): n for value, n in self.figures().get(relation, {}).items()}

    def affected_counts(self, column):
        return dict(self.figures().get(column, {}))

    def repeat_totals(self):
        repeated = [n for n in self.figures().get("perpetrator", {}).values() if n > 1]
        return len(repeated), sum(repeated)

    def median_days(self, which):
        counts = sorted((int(value), n) for value, n in self.figures().get(which, {}).items())
        total = sum(n for _value, n in counts)
        if not total:
            return None
        wanted = [(total - 1) // 2, total // 2]
        found, seen = [], 0
        for value, n in counts:
            while wanted and wanted[0] < seen + n:
                found.append(value)
                wanted.pop(0)
            seen += n
        return round(sum(found) / len(found) / 10, 1)
