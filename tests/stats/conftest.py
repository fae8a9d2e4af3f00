"""Episodes for the overview's tests, in the cast's units."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.incidents.factories import make_incident
from tryghed.incidents.models import Kind, PlaceKind, Severity


def days_ago(days, hour=10):
    moment = timezone.localtime() - timedelta(days=days)
    return moment.replace(hour=hour, minute=15, second=0, microsecond=0)


@pytest.fixture
def episodes(tree, employee):
    """Seven episodes in Kløverengen and below it, two beside it, one at the school."""
    made = []
    for days, kind, severity, unit in [
        (3, Kind.PHYSICAL, Severity.VERY_SERIOUS, "own"),
        (10, Kind.PHYSICAL, Severity.SERIOUS, "own"),
        (20, Kind.PSYCHOLOGICAL, Severity.MILD, "own"),
        (40, Kind.PSYCHOLOGICAL, Severity.MODERATE, "below"),
        (45, Kind.PSYCHOLOGICAL, Severity.MODERATE, "below"),
        (60, Kind.ONLINE, Severity.MILD, "own"),
        (400, Kind.PHYSICAL, Severity.MILD, "own"),  # the year before
        (5, Kind.PHYSICAL, Severity.SERIOUS, "beside"),
        (6, Kind.PSYCHOLOGICAL, Severity.MILD, "beside"),
        (7, Kind.PHYSICAL, Severity.MILD, "school"),
    ]:
        made.append(
            make_incident(
                employee,
                tree[unit],
                kind=kind,
                severity=severity,
                occurred_at=days_ago(days),
                place_kind=PlaceKind.RECEPTION,
            )
        )
    return made
