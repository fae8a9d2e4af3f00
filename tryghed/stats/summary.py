"""The overview from MonthlyCount, with a live tail: the same figures as Overview, read from
pre-counted rows instead of every episode. A rebuild counts every episode reported before a
moment just before it began (`counted_before`), by unit and month, this month's too. A period's
figures come from it, summed over the selection's units (a unit and the units below it, a
center, a municipality), and from the episodes reported since that moment, counted live by
Overview itself (the live tail): a new report is in the figures at once, whichever month it
happened in. Used only where that gives the same answer (`applies`): whole months, the last of
which may end on or after the last day the summary counted, and a summary rebuilt within
STATS_SUMMARY_MINUTES; a change to an episode reported before the rebuild (closed, voided, its
kind changed) is in the figures from the next rebuild. Everything else is counted live. The
medians come from counts per tenth of a day.

What the summary cannot give is always live, here too: the overdue follow-up tasks (they
depend on the moment, not on the episode), and the number of people in the units."""

from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from functools import cached_property
from itertools import batched

from django.conf import settings
from django.db import connection, connections, router, transaction
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncMonth
from django.utils import timezone

from tryghed.core import locks
from tryghed.core.bulk import analyze
from tryghed.core.sweep import sweep_job
from tryghed.incidents.models import AnonymisedAffected, Incident, q_active
from tryghed.organizations import access
from tryghed.stats.models import MonthlyCount, MunicipalityMonthlyCount, SummaryBuilt
from tryghed.stats.overview import (
    FLAGS,
    GROUPS,
    SPANS,
    Overview,
    _grouping_base,
    median_of_tenths,
    tenths_between,
)

# What every row of the summary is counted by. The unit is the episode's own unit; the rows of
# a unit's overview are those of the units below it too.
KEYS = ["unit_id", "month", "kind", "experienced_severity"]
# Two rebuilds at once would each delete what was there and insert their own rows: double
# counts. One at a time, and the other skips (the sweep runs in every worker).
LOCK = "stats.summary"
# A rebuild counts the episodes reported this long before it began, and the live tail those
# reported since: a report whose transaction took its time before the rebuild began and
# committed after the rebuild read the episodes, or a report from a web server whose clock is a
# little behind the worker's, is then in the live tail and not lost until the next rebuild.
MARGIN = timedelta(minutes=2)


def counted_before(built_at):
    """The summary built at `built_at` counts the episodes reported before this moment."""
    return built_at - MARGIN


def _repeatable_read(using="default"):
    """Called first in a transaction just begun: on PostgreSQL its statements read one
    snapshot (REPEATABLE READ, which a standby allows too), not each its own. Inside a
    transaction begun elsewhere (a test's), nothing: that transaction has begun reading."""
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


@contextmanager
def _one_state(using):
    """The reads inside see the summary as one rebuild left it: its rows and the moment it was
    built, though another rebuild commits meanwhile (PostgreSQL). SQLite, where a transaction
    would hold up every report (BEGIN IMMEDIATE), reads as before: one process serves the
    demo, and the summary is read in a few queries one after the other."""
    if connections[using].vendor != "postgresql" or connections[using].in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        _repeatable_read(using)
        yield


# Building ------------------------------------------------------------------------------

# The summary's columns, in the order _insert writes them.
COLUMNS = ["unit_id", "root_id", "month", "kind", "severity", "figure", "value", "episodes"]
# What a grouped query selects for _insert: its aliases, in the order of COLUMNS (less the root
# and the figure, which _insert gives).
ALIASES = ["s_unit", "s_month", "s_kind", "s_severity", "s_value", "s_n"]
BATCH = 5000


def build():
    """Count every live episode reported before `counted_before(now)` again; returns how many
    rows the summary holds, or None when another process is rebuilding it right now (its
    result stands).

    The counting is done by the database: per municipality, one grouped INSERT ... SELECT per
    figure, so no row passes through this process (except the spans' tenths of a day where
    the database cannot compute them exactly as Python does: there, streamed in key order and
    written in batches). Memory stays the same however many episodes there are."""
    with transaction.atomic():
        # Every figure from the same episodes, though cases are closed and edited meanwhile.
        _repeatable_read()
        if not locks.try_lock(LOCK):
            return None
        now = timezone.now()
        before = counted_before(now)
        # Readers see the old rows until this transaction commits (PostgreSQL); TRUNCATE would
        # make them wait for the whole rebuild.
        MonthlyCount.objects.all().delete()
        rows = 0
        for root, units in _units_by_root().items():
            for figure, grouped in _figures(before, units):
                rows += _write(grouped, root, figure)
        add_up_per_municipality()
        # Else the overviews are planned on the tables as autovacuum last saw them (after the
        # first rebuild: empty), until it analyzes them on its own schedule.
        analyze(MonthlyCount, MunicipalityMonthlyCount)
        SummaryBuilt.objects.all().delete()
        SummaryBuilt.objects.create(built_at=now)
    return rows


def _units_by_root():
    """{root: its units}: every unit, under the municipality it belongs to."""
    tree = access.tree()
    units = defaultdict(list)
    for pk in tree.parent:
        units[tree.root_of(pk)].append(pk)
    return units


def add_up_per_municipality():
    """MunicipalityMonthlyCount from MonthlyCount, in the database: its rows summed over each
    root's units. In the rebuild's transaction, so the two always agree."""
    MunicipalityMonthlyCount.objects.all().delete()
    columns = "root_id, month, kind, severity, figure, value"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MunicipalityMonthlyCount._meta.db_table} ({columns}, episodes) "
            f"SELECT {columns}, SUM(episodes) FROM {MonthlyCount._meta.db_table} "
            f"GROUP BY {columns} ORDER BY root_id, figure, month"
        )


def month_of(moment):
    """The first day of the month of `moment` (what TruncMonth gives), in local time."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date().replace(day=1) if hasattr(moment, "date") else moment.replace(day=1)


def _write(grouped, root, figure):
    """Write `grouped` (a query of ALIASES, or an iterable of (unit, month, kind, severity,
    value, n) from Python) as the `figure` rows of `root`; returns how many."""
    if isinstance(grouped, QuerySet):
        return _insert(grouped, root, figure)
    written = 0
    rows = (
        MonthlyCount(
            unit_id=unit,
            root_id=root,
            month=month_of(month),
            kind=kind,
            severity=severity,
            figure=figure,
            value=str(value),
            episodes=n,
        )
        for unit, month, kind, severity, value, n in grouped
    )
    for batch in batched(rows, BATCH):
        MonthlyCount.objects.bulk_create(batch)
        written += len(batch)
    return written


def _insert(grouped, root, figure):
    """INSERT ... SELECT: the database writes the rows it counts."""
    database = connections[grouped.db]
    quote = database.ops.quote_name
    sql, params = grouped.query.sql_with_params()
    selected = [quote(alias) for alias in ALIASES]
    query = (
        f"INSERT INTO {quote(MonthlyCount._meta.db_table)} "
        f"({', '.join(quote(column) for column in COLUMNS)}) "
        f"SELECT {selected[0]}, %s, {selected[1]}, {selected[2]}, {selected[3]}, %s, "
        f"{', '.join(selected[4:])} FROM ({sql}) AS counted"
    )
    with database.cursor() as cursor:
        cursor.execute(query, [root, figure, *params])
        return cursor.rowcount


def _text(*columns):
    """The columns as one text, joined by "-" (what the summary's value holds)."""
    parts = [Cast(column, CharField()) for column in columns]
    joined = parts[:1]
    for part in parts[1:]:
        joined += [Value("-"), part]
    return Concat(*joined, output_field=CharField()) if len(joined) > 1 else joined[0]


def _grouped(queryset, value=None, *, count=None, prefix=""):
    """`queryset` counted by the summary's keys and `value` (no value: ""), selected as
    ALIASES. `prefix` leads from `queryset`'s model to the episode."""
    month = TruncMonth(f"{prefix}occurred_at") if prefix else F("month")
    return (
        queryset.annotate(
            s_unit=F(f"{prefix}unit_id"),
            s_month=Cast(month, DateField()),
            s_kind=F(f"{prefix}kind"),
            s_severity=F(f"{prefix}experienced_severity"),
            s_value=Value("") if value is None else value,
        )
        .values(*ALIASES[:-1])
        .annotate(s_n=count or Count("pk"))
        .order_by()
    )


def _figures(before, units):
    """(figure, its counts) for the live episodes in `units` reported before `before`, with the
    groupings, flags and spans Overview counts. The unit's grouping is the rows' own unit: no
    figure of its own."""
    base = _grouping_base(Incident.objects.active().filter(reported_at__lt=before, unit__in=units))
    yield "all", _grouped(base)
    for name, columns in GROUPS.items():
        if name not in KEYS:
            yield name, _grouped(base, _text(*columns))
    for name, condition in FLAGS.items():
        flagged = _grouped(base, Value(name), count=Count("pk", filter=condition))
        yield "flag", flagged.filter(s_n__gt=0)
    yield "perpetrator", _grouped(base.filter(perpetrator__isnull=False), _text("perpetrator_id"))
    for relation in ("acts", "triggers"):
        through = getattr(Incident, relation).through
        yield relation, _by_incident(through, before, units, relation[:-1])
    for column in ("employment_type", "job_title"):
        # As Overview counts them: the affected people, and what an anonymised case kept of
        # them (AnonymisedAffected). Two sets of rows: the overview sums them.
        yield column, _by_incident(Incident.affected.through, before, units, f"user__{column}")
        yield column, _by_incident(AnonymisedAffected, before, units, column)
    for which in SPANS:
        yield which, _tenths(which, base)


def _by_incident(model, before, units, value):
    """The episodes counted by `value`, for rows of `model` that point at an episode: the
    many-to-many rows and the anonymised affected."""
    rows = model.objects.filter(
        q_active("incident__"), incident__reported_at__lt=before, incident__unit__in=units
    )
    return _grouped(rows, _text(value), count=Count("incident", distinct=True), prefix="incident__")


class Tenths(Func):
    """tenths_between(start, end) in SQL, where the database computes it exactly: whole
    tenths of a day (8,640 s) between two moments, at least 0. PostgreSQL: EXTRACT(EPOCH) of
    an interval is an exact numeric (microseconds), as Python's timedelta is."""

    arg_joiner = " - "
    template = "GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 8640))::integer"
    output_field = IntegerField()

    def __init__(self, start, end):
        super().__init__(end, start)


def _tenths(which, base):
    """Episodes by how many tenths of a day the span `which` lasted."""
    start, end, condition = SPANS[which]
    spans = base.filter(condition)
    if connections[spans.db].vendor == "postgresql":
        return _grouped(spans, _text(Tenths(start, end)))
    return _tenths_in_python(spans.values_list(*KEYS, start, end).order_by(*KEYS))


def _tenths_in_python(rows):
    """(unit, month, kind, severity, tenths, n) from `rows` in key order: one key's counts at a
    time."""
    key, counts = None, Counter()
    for *found, begun, ended in rows.iterator(chunk_size=BATCH):
        if found != key:
            for tenths, n in counts.items():
                yield *key, tenths, n
            key, counts = found, Counter()
        counts[tenths_between(begun, ended)] += 1
    for tenths, n in counts.items():
        yield *key, tenths, n


def forget():
    """Episodes came in with report times before the summary's moment (the demo's, generated
    ones): neither its rows nor its live tail hold them, so the overview counts live until the
    sweep rebuilds it."""
    SummaryBuilt.objects.all().delete()


@sweep_job("stats.summary")
def rebuild_when_old(now):
    """Rebuild the summary when it is older than half of STATS_SUMMARY_MINUTES, unless another
    worker is rebuilding it."""
    with transaction.atomic():
        _repeatable_read()
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


def _month_end(day):
    return (day + timedelta(days=1)).day == 1


def _takes_whole_months(selection, last_day):
    """Whether every month the summary counted in `selection` lies in it whole: it starts on
    the first of a month and ends at a month's end or on or after `last_day`, the last day
    (local time) the summary counted."""
    if selection.start.day != 1:
        return False
    return _month_end(selection.end) or selection.end >= last_day


def applies(selection):
    """Whether the summary and its live tail give the selection's figures: whole months (for
    the period and the one it is compared with), something to read from the summary, and a
    summary rebuilt within STATS_SUMMARY_MINUTES. Any set of units will do: the summary counts
    each unit's episodes apart."""
    return _applies(selection, built_at())


def _applies(selection, moment):
    if not settings.STATS_SUMMARY_MINUTES:
        return False
    age = timedelta(minutes=settings.STATS_SUMMARY_MINUTES)
    if moment is None or moment < timezone.now() - age:
        return False
    last_day = timezone.localtime(counted_before(moment)).date()
    return selection.start <= last_day and all(
        _takes_whole_months(part, last_day) for part in (selection, selection.previous)
    )


def whole_municipalities(units):
    """The roots of `units` when they are whole municipalities (the whole deployment, or one
    municipality of several), else None."""
    tree = access.tree()
    roots = [pk for pk in tree.root_ids if pk in units]
    if roots and tree.descendants(roots) == set(units):
        return roots
    return None


def figures_for(selection, *, protected):
    """The overview's figures for a selection: from the summary with its live tail where that
    gives them, otherwise counted from the episodes. The one way the overview, its exports and
    the annual report count."""
    with _one_state(router.db_for_read(MonthlyCount)):
        moment = built_at()
        if _applies(selection, moment):
            return SummaryOverview(selection, protected=protected, moment=moment)
    return Overview(selection, protected=protected)


def figures_seen_by(user, selection):
    """The figures as `user` sees them: protected unless they may open every case behind
    them."""
    protected = not access.reads_every_case_in(user, selection.units)
    return figures_for(selection, protected=protected)


def _merged(*counts):
    """{value: n} summed over several {value: n}, in the order the values first appear."""
    total = {}
    for part in counts:
        for value, n in part.items():
            total[value] = total.get(value, 0) + n
    return total


class SummaryOverview(Overview):
    """Overview's figures: the summary's months from MonthlyCount, plus the episodes reported
    since, counted live by an Overview of the tail."""

    def __init__(self, selection, *, protected, moment=None):
        """Reads everything it takes from the summary at once, from one state of it (a
        rebuild moves the moment the tail begins at: rows of a newer rebuild with this tail
        would count the reports between the two moments twice). `moment`: when the summary
        was built, as the caller read it in the same state."""
        super().__init__(selection, protected=protected)
        with _one_state(router.db_for_read(MonthlyCount)):
            self.built_at = moment or built_at()
            self.counted_before = counted_before(self.built_at)
            self._figures = None
            self.figures()
            self._key_rows = {
                part: self._summarised_key_counts(part) for part in (selection, selection.previous)
            }
        self.tail = self.live_tail(selection)

    def live_tail(self, selection):
        """An Overview of the selection's episodes reported since the summary counted."""
        return Overview(replace(selection, reported_since=self.counted_before), protected=False)

    @cached_property
    def tail_is_empty(self):
        """Whether no episode of the selection or of the period before it was reported since
        the summary counted: between two rebuilds the usual case, answered by one query (a
        partial index holds the recent reports) instead of a dozen that each count nothing."""
        # The two periods as read from the summary (one, for an empty period: its own before).
        both = replace(self.selection, start=min(part.start for part in self._key_rows))
        return not self.live_tail(both).episodes.exists()

    def rows(self, selection, *, by_unit=False):
        """The summarised rows of `selection`'s months, found by the root where the units are
        whole municipalities, otherwise by unit; for whole municipalities, unless the rows are
        wanted `by_unit`, their sums per municipality (MunicipalityMonthlyCount)."""
        roots = whole_municipalities(selection.units)
        model = MunicipalityMonthlyCount if roots and not by_unit else MonthlyCount
        rows = model.objects.filter(
            month__gte=selection.start.replace(day=1),
            month__lte=selection.end.replace(day=1),
        )
        rows = rows.filter(root__in=roots) if roots else rows.filter(unit__in=selection.units)
        if selection.kind:
            rows = rows.filter(kind=selection.kind)
        if selection.severity:
            rows = rows.filter(severity=selection.severity)
        return rows

    def figures(self):
        """{figure: {value: episodes}} of the summarised months, their totals by month, kind
        and severity, and by unit: three grouped queries, each answering with a row per value
        (a unit's rows are summed in the database, not here)."""
        if self._figures is None:
            rows = self.rows(self.selection)
            result = defaultdict(dict)
            for figure, value, n in (
                rows.exclude(figure="all")
                .values_list("figure", "value")
                .annotate(n=Sum("episodes"))
            ):
                result[figure][value] = n
            for name in KEYS:
                result[name] = defaultdict(int)
            totals = rows.filter(figure="all").values_list("month", "kind", "severity")
            for month, kind, severity, n in totals.annotate(n=Sum("episodes")):
                result["month"][month] += n
                result["kind"][kind] += n
                result["experienced_severity"][severity] += n
            by_unit = self.rows(self.selection, by_unit=True).filter(figure="all")
            result["unit_id"].update(by_unit.values_list("unit_id").annotate(n=Sum("episodes")))
            self._figures = result
        return self._figures

    def _with_tail(self, summarised, live):
        """The summarised counts plus the live tail's (`live` asks the tail's Overview)."""
        if self.tail_is_empty:
            return _merged(summarised)
        return _merged(summarised, live(self.tail))

    def counts(self, group):
        return self._with_tail(self.summarised_counts(group), lambda tail: tail.counts(group))

    def summarised_counts(self, group):
        values = self.figures().get(group, {})
        if group in KEYS:
            return dict(values)
        if group == "is_open":
            return {int(value): n for value, n in values.items()}
        if group == "grid":
            return {tuple(int(part) for part in value.split("-")): n for value, n in values.items()}
        return dict(values)

    def _summarised_key_counts(self, selection):
        counts = dict.fromkeys(["total", *FLAGS], 0)
        rows = self.rows(selection).filter(figure__in=["all", "flag"])
        for figure, value, n in rows.values_list("figure", "value").annotate(n=Sum("episodes")):
            counts["total" if figure == "all" else value] += n
        return counts

    def key_counts(self, selection):
        counts = self._key_rows.get(selection)
        if counts is None:
            counts = self._summarised_key_counts(selection)
        if self.tail_is_empty and selection in self._key_rows:
            return _merged(counts)
        tail = self.live_tail(selection)
        return _merged(counts, tail.key_counts(tail.selection))

    def list_counts(self, relation):
        summarised = {int(value): n for value, n in self.figures().get(relation, {}).items()}
        return self._with_tail(summarised, lambda tail: tail.list_counts(relation))

    def affected_counts(self, column):
        summarised = dict(self.figures().get(column, {}))
        return self._with_tail(summarised, lambda tail: tail.affected_counts(column))

    def perpetrator_counts(self):
        summarised = {int(value): n for value, n in self.figures().get("perpetrator", {}).items()}
        return self._with_tail(summarised, lambda tail: tail.perpetrator_counts())

    def tenths(self, which):
        summarised = {int(value): n for value, n in self.figures().get(which, {}).items()}
        return self._with_tail(summarised, lambda tail: tail.tenths(which))

    def median_days(self, which):
        return median_of_tenths(self.tenths(which))
