"""Privacy that holds: whatever the filters, no count shown as "<3" (or hidden) can be worked
out from the total and the other numbers on the page."""

import random
from datetime import timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import person
from tests.incidents.factories import make_incident
from tests.properties import examples
from tryghed.incidents.models import Kind, PerpetratorCategory, PlaceKind, Severity
from tryghed.organizations import access
from tryghed.organizations.roles import Role
from tryghed.stats.overview import Overview, Selection
from tryghed.stats.suppression import HIDDEN, SHOWN, SMALL, suppress_partition

# The tables whose rows add up to the number of episodes: a reader knows their total.
PARTITIONS = ["months", "kinds", "severity", "places", "units", "perpetrators"]


def possible_values(values, states, threshold):
    """The values each suppressed cell could have for a reader who knows the total (or, when
    the total is itself below the threshold, that it is 1..t-1), the shown cells, that "<t"
    means 1..t-1 and that a hidden cell is any count. With one sum and a range per cell, the
    possible values of a cell are every whole number between its lowest and highest."""
    hidden = [i for i, state in enumerate(states) if state != SHOWN]
    rest = sum(values[i] for i in hidden)
    total = sum(values)
    shown = total - rest
    sums = [rest] if total >= threshold else [t - shown for t in range(1, threshold)]
    low = {i: 1 if states[i] == SMALL else 0 for i in hidden}
    high = {i: threshold - 1 if states[i] == SMALL else 10**6 for i in hidden}
    seen = {i: set() for i in hidden}
    for target in sums:
        for i in hidden:
            others = [j for j in hidden if j != i]
            bottom = max(low[i], target - sum(high[j] for j in others))
            top = min(high[i], target - sum(low[j] for j in others))
            seen[i].update(range(bottom, top + 1))
    return seen


def assert_nothing_given_away(values, states, threshold):
    for i, candidates in possible_values(values, states, threshold).items():
        if 0 < values[i] < threshold:
            assert len(candidates) > 1, (values, states, i)


@given(
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5),
    st.integers(min_value=3, max_value=5),
)
@settings(max_examples=300, deadline=None)
def test_a_partition_never_gives_a_small_count_away(values, threshold):
    states = suppress_partition(values, threshold)
    assert all(
        state != SHOWN for value, state in zip(values, states, strict=True) if 0 < value < threshold
    )
    assert_nothing_given_away(values, states, threshold)


def test_one_small_count_beside_a_total_is_hidden_with_another():
    assert suppress_partition([1, 7, 20], 3) == [SMALL, HIDDEN, SHOWN]


def test_where_nothing_else_helps_the_whole_group_is_hidden():
    # 1 and 3 add up to a known 4: "<3" beside a hidden count of at least 3 gives 1 away.
    assert suppress_partition([1, 3], 3) == [HIDDEN, HIDDEN]


# The property over the whole overview: one municipality of episodes, every filter.

_units = ["own", "below", "beside", "school", "center"]


def _populate(tree):
    rng = random.Random(6)
    reporter = person(tree["own"], Role.EMPLOYEE)
    now = timezone.localtime()
    for _ in range(45):
        make_incident(
            reporter,
            tree[rng.choice(_units)],
            kind=rng.choice(Kind.values),
            severity=rng.choice(Severity.values),
            occurred_at=now - timedelta(days=rng.randint(0, 500), hours=rng.randint(0, 23)),
            place_kind=rng.choice([*PlaceKind.values, ""]),
            perpetrator_category=rng.choice([*PerpetratorCategory.values, ""]),
        )


@given(
    days=st.sampled_from([30, 91, 182, 364, 730]),
    unit=st.sampled_from([None, *_units]),
    kind=st.sampled_from(["", *Kind.values]),
    severity=st.sampled_from([None, *Severity.values]),
)
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_no_filter_combination_reveals_a_suppressed_count(tree, days, unit, kind, severity):
    if not hasattr(tree["root"], "_populated"):
        _populate(tree)
        tree["root"]._populated = True
    top = tree[unit] if unit else tree["root"]
    units = frozenset(access.tree().descendants([top.pk]))
    today = timezone.localdate()
    selection = Selection(units, today - timedelta(days=days), today, kind, severity)
    figures = Overview(selection, protected=True)
    threshold = figures.threshold
    total = figures.key_figures().rows[0].count
    for table in [*figures.tables()]:
        # A chart never carries a count the table does not show, and both show it rounded.
        for row, number in zip(table.rows, table.chart_data()["values"], strict=True):
            assert number == (row.count.number if row.count.state == SHOWN else None)
            assert number is None or number % figures.base == 0
        if table.slug in PARTITIONS and total.state == SHOWN:
            values = [row.count.value for row in table.rows]
            states = [row.count.state for row in table.rows]
            assert sum(values) == total.value
            assert_nothing_given_away(values, states, threshold)
        for row in table.rows:
            if 0 < row.count.value < threshold:
                assert row.count.state != SHOWN, (table.slug, row.label)
    grid = figures.by_weekday_and_hour()
    cells = [cell for row in grid.rows for cell in row.extra]
    for row in grid.rows:
        # A weekday's total is shown only when all its hours are.
        assert row.count.state == SHOWN or any(cell.state != SHOWN for cell in row.extra)
    hidden = [cell for cell in cells if cell.state != SHOWN]
    if total.state == SHOWN and len(hidden) <= 6:
        values = [cell.value for cell in cells]
        states = [cell.state for cell in cells]
        assert_nothing_given_away(values, states, threshold)


def test_a_weekday_with_one_small_hour_shows_its_total_as_small_as_the_page_promises():
    from tryghed.stats.overview import _sum_shown
    from tryghed.stats.suppression import Shown
    from tryghed.stats.templatetags.stats_tags import shown

    one_hour = [Shown(0)] * 23 + [Shown(2, SMALL)]
    assert shown(_sum_shown(one_hour, 5)) == "<3"
    two_hours = [Shown(0)] * 22 + [Shown(1, SMALL), Shown(1, SMALL)]
    assert _sum_shown(two_hours, 5).state == HIDDEN, "'<3' would pin both hours to 1"
    with_hidden = [Shown(0)] * 22 + [Shown(1, SMALL), Shown(0, HIDDEN)]
    assert _sum_shown(with_hidden, 5).state == HIDDEN


def test_the_page_says_that_small_counts_may_be_hidden_too(client, tree, executive):
    from django.urls import reverse

    client.force_login(executive)
    page = client.get(reverse("stats:overview")).text
    assert "vises flere tal som “skjult” \u2013 også små tal" in page
