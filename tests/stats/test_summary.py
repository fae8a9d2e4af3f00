"""The overview read from the monthly summary (with its live tail) gives the same figures as the
one counted from the episodes: for the whole municipality, a center, a unit with the units
below it, and any other set of units."""

import random
import threading
import time
from collections import Counter
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import person
from tests.incidents.factories import make_incident
from tests.planner import planned_rows
from tests.properties import examples
from tryghed.core.periods import months_before
from tryghed.core.sweep import run_sweep
from tryghed.incidents.defaults import seed_lists
from tryghed.incidents.models import (
    Act,
    Incident,
    Kind,
    Perpetrator,
    PerpetratorCategory,
    PlaceKind,
    Severity,
    Trigger,
)
from tryghed.organizations import access
from tryghed.organizations.roles import Role
from tryghed.stats import summary
from tryghed.stats.models import MonthlyCount, MunicipalityMonthlyCount, SummaryBuilt
from tryghed.stats.overview import Overview, Selection, _midnight
from tryghed.stats.suppression import Shown

HOUR = timedelta(hours=1)


@pytest.fixture
def municipality(tree):
    seed_lists(Act, Trigger)
    rng = random.Random(9)
    acts, triggers = list(Act.objects.all()), list(Trigger.objects.all())
    units = ["own", "below", "beside", "school"]
    people = [
        person(tree[name], Role.EMPLOYEE, job_title=f"Titel {i % 3}")
        for i, name in enumerate(units * 2)
    ]
    someone = Perpetrator.objects.create(unit=tree["own"], reference="XY-1")
    now = timezone.localtime()
    for _ in range(70):
        reporter = rng.choice(people)
        occurred_at = now - timedelta(days=rng.randint(0, 700), hours=rng.randint(1, 20))
        # Most reported a while after they happened, before the summary is built; some just
        # now, whenever they happened (late reports: the summary's live tail).
        reported_at = min(occurred_at + timedelta(minutes=rng.randint(5, 4000)), now - HOUR)
        incident = make_incident(
            reporter,
            tree[rng.choice(units)],
            kind=rng.choice(Kind.values),
            severity=rng.choice(Severity.values),
            occurred_at=occurred_at,
            reported_at=None if rng.random() < 0.15 else reported_at,
            place_kind=rng.choice([*PlaceKind.values, ""]),
            perpetrator_category=rng.choice([*PerpetratorCategory.values, ""]),
            acts=rng.sample(acts, 2),
            triggers=rng.sample(triggers, 1),
            perpetrator=someone if rng.random() < 0.2 else None,
            is_injured=rng.random() < 0.2,
            police_called=rng.random() < 0.2,
        )
        if rng.random() < 0.5:
            incident.closed_at = incident.reported_at + timedelta(days=rng.randint(1, 30))
            incident.save(update_fields=["closed_at"])
    return tree


def whole_municipality(start, end, kind="", severity=None):
    units = frozenset(access.tree().descendants(access.tree().root_ids))
    return Selection(units, start, end, kind, severity, all_units=True)


def scope(tree, name):
    """The units of an overview: the whole municipality, or a unit and everything below it."""
    if name == "root":
        return whole_municipality
    units = frozenset(access.tree().descendants([tree[name].pk]))

    def selection(start, end, kind="", severity=None):
        return Selection(units, start, end, kind, severity)

    return selection


def figures(overview):
    result = {}
    for table in overview.tables():
        result[table.slug] = [
            (str(row.label), row.count.value, [getattr(v, "value", v) for v in row.extra])
            for row in table.rows
        ]
    return result


@pytest.mark.parametrize("name", ["root", "center", "own"])
def test_the_summary_gives_the_same_figures_as_the_episodes(municipality, name):
    # The kinds and periods in one test: the municipality's episodes are made once for them.
    summary.build()
    today = timezone.localdate()
    for kind in ["", Kind.PHYSICAL]:
        for months in [3, 12, 24]:
            start = months_before(today.replace(day=1), months - 1)
            selection = scope(municipality, name)(start, today, kind)
            assert summary.applies(selection), (kind, months)
            try:
                assert_the_same(selection)
            except AssertionError as error:
                raise AssertionError(f"kind {kind!r}, {months} months") from error


def assert_the_same(selection):
    counted = Overview(selection, protected=True)
    summed = summary.SummaryOverview(selection, protected=True)
    assert figures(summed) == figures(counted)
    for (_label, a), (_label2, b) in zip(counted.medians, summed.medians, strict=True):
        # A median over too few episodes is hidden from this viewer: compare the raw figure.
        assert isinstance(a, Shown) == isinstance(b, Shown)
        a, b = getattr(a, "value", a), getattr(b, "value", b)
        assert (a is None and b is None) or abs(a - b) <= 0.15  # tenths of a day, rounded
    exact = figures(Overview(selection, protected=False))
    assert figures(summary.SummaryOverview(selection, protected=False)) == exact
    return exact


def test_a_whole_municipalitys_overview_reads_its_sums_not_each_units_rows(municipality):
    """A municipality of a thousand units reads as few summarised rows as one of ten: every
    figure but "by unit" from the sums per municipality, and no query per unit."""
    summary.build()
    today = timezone.localdate()
    selection = whole_municipality(months_before(today.replace(day=1), 11), today)
    with CaptureQueriesContext(connection) as queries:
        summed = summary.SummaryOverview(selection, protected=False)
        summed.tables()
    per_unit = [q["sql"] for q in queries if MonthlyCount._meta.db_table in q["sql"]]
    assert len(per_unit) == 1  # the episodes by unit
    assert "unit_id" in per_unit[0]
    summed_up = [q for q in queries if MunicipalityMonthlyCount._meta.db_table in q["sql"]]
    assert len(summed_up) == 4  # the figures, the totals by month, and both key figures
    assert figures(summed) == figures(Overview(selection, protected=False))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_rebuild_leaves_the_planner_knowing_how_many_rows_it_wrote(municipality):
    """Planned as the empty tables they were, a center's figures were sorted, not hashed: 13 ms
    where 5 ms do, at 10,000 episodes. The rebuild analyzes what it wrote."""
    summary.build()
    assert planned_rows(MonthlyCount) == MonthlyCount.objects.count() > 0
    assert planned_rows(MunicipalityMonthlyCount) == MunicipalityMonthlyCount.objects.count()


def test_the_summary_is_not_used_for_parts_of_months_but_for_a_units_whole_months(municipality):
    summary.build()
    today = timezone.localdate()
    assert not summary.applies(whole_municipality(date(today.year, 1, 2), today))
    units = frozenset(access.tree().descendants([municipality["own"].pk]))
    start = months_before(today.replace(day=1), 11)
    assert summary.applies(Selection(units, start, today))
    assert not summary.applies(Selection(units, start + timedelta(days=1), today))
    assert summary.figures_for(Selection(units, start, today), protected=False).built_at


def test_a_report_made_after_the_rebuild_is_in_the_figures_at_once(municipality):
    """Whichever month it happened in. A change to an episode reported before the rebuild is in
    them from the next rebuild, as the page says."""
    summary.build()
    today = timezone.localdate()
    selection = whole_municipality(months_before(today.replace(day=1), 11), today)
    total = summary.SummaryOverview(selection, protected=False).key_counts(selection)["total"]
    last_month = months_before(today.replace(day=1), 1)
    late = make_incident(
        person(municipality["own"], Role.EMPLOYEE),
        municipality["below"],
        occurred_at=_midnight(last_month) + timedelta(hours=10),
    )
    assert late.reported_at >= summary.counted_before(summary.built_at())
    summed = summary.SummaryOverview(selection, protected=False)
    assert summed.key_counts(selection)["total"] == total + 1
    assert figures(summed) == figures(Overview(selection, protected=False))

    earlier = Incident.objects.filter(
        reported_at__lt=summary.counted_before(summary.built_at()),
        occurred_at__gte=_midnight(selection.start),
    ).first()
    earlier.voided_at = timezone.now()
    earlier.save(update_fields=["voided_at"])
    summary.build()
    summed = summary.SummaryOverview(selection, protected=False)
    assert summed.key_counts(selection)["total"] == total
    assert figures(summed) == figures(Overview(selection, protected=False))


def test_with_nothing_reported_since_the_rebuild_the_live_tail_costs_one_query(municipality):
    """Between two rebuilds the live tail is usually empty: one look finds that, and the
    figures are the summary's. A late report of an episode in the period before brings the
    tail back, in that period's key figures too."""
    Incident.objects.filter(reported_at__gte=timezone.now() - HOUR).update(
        reported_at=F("occurred_at")
    )
    summary.build()
    today = timezone.localdate()
    selection = whole_municipality(months_before(today.replace(day=1), 11), today)
    with CaptureQueriesContext(connection) as queries:
        summed = summary.SummaryOverview(selection, protected=True)
        shown = figures(summed)
    assert summed.tail_is_empty
    assert shown == figures(Overview(selection, protected=True))
    recent = [query for query in queries if '"reported_at" >=' in query["sql"]]
    assert len(recent) == 1, [query["sql"] for query in recent]

    before = summed.key_counts(selection.previous)["total"]
    make_incident(
        person(municipality["own"], Role.EMPLOYEE),
        municipality["below"],
        occurred_at=_midnight(selection.previous.start) + timedelta(hours=10),
    )
    summed = summary.SummaryOverview(selection, protected=True)
    assert not summed.tail_is_empty
    assert summed.key_counts(selection.previous)["total"] == before + 1
    assert figures(summed) == figures(Overview(selection, protected=True))


def test_a_rebuild_while_the_figures_are_read_counts_no_report_twice(municipality):
    """The summary's rows and the moment its live tail begins are read together: a report in
    the tail of one rebuild is in the rows of the next."""
    summary.build()
    first = summary.built_at()
    make_incident(
        person(municipality["own"], Role.EMPLOYEE),
        municipality["own"],
        occurred_at=first - timedelta(hours=1),
        reported_at=first,
    )
    today = timezone.localdate()
    selection = whole_municipality(months_before(today.replace(day=1), 11), today)
    summed = summary.SummaryOverview(selection, protected=False)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        summary.build()
    assert summary.counted_before(summary.built_at()) > first  # the next rows count it
    assert figures(summed) == figures(Overview(selection, protected=False))


SCOPES = ["root", "center", "own", "below", "beside", "other_center", "school"]


@st.composite
def selections(draw):
    """Whole months back from this one (to today, or to the end of an earlier month), some
    units (a subtree, or any set of units), and maybe a kind and a severity."""
    months = draw(st.integers(1, 26))
    ends_before = draw(st.integers(0, months - 1))
    chosen = draw(
        st.one_of(
            st.sampled_from(SCOPES).map(lambda name: (name,)),
            st.sets(st.sampled_from(SCOPES[1:]), min_size=1, max_size=3).map(tuple),
        )
    )
    kind = draw(st.sampled_from(["", *Kind.values]))
    severity = draw(st.sampled_from([None, *Severity.values]))
    return months, ends_before, chosen, kind, severity


# Episodes added to the municipality's for one example: unit, kind, severity, days back, closed.
more_episodes = st.lists(
    st.tuples(
        st.sampled_from(["own", "below", "beside", "school"]),
        st.sampled_from(Kind.values),
        st.sampled_from(Severity.values),
        st.integers(0, 800),
        st.booleans(),
    ),
    max_size=8,
)


@given(choice=selections(), added=more_episodes)
@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_units_and_whole_months_from_the_summary_are_the_counts_of_the_episodes(
    municipality, choice, added
):
    with transaction.atomic():
        # Half reported before the rebuild, half after it (in its live tail).
        add(municipality, added[: len(added) // 2])
        summary.build()
        add(municipality, added[len(added) // 2 :], just_now=True)
        check_any_selection(municipality, choice)
        transaction.set_rollback(True)


def add(tree, episodes, *, just_now=False):
    """The episodes, reported a minute after they happened, or `just_now`."""
    reporter = person(tree["beside"], Role.EMPLOYEE)
    now = timezone.localtime()
    for unit, kind, severity, days, closed in episodes:
        occurred_at = now - timedelta(days=days, minutes=1)
        reported_at = occurred_at + timedelta(minutes=1)
        incident = make_incident(
            reporter,
            tree[unit],
            kind=kind,
            severity=severity,
            occurred_at=occurred_at,
            reported_at=None if just_now or reported_at > now - HOUR else reported_at,
        )
        if closed:
            incident.closed_at = incident.reported_at + timedelta(days=days % 9, hours=3)
            incident.save(update_fields=["closed_at"])


def check_any_selection(municipality, choice):
    months, ends_before, chosen, kind, severity = choice
    today = timezone.localdate()
    this_month = today.replace(day=1)
    start = months_before(this_month, months - 1)
    end = months_before(this_month, ends_before) - timedelta(days=1) if ends_before else today
    tree = access.tree()
    if len(chosen) == 1 and chosen[0] == "root":
        selection = whole_municipality(start, end, kind, severity)
    else:
        units = frozenset(tree.descendants([municipality[name].pk for name in chosen]))
        if len(chosen) > 1:  # not a subtree: the chosen units without those below them
            units = frozenset(municipality[name].pk for name in chosen)
        selection = Selection(units, start, end, kind, severity)
    # The summary applies unless it counted nothing of the period (just after midnight on the
    # first of a month, when the period is that month).
    last_day = timezone.localtime(summary.counted_before(summary.built_at())).date()
    assert summary.applies(selection) == (start <= last_day)
    exact = assert_the_same(selection)
    # The key figures' total is the episodes counted on their own.
    episodes = Incident.objects.active().filter(
        occurred_at__gte=_midnight(start), occurred_at__lt=_midnight(end + timedelta(days=1))
    )
    if not selection.all_units:
        episodes = episodes.filter(unit__in=selection.units)
    if kind:
        episodes = episodes.filter(kind=kind)
    if severity:
        episodes = episodes.filter(experienced_severity=severity)
    assert exact["key"][0][1] == episodes.count()


def test_the_sweep_builds_the_summary_and_the_executives_page_uses_it(
    client, municipality, executive
):
    assert not summary.applies(
        whole_municipality(timezone.localdate().replace(day=1), timezone.localdate())
    )
    run_sweep()
    client.force_login(executive)
    response = client.get(reverse("stats:overview"))
    assert response.context["summary_built_at"] is not None
    page = " ".join(response.content.decode().split())
    assert "Tallene er talt kl." in page
    assert "og episoder indberettet siden er talt med nu" in page
    assert "kommer med inden for 15 minutter" in page


def rebuild_in_own_connection(results):
    """What one worker's sweep does, on its own database connection."""
    try:
        results.append(summary.rebuild_when_old(timezone.now()))
    finally:
        connection.close()


def waiting_for_a_lock():
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL answers from one snapshot of its statistics: clear it,
        # or this would never see a worker start waiting (and the test sat out its deadline).
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def let_both_reach_the_summary(results, workers):
    """Hold the summary table until each rebuild has either finished or is waiting to write it,
    so that two unguarded rebuilds would both be writing at once."""
    deadline = time.monotonic() + 30
    while len(results) + waiting_for_a_lock() < len(workers) and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one transaction at a time write (BEGIN IMMEDIATE), so two rebuilds "
    "cannot overlap there; and LOCK TABLE, which lines them up here, is PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_rebuilding_at_once_leave_the_counts_of_the_episodes(municipality):
    results = []
    workers = [threading.Thread(target=rebuild_in_own_connection, args=(results,)) for _ in "ab"]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {MonthlyCount._meta.db_table} IN SHARE MODE")
        for worker in workers:
            worker.start()
        let_both_reach_the_summary(results, workers)
    for worker in workers:
        worker.join(timeout=60)

    summed = Counter()
    for row in MonthlyCount.objects.filter(figure="all"):
        summed[row.unit_id, row.month, row.kind, row.severity] += row.episodes
    # The summary holds the episodes reported before the rebuild (less its margin); those
    # reported since are counted live.
    reported_before = Incident.objects.active().filter(
        reported_at__lt=summary.counted_before(summary.built_at())
    )
    counted = Counter(
        (
            incident.unit_id,
            summary.month_of(incident.occurred_at),
            incident.kind,
            incident.experienced_severity,
        )
        for incident in reported_before
    )
    assert summed == counted
    assert sum(summed.values()) == reported_before.count() > 50
    assert SummaryBuilt.objects.count() == 1
    assert sorted(results, key=bool)[0] == 0  # the other worker skipped
