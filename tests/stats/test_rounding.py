"""Privacy across pages: a protected viewer who subtracts what two filter choices show (a period
minus the same period without its last day, a center minus one of its units, one kind against
all kinds) never learns a small count exactly, because every count they see is rounded."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import person
from tests.incidents.factories import make_incident
from tests.properties import examples
from tryghed.incidents.models import Kind, Severity
from tryghed.organizations import access
from tryghed.organizations.roles import Role
from tryghed.stats.overview import Overview, Selection
from tryghed.stats.suppression import HIDDEN, SMALL, Shown, round_count

SITES = ["own", "below", "beside", "school"]
UNITS = [None, "center", *SITES]


def candidates(cell, threshold, base, most):
    """The true counts a reader who knows the documented rule cannot rule out for one shown
    cell: "<t" is 1..t-1, hidden is anything, 0 is a true zero, a number that is not a
    multiple of the base is exact, and a multiple m of the base is a count of at least t
    within half a base of m (m = base also stands for the counts from t up to it)."""
    if cell.state == SMALL:
        return set(range(1, threshold))
    if cell.state == HIDDEN:
        return set(range(most + 1))
    shown = cell.number
    if shown == 0:
        return {0}
    if shown % base:
        return {shown}
    return {
        n
        for n in range(threshold, shown + base)
        if (2 * (shown - n) <= base and 2 * (n - shown) < base) or (shown == base and n <= base)
    }


def cells(figures):
    """{(table, row, column): Shown} for every count on one page."""
    found = {}
    for table in figures.tables():
        for row in table.rows:
            found[(table.slug, str(row.label), "count")] = row.count
            for column, value in enumerate(row.extra):
                if isinstance(value, Shown):
                    found[(table.slug, str(row.label), column)] = value
    return found


def disclosures(page_a, page_b, threshold, base, most):
    """The cells of two pages whose true difference is a small count (1..t-1) that the shown
    values pin down to one number; also every cell that breaks the documented rule."""
    found = []
    for page in (page_a, page_b):
        for key, cell in page.items():
            if cell.value not in candidates(cell, threshold, base, most):
                found.append(("shown against the rule", key, cell))
    for key in page_a.keys() & page_b.keys():
        a, b = page_a[key], page_b[key]
        for big, small in ((a, b), (b, a)):
            if not 0 < big.value - small.value < threshold:
                continue
            differences = {
                x - y
                for x in candidates(big, threshold, base, most)
                for y in candidates(small, threshold, base, most)
                if x >= y  # a reader may know that one selection holds the other
            }
            if len(differences) < 2:
                found.append(("difference given away", key, big, small))
    return found


def selection(tree, choice):
    unit = tree[choice["unit"]] if choice["unit"] else tree["root"]
    today = timezone.localdate()
    return Selection(
        frozenset(access.tree().descendants([unit.pk])),
        today - timedelta(days=choice["back"]),
        today - timedelta(days=choice["until"]),
        choice["kind"],
        choice["severity"],
    )


def page(tree, choice):
    return cells(Overview(selection(tree, choice), protected=True))


choices = st.fixed_dictionaries(
    {
        "back": st.integers(min_value=3, max_value=15),
        "until": st.integers(min_value=0, max_value=3),
        # Half of the choices are "all": the wide selections where counts are large.
        "unit": st.one_of(st.none(), st.sampled_from(UNITS)),
        "kind": st.one_of(st.just(""), st.sampled_from(Kind.values)),
        "severity": st.one_of(st.none(), st.sampled_from(Severity.values)),
    }
)

# A small municipality: episodes within the last 20 days (some before the periods start, for the
# comparison with the period before), in the sites below the root.
municipalities = st.lists(
    st.tuples(
        st.sampled_from(SITES),
        st.sampled_from(Kind.values),
        st.sampled_from(Severity.values),
        st.integers(min_value=1, max_value=20),
        st.integers(min_value=0, max_value=23),
    ),
    min_size=12,
    max_size=25,
)


@st.composite
def two_choices(draw):
    """Two filter choices; mostly the second differs from the first in one filter, by a little,
    which is where subtracting gives small differences."""
    first = draw(choices)
    if draw(st.booleans()):
        return first, draw(choices)
    which = draw(st.sampled_from(["back", "until", "unit", "kind", "severity"]))
    if which == "back":
        change = {"back": max(3, first["back"] + draw(st.sampled_from([-2, -1, 1, 2])))}
    elif which == "until":
        change = {"until": draw(st.integers(min_value=0, max_value=3))}
    else:
        change = {which: draw(choices)[which]}
    return first, {**first, **change}


def populate(tree, episodes):
    reporter = person(tree["own"], Role.EMPLOYEE)
    now = timezone.localtime()
    for site, kind, severity, days, hour in episodes:
        moment = (now - timedelta(days=days)).replace(hour=hour, minute=5, second=0)
        make_incident(reporter, tree[site], kind=kind, severity=severity, occurred_at=moment)


# Always tried: the last day of a period, and a unit's one episode among the center's.
LAST_DAY = {"back": 10, "until": 0, "unit": None, "kind": "", "severity": None}
ONE_DAY = [("own", Kind.PHYSICAL, Severity.MILD, days, 10) for days in (1, 3, 4, 5, 6, 7)]


@pytest.mark.slow
@given(episodes=municipalities, pair=two_choices())
@example(episodes=ONE_DAY, pair=(LAST_DAY, {**LAST_DAY, "until": 2}))
@example(
    episodes=[*ONE_DAY, ("below", Kind.ONLINE, Severity.SERIOUS, 2, 9)],
    pair=({**LAST_DAY, "unit": "center"}, {**LAST_DAY, "unit": "own"}),
)
@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_two_filter_choices_give_a_small_count_away(tree, episodes, pair):
    with transaction.atomic():
        populate(tree, episodes)
        first, second = pair
        figures = Overview(selection(tree, first), protected=True)
        threshold, base = figures.threshold, figures.base
        assert base == 5
        found = disclosures(cells(figures), page(tree, second), threshold, base, most=len(episodes))
        transaction.set_rollback(True)
    assert found == []


def test_exact_numbers_would_give_the_last_day_away(tree, settings):
    """The check above can fail: without rounding, a period minus the same period without its
    last day tells a protected viewer that exactly one episode happened that day."""
    populate(tree, [("own", Kind.PHYSICAL, Severity.MILD, days, 10) for days in (2, 3, 4, 5, 6)])
    populate(tree, [("own", Kind.PHYSICAL, Severity.MILD, 1, 0)])
    longer = {"back": 10, "until": 0, "unit": None, "kind": "", "severity": None}
    shorter = {**longer, "until": 2}
    settings.STATS_ROUNDING_BASE = 1
    found = disclosures(page(tree, longer), page(tree, shorter), 3, 1, most=6)
    given_away = {key for reason, key, *_cells in found if reason == "difference given away"}
    assert any(slug == "key" and column == "count" for slug, _row, column in given_away)
    settings.STATS_ROUNDING_BASE = 5
    assert disclosures(page(tree, longer), page(tree, shorter), 3, 5, most=6) == []


def test_rounding_is_to_the_nearest_multiple_and_the_same_every_time():
    assert [round_count(n, 5) for n in range(14)] == [
        0,
        5,
        5,
        5,
        5,
        5,
        5,
        5,
        10,
        10,
        10,
        10,
        10,
        15,
    ]
    assert round_count(17, 1) == 17
    assert round_count(4, 10) == 10  # a non-zero count never shows as a zero


def test_the_page_shows_protected_viewers_rounded_numbers_and_says_so(
    client, tree, episodes, executive, center_head
):
    from django.urls import reverse

    client.force_login(executive)
    response = client.get(reverse("stats:overview"))
    total = response.context["tables"][0].rows[0].count
    assert (total.value, total.number) == (9, 10)
    page = response.content.decode()
    assert "Tallene er afrundet til nærmeste 5, og tal under 3 vises som &lt;3" in page
    assert "fordi du ikke kan åbne alle sagerne." in page
    client.force_login(center_head)  # may open every case of the center: exact numbers
    response = client.get(reverse("stats:overview"))
    total = response.context["tables"][0].rows[0].count
    assert (total.value, total.number) == (8, 8)
    assert "afrundet" not in response.content.decode()


def test_a_median_over_fewer_than_three_episodes_is_hidden_from_a_protected_viewer(tree, episodes):
    from tests.stats.test_overview import selection_for

    episodes[1].closed_at = episodes[1].reported_at + timedelta(days=4)
    episodes[1].save(update_fields=["closed_at"])
    _table, medians = Overview(selection_for(tree, "root"), protected=True).followup()
    assert medians[0][1] is not None and not isinstance(medians[0][1], Shown)  # 9 episodes
    assert medians[1][1] == Shown(4.0, HIDDEN)  # one closed case: its own number of days
    _table, medians = Overview(selection_for(tree, "root"), protected=False).followup()
    assert medians[1][1] == 4.0


def test_the_annual_report_is_rounded_for_a_protected_viewer_only(
    tree, episodes, executive, center_head
):
    from tryghed.stats.annual import annual_report_context

    year = timezone.localdate().year
    data = {"unit": tree["center"], "year": year}
    for who, base in ((executive, 5), (center_head, 1)):
        context = annual_report_context(who, data)
        assert context["base"] == base
        for table in context["tables"]:
            for row in table.rows:
                assert row.count.number is None or row.count.number % base == 0
