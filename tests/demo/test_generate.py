"""generate_episodes: many episodes fast, in the demo's shape, that the overview counts."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from tests.planner import planned_rows
from tryghed.core.periods import months_before
from tryghed.incidents.defaults import seed_lists
from tryghed.incidents.models import Act, Incident, Trigger
from tryghed.organizations import access
from tryghed.stats import summary
from tryghed.stats.overview import Selection


def test_generate_episodes_makes_that_many_realistic_episodes(tree, employee):
    seed_lists(Act, Trigger)
    call_command("generate_episodes", count=120)
    episodes = Incident.objects.all()
    assert episodes.count() == 120
    assert all(e.occurred_at <= e.reported_at for e in episodes)
    assert episodes.filter(acts__isnull=False).distinct().count() == 120
    assert all(e.affected.exists() for e in episodes[:10])
    assert set(episodes.values_list("kind", flat=True)) <= {"physical", "psychological", "online"}


def test_generate_episodes_needs_units(db):
    with pytest.raises(CommandError):
        call_command("generate_episodes", count=5)


def test_generate_episodes_run_twice_with_the_same_seed_adds_episodes(tree, employee):
    seed_lists(Act, Trigger)
    call_command("generate_episodes", count=30)
    call_command("generate_episodes", count=30)
    assert Incident.objects.count() == 60


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics: PostgreSQL")
def test_generate_episodes_ends_with_fresh_planner_statistics(tree, employee):
    seed_lists(Act, Trigger)
    call_command("generate_episodes", count=40)
    assert planned_rows(Incident) == 40


def test_generated_episodes_leave_the_overview_counting_live_until_the_next_rebuild(tree, employee):
    """They were reported before the summary's moment: neither its rows nor its live tail
    would hold them."""
    seed_lists(Act, Trigger)
    summary.build()
    today = timezone.localdate()
    selection = Selection(
        frozenset(access.tree().descendants(access.tree().root_ids)),
        months_before(today.replace(day=1), 11),
        today,
        all_units=True,
    )
    assert summary.applies(selection)
    call_command("generate_episodes", count=20)
    assert not summary.applies(selection)
    summary.build()
    assert summary.applies(selection)
