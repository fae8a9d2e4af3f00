"""generate_episodes: many episodes fast, in the demo's shape, that the overview counts."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryghed.incidents.defaults import seed_lists
from tryghed.incidents.models import Act, Incident, Trigger


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
