"""The overview: counts of episodes by what, where, when, who and how the follow-up went, for
the units a person may see statistics of. Every figure is an aggregate the database computes
over the access-filtered episodes; where the viewer may not open the cases behind them, small
counts are protected and every count is rounded (suppression.py)."""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.conf import settings
from django.db import connection, connections
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    When,
)
from django.db.models.aggregates import Aggregate
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tryghed.accounts.models import EmploymentType
from tryghed.core.periods import months_before
from tryghed.followup.models import (
    FollowUpTask,
    q_reported_to_police,
    q_with_work_injury_report,
)
from tryghed.incidents.models import (
    Act,
    AnonymisedAffected,
    Incident,
    Kind,
    PerpetratorCategory,
    PlaceKind,
    Severity,
    Trigger,
    q_closed,
    q_injured,
    q_open,
    q_police_called,
    q_very_serious,
    q_with_absence,
)
from tryghed.organizations import access
from tryghed.organizations.models import Membership, Unit
from tryghed.stats.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    Shown,
    no_protection,
    protect,
    round_shown,
)

NOT_GIVEN = pgettext_lazy("statistics", "Not given")


def _is_month_end(day):
    return (day + timedelta(days=1)).day == 1


def covers_every_unit(units):
    """Whether `units` are all the units there are: then the episodes need no unit filter. On a
    deployment with several municipalities, one root's units are not all of them."""
    tree = access.tree()
    return frozenset(units) >= frozenset(tree.descendants(tree.root_ids))


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time()))


def threshold():
    return settings.STATS_SUPPRESSION_THRESHOLD


def rounding_base():
    return max(1, settings.STATS_ROUNDING_BASE)


@dataclass(frozen=True)
class Selection:
    """What the overview counts: episodes in `units` from `start` to `end` (both included),
    optionally of one kind and one severity, and only those reported since a moment (the
    summary's live tail)."""

    units: frozenset
    start: date
    end: date
    kind: str = ""
    severity: int | None = None
    all_units: bool = False  # every unit of the deployment: no unit filter is needed
    reported_since: datetime | None = None

    @property
    def previous(self):
        """The period of the same length just before; for whole months (the last of which may
        run to today), as many whole months just before."""
        if self.start.day == 1 and (_is_month_end(self.end) or self.end >= timezone.localdate()):
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = months_before(self.start, months)
            return replace(self, start=start, end=self.start - timedelta(days=1))
        length = (self.end - self.start).days + 1
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=length - 1), end=end)

    def episodes(self):
        # Bounds on the column itself (not on its date), so the index on occurred_at serves.
        incidents = Incident.objects.active().filter(
            occurred_at__gte=_midnight(self.start),
            occurred_at__lt=_midnight(self.end + timedelta(days=1)),
        )
        if not self.all_units:
            incidents = incidents.filter(unit__in=self.units)
        if self.kind:
            incidents = incidents.filter(kind=self.kind)
        if self.severity:
            incidents = incidents.filter(experienced_severity=self.severity)
        if self.reported_since:
            incidents = incidents.filter(reported_at__gte=self.reported_since)
        return incidents


@dataclass
class Row:
    label: str
    count: Shown
    extra: list = field(default_factory=list)  # further columns: numbers or Shown


@dataclass
class Table:
    """One chart and the table beside it."""

    slug: str
    title: str
    rows: list
    columns: list = field(default_factory=list)  # headers of the extra columns
    chart: str = "bar"  # bar, line, horizontal, grid, none
    note: str = ""
    heading: str = _("Episodes")  # the header of the numbers' column

    def chart_data(self):
        """What the chart script draws: labels and the shown numbers only."""
        data = {
            "slug": self.slug,
            "type": self.chart,
            "title": str(self.title),
            "labels": [str(row.label) for row in self.rows],
            "values": [row.count.number for row in self.rows],
        }
        if self.chart == "grid":
            data["columns"] = [str(column) for column in self.columns]
            data["points"] = [
                [day, hour, cell.number]
                for day, row in enumerate(self.rows)
                for hour, cell in enumerate(row.extra)
                if cell.number
            ]
        return data

    # Kept: the template asks for them once per row or cell (168 cells in the grid).
    @cached_property
    def largest(self):
        return max((row.count.number or 0 for row in self.rows), default=0)

    @cached_property
    def largest_cell(self):
        """The largest shown count among the extra columns (the weekday-and-hour grid)."""
        numbers = [v.number or 0 for row in self.rows for v in row.extra if isinstance(v, Shown)]
        return max(numbers, default=0)

    @property
    def has_suppressed(self):
        return any(row.count.state != SHOWN for row in self.rows) or any(
            isinstance(value, Shown) and value.state != SHOWN
            for row in self.rows
            for value in row.extra
        )


class Overview:
    """All of the overview's figures for one selection, as seen by one viewer."""

    def __init__(self, selection, *, protected):
        self.selection = selection
        self.protected = protected
        self.threshold = threshold()
        # Protected viewers see every count rounded to a multiple of this; others exactly.
        self.base = rounding_base() if protected else 1
        self.episodes = selection.episodes()
        self._counts = None

    def counts(self, group):
        """{value: episodes} for one of GROUPS; on PostgreSQL all groups come from one pass
        over the episodes (GROUPING SETS), elsewhere one query per group."""
        if connection.vendor != "postgresql":
            return _counts_of(_grouping_base(self.episodes), GROUPS[group])
        if self._counts is None:
            self._counts = _grouping_sets(self.episodes)
        return self._counts[group]

    def key_counts(self, selection):
        return _key_counts(selection.episodes())

    def list_counts(self, relation):
        """{act or trigger id: episodes}. COUNT(*), not of the row's id: PostgreSQL then counts
        from the (episode, act) index alone, without reading the rows."""
        through = getattr(Incident, relation).through
        column = f"{through._meta.get_field(relation[:-1]).column}"
        return dict(
            through.objects.filter(incident__in=self.episodes.values("pk"))
            .values_list(column)
            .annotate(n=Count("*"))
            .order_by()
        )

    def affected_counts(self, column):
        return _affected_counts(self.episodes, column)

    def perpetrator_counts(self):
        """{perpetrator id: episodes}."""
        return dict(
            self.episodes.filter(perpetrator__isnull=False)
            .values_list("perpetrator")
            .annotate(n=Count("pk"))
            .order_by()
        )

    def repeat_totals(self):
        """(perpetrators with more than one episode, their episodes)."""
        return repeats(self.perpetrator_counts())

    def median_days(self, which):
        start, end, condition = SPANS[which]
        return _median_days(self.episodes.filter(condition), start, end)

    def tenths(self, which):
        """{tenths of a day: episodes}: what the summary keeps of a median's spans."""
        start, end, condition = SPANS[which]
        spans = self.episodes.filter(condition).values_list(start, end)
        return Counter(tenths_between(begun, ended) for begun, ended in spans.iterator())

    def shown(self, values, *, partition=True):
        if not self.protected:
            return no_protection(values)
        return protect(values, self.threshold, partition=partition, base=self.base)

    def shown_median(self, days, episodes):
        """A median of days as a number, or, for a protected viewer, hidden when fewer than
        the threshold's number of episodes are behind it (a median of one is that case)."""
        if self.protected and days is not None and 0 < episodes < self.threshold:
            return Shown(days, HIDDEN)
        return days

    def table(self, slug, title, pairs, **options):
        """A table of (label, count) pairs that add up to the total."""
        counts = self.shown([count for _label, count in pairs])
        rows = [Row(label, shown) for (label, _count), shown in zip(pairs, counts, strict=True)]
        return Table(slug, title, rows, **options)

    # The figures ------------------------------------------------------------------------

    def key_figures(self):
        """The iceberg and the totals, this period against the previous one."""
        now = self.key_counts(self.selection)
        before = self.key_counts(self.selection.previous)
        labels = dict(KEY_FIGURES)
        current = self.shown(list(now.values()), partition=False)
        previous = self.shown(list(before.values()), partition=False)
        rows = []
        for name, this, last in zip(now, current, previous, strict=True):
            # The change between the two shown numbers: it tells nothing they do not.
            change = this.number - last.number if this.is_shown and last.is_shown else None
            rows.append(Row(labels[name], this, [last, change]))
        return Table(
            "key",
            _("The iceberg: all episodes and how many were reported further"),
            rows,
            columns=[_("Previous period"), _("Change")],
            chart="horizontal",
            heading=_("This period"),
        )

    def by_month(self):
        # Added up: the summary names a month by its first day, the live count by its moment.
        counts = Counter()
        for month, n in self.counts("month").items():
            counts[_month_key(month)] += n
        pairs = [(label, counts.get(key, 0)) for key, label in _months(self.selection)]
        return self.table("months", _("Episodes over time, by month"), pairs, chart="line")

    def by_choice(self, slug, title, column, choices, **options):
        counts = dict(self.counts(column))
        pairs = [(label, counts.pop(value, 0)) for value, label in choices]
        if "" in counts or None in counts:
            pairs.append((NOT_GIVEN, counts.get("", 0) + counts.get(None, 0)))
        return self.table(slug, title, pairs, **options)

    def by_kind(self):
        return self.by_choice("kinds", _("By kind"), "kind", Kind.choices)

    def by_severity(self):
        return self.by_choice(
            "severity",
            _("Severity as the employee experienced it"),
            "experienced_severity",
            Severity.choices,
        )

    def by_place(self):
        return self.by_choice(
            "places", _("By kind of place"), "place_kind", PlaceKind.choices, chart="horizontal"
        )

    def by_perpetrator(self):
        return self.by_choice(
            "perpetrators",
            _("Who did it"),
            "perpetrator_category",
            PerpetratorCategory.choices,
        )

    def by_list(self, slug, title, model, relation):
        """Acts and triggers: an episode can have several, so the rows overlap."""
        counts = self.list_counts(relation)
        names = model.objects.filter(Q(pk__in=counts) | Q(is_active=True))
        pairs = [(entry.label, counts.get(entry.pk, 0)) for entry in names]
        pairs.sort(key=lambda pair: -pair[1])
        counts = self.shown([count for _label, count in pairs], partition=False)
        rows = [Row(label, shown) for (label, _count), shown in zip(pairs, counts, strict=True)]
        note = _("An episode can have several, so the rows add up to more than the total.")
        return Table(slug, title, rows, chart="horizontal", note=note)

    def by_act(self):
        return self.by_list("acts", _("By act"), Act, "acts")

    def by_trigger(self):
        return self.by_list("triggers", _("What set it off"), Trigger, "triggers")

    def by_unit(self):
        """Counted in the units just below the selection's top, each with the units below it."""
        counts = self.counts("unit_id")
        tree = access.tree()
        tops = _top_units(tree, self.selection.units)
        rows_for = _row_units(tree, tops)
        totals = {}
        for unit_id, n in counts.items():
            row = rows_for.get(unit_id)
            if row is not None:
                totals[row] = totals.get(row, 0) + n
        names = dict(Unit.objects.filter(pk__in=set(rows_for.values())).values_list("pk", "name"))
        pairs = sorted(
            ((names[pk], totals.get(pk, 0)) for pk in set(rows_for.values())),
            key=lambda pair: str(pair[0]),
        )
        return self.table("units", _("By unit"), pairs, chart="horizontal")

    def by_weekday_and_hour(self):
        """One row per weekday, one column per hour; the cells add up to the total."""
        cells = self.counts("grid")
        values = [cells.get((day, hour), 0) for day in range(1, 8) for hour in range(24)]
        shown = self.shown(values)
        rows = []
        for day in range(7):
            hours = shown[day * 24 : (day + 1) * 24]
            rows.append(Row(capfirst(WEEKDAYS[day]), _sum_shown(hours, self.base), hours))
        return Table(
            "when",
            _("When: weekday and hour of the day"),
            rows,
            columns=[f"{hour:02d}" for hour in range(24)],
            chart="grid",
        )

    def by_employment(self):
        """Episodes that affected someone of each employment type, against the number of such
        people in the units."""
        counts = self.affected_counts("employment_type")
        heads = _headcounts(self.selection, "employment_type")
        pairs = [(label, counts.get(value, 0)) for value, label in EmploymentType.choices]
        headcount = [heads.get(value) for value, _label in EmploymentType.choices]
        return self._against_headcount(
            "employment", _("Who it happens to: employment type"), pairs, headcount
        )

    def by_job_title(self):
        counts = self.affected_counts("job_title")
        heads = _headcounts(self.selection, "job_title")
        titles = sorted(set(counts) | set(heads), key=lambda title: (-counts.get(title, 0), title))
        pairs = [(title or NOT_GIVEN, counts.get(title, 0)) for title in titles[:15]]
        headcount = [heads.get(title) for title in titles[:15]]
        return self._against_headcount(
            "job_titles", _("Who it happens to: job title"), pairs, headcount
        )

    def _against_headcount(self, slug, title, pairs, headcount):
        counts = self.shown([count for _label, count in pairs], partition=False)
        rows = []
        for (label, _count), shown, people in zip(pairs, counts, headcount, strict=True):
            rate = round(shown.number / people * 10, 1) if people and shown.is_shown else None
            rows.append(Row(label, shown, [people, rate]))
        return Table(
            slug,
            title,
            rows,
            columns=[_("People in the units"), _("Episodes per 10 people")],
            chart="horizontal",
            note=_("An episode can affect several people. People are counted where known."),
        )

    def repeat_perpetrators(self):
        """How many episodes come from a perpetrator with more than one episode: counts only."""
        people, episodes = self.repeat_totals()
        values = [episodes, people]
        shown = self.shown(values, partition=False)
        labels = [_("Episodes from repeat perpetrators"), _("Repeat perpetrators")]
        rows = [Row(label, count) for label, count in zip(labels, shown, strict=True)]
        return Table("repeat", _("Repeat perpetrators"), rows, chart="none", heading=_("Number"))

    def followup(self):
        """Open and closed cases, overdue tasks, and the median days it took."""
        is_open = self.counts("is_open")
        status = {"open": is_open.get(1, 0), "closed": is_open.get(0, 0)}
        overdue = FollowUpTask.objects.overdue_in(self.episodes)
        counts = self.shown([status["open"], status["closed"]])
        overdue_shown = self.shown([overdue.count()], partition=False)[0]
        rows = [
            Row(_("Open cases"), counts[0]),
            Row(_("Closed cases"), counts[1]),
            Row(_("Overdue follow-up tasks"), overdue_shown),
        ]
        medians = [
            (
                _("Median days from episode to report"),
                self.shown_median(self.median_days("to_report"), sum(is_open.values())),
            ),
            (
                _("Median days from report to closing"),
                self.shown_median(self.median_days("to_close"), status["closed"]),
            ),
        ]
        followup = Table("followup", _("The follow-up"), rows, chart="none", heading=_("Number"))
        return followup, medians

    def tables(self):
        followup, medians = self.followup()
        self.medians = medians
        return [
            self.key_figures(),
            self.by_month(),
            self.by_kind(),
            self.by_severity(),
            self.by_act(),
            self.by_trigger(),
            self.by_place(),
            self.by_unit(),
            self.by_weekday_and_hour(),
            self.by_employment(),
            self.by_job_title(),
            self.by_perpetrator(),
            self.repeat_perpetrators(),
            followup,
        ]


KEY_FIGURES = [
    ("total", _("All episodes")),
    ("serious", _("Experienced as very serious")),
    ("injured", _("With physical injury")),
    ("absence", _("With absence")),
    ("work_injury", _("With a work-injury report")),
    ("police", _("Reported to the police")),
    ("police_called", _("Police called during the episode (not a police report)")),
]


# The iceberg's flags after "total", in KEY_FIGURES' order: counted from the episodes here and
# into the summary (summary.py) with these same conditions.
FLAGS = {
    "serious": q_very_serious(),
    "injured": q_injured(),
    "absence": q_with_absence(),
    "work_injury": q_with_work_injury_report(),
    "police": q_reported_to_police(),
    "police_called": q_police_called(),
}

# The spans the medians measure: (from, to, which episodes have one).
SPANS = {
    "to_report": ("occurred_at", "reported_at", Q()),
    "to_close": ("reported_at", "closed_at", q_closed()),
}


def _key_counts(episodes):
    flags = {name: Count("pk", filter=condition) for name, condition in FLAGS.items()}
    return episodes.aggregate(total=Count("pk"), **flags)


def repeats(perpetrator_counts):
    """(perpetrators with more than one episode, their episodes)."""
    repeated = [n for n in perpetrator_counts.values() if n > 1]
    return len(repeated), sum(repeated)


def tenths_between(begun, ended):
    return max(0, int((ended - begun).total_seconds() // 8640))


def median_of_tenths(counts):
    """The median in days, to a tenth, of {tenths of a day: episodes}."""
    ordered = sorted(counts.items())
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, n in ordered:
        while wanted and wanted[0] < seen + n:
            found.append(value)
            wanted.pop(0)
        seen += n
    return round(sum(found) / len(found) / 10, 1)


# The plain groupings of the overview: name -> the columns of _grouping_base() it groups by.
GROUPS = {
    "kind": ["kind"],
    "experienced_severity": ["experienced_severity"],
    "place_kind": ["place_kind"],
    "perpetrator_category": ["perpetrator_category"],
    "unit_id": ["unit_id"],
    "month": ["month"],
    "grid": ["weekday", "hour"],
    "is_open": ["is_open"],
}


def _grouping_base(episodes):
    return episodes.annotate(
        month=TruncMonth("occurred_at"),
        weekday=ExtractIsoWeekDay("occurred_at"),
        hour=ExtractHour("occurred_at"),
        is_open=Case(When(q_open(), then=1), default=0),
    ).order_by()


def _counts_of(base, columns):
    rows = base.values_list(*columns).annotate(n=Count("pk"))
    if len(columns) == 1:
        return {row[0]: row[1] for row in rows}
    return {tuple(row[:-1]): row[-1] for row in rows}


def _grouping_sets(episodes):
    """Every group of GROUPS in one query: one scan of the episodes, however many there are."""
    columns = list(dict.fromkeys(column for group in GROUPS.values() for column in group))
    database = connections[episodes.db]  # the replica inside core.replica.replica_reads
    sql, params = _grouping_base(episodes).values(*columns).query.sql_with_params()
    quoted = [database.ops.quote_name(column) for column in columns]
    sets = ", ".join(
        "(" + ", ".join(database.ops.quote_name(c) for c in group) + ")"
        for group in GROUPS.values()
    )
    query = (
        f"SELECT GROUPING({', '.join(quoted)}), {', '.join(quoted)}, COUNT(*) "
        f"FROM ({sql}) AS episodes GROUP BY GROUPING SETS ({sets})"
    )
    masks = {}
    for name, group in GROUPS.items():
        # GROUPING() sets the bit of every column not in the set; the first column is the
        # highest bit.
        masks[sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in group)] = (
            name
        )
    result = {name: {} for name in GROUPS}
    with database.cursor() as cursor:
        cursor.execute(query, params)
        for mask, *values, n in cursor.fetchall():
            name = masks[mask]
            row = dict(zip(columns, values, strict=True))
            key = tuple(row[c] for c in GROUPS[name])
            result[name][key[0] if len(key) == 1 else key] = n
    return result


def _sum_shown(cells, base):
    """A weekday's total: shown only when every hour of it is, and then rounded on its own
    (not a sum of rounded hours). A day whose one episode hour is "<3" and the rest 0 has "<3"
    as its total too: that says nothing the hours do not, and it is what the page promises."""
    total = sum(cell.value for cell in cells)
    if all(cell.is_shown for cell in cells):
        return round_shown(Shown(total), base)
    hidden = [cell for cell in cells if not cell.is_shown]
    if len(hidden) == 1 and hidden[0].state == SMALL and total == hidden[0].value:
        return Shown(total, SMALL)
    return Shown(total, HIDDEN)


def _month_key(moment):
    if moment is None:
        return None
    if hasattr(moment, "date"):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return (moment.year, moment.month)
    return (moment.year, moment.month)


def _months(selection):
    year, month = selection.start.year, selection.start.month
    while (year, month) <= (selection.end.year, selection.end.month):
        yield (year, month), date_format(date(year, month, 1), "N Y")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _top_units(tree, units):
    """The highest units of a set: those whose parent is not in it."""
    return [pk for pk in units if tree.parent.get(pk) not in units]


def _row_units(tree, tops):
    """{unit id: the row it is counted in}: with one top unit, its children (and the top
    itself for its own episodes); with several, the tops."""
    if len(tops) == 1:
        top = tops[0]
        rows = {top: top}
        for child in tree.children.get(top, ()):
            for unit_id in tree.descendants([child]):
                rows[unit_id] = child
        return rows
    return {unit_id: top for top in tops for unit_id in tree.descendants([top])}


def _affected_counts(episodes, column):
    """Episodes per value of the affected people's `column`; an anonymised case counts through
    what it kept of them (AnonymisedAffected), so its figures do not change."""
    through = Incident.affected.through
    rows = (
        through.objects.filter(incident__in=episodes.values("pk"))
        .values_list(f"user__{column}")
        .annotate(n=Count("incident", distinct=True))
        .order_by()
    )
    kept = (
        AnonymisedAffected.objects.filter(incident__in=episodes.values("pk"))
        .values_list(column)
        .annotate(n=Count("incident", distinct=True))
        .order_by()
    )
    counts = dict(rows)
    for value, n in kept:
        counts[value] = counts.get(value, 0) + n
    return counts


def _headcounts(selection, column):
    from django.contrib.auth import get_user_model

    # Each person once, however many memberships in the units: EXISTS, not a join to count
    # again with DISTINCT.
    memberships = Membership.objects.filter(user=OuterRef("pk"))
    if not selection.all_units:
        memberships = memberships.filter(unit__in=selection.units)
    people = get_user_model().objects.filter(Exists(memberships), is_active=True)
    return dict(people.values_list(column).annotate(n=Count("pk")).order_by())


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _median_days(episodes, start, end):
    """The median of `end - start` in days, computed by the database."""
    span = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    if connection.vendor == "postgresql":
        value = episodes.aggregate(median=Median(span))["median"]
    else:
        ordered = episodes.annotate(span=span).order_by("span").values_list("span", flat=True)
        n = episodes.count()
        if not n:
            return None
        middle = list(ordered[(n - 1) // 2 : n // 2 + 1])
        value = sum(middle, timedelta()) / len(middle)
    if value is None:
        return None
    return round(value.total_seconds() / 86400, 1)
