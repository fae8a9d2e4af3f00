"""Old closed cases for the retention tests: the clock is moved years ahead with time-machine,
so a case closed today is past its period there."""

from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.incidents.factories import make_incident
from tryghed.incidents import services
from tryghed.incidents.models import Incident, Kind, PlaceKind, Severity
from tryghed.organizations.models import Municipality, RetentionRule
from tryghed.retention import services as retention


def early_this_year():
    """10 January at 10:15 of a year that has passed its first months (last year in spring)."""
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return timezone.make_aware(datetime(year, 1, 10, 10, 15))


def five_years_on():
    """1 December five years on: past the five-year period of cases closed in February, and
    still inside the six years the annual report offers."""
    return timezone.make_aware(datetime(early_this_year().year + 5, 12, 1, 12))


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def municipality(tree):
    municipality = Municipality.objects.create(unit=tree["root"])
    RetentionRule.objects.add_missing(municipality)
    return municipality


@pytest.fixture
def confirmed(municipality, administrator):
    for rule in retention.rules(municipality):
        retention.confirm(rule=rule, by=administrator)
    return municipality


def add_files(incident, person):
    services.add_evidence(
        incident=incident,
        upload=SimpleUploadedFile("skærmbillede.png", PNG, content_type="image/png"),
        content_type="image/png",
        source_url="https://facebook.com/ishoj/posts/1",
        captured_at=timezone.now(),
        added_by=person,
    )
    services.add_attachment(
        incident=incident,
        upload=SimpleUploadedFile("foto af skade.png", PNG, content_type="image/png"),
        content_type="image/png",
        uploaded_by=person,
    )


@pytest.fixture
def old_cases(tree, employee, manager, media):
    """Six closed cases (one with files, witnesses and free text everywhere) and one open."""
    made = []
    for days, kind, severity, unit in [
        (0, Kind.PHYSICAL, Severity.VERY_SERIOUS, "own"),
        (1, Kind.PHYSICAL, Severity.SERIOUS, "own"),
        (2, Kind.PSYCHOLOGICAL, Severity.MILD, "below"),
        (3, Kind.ONLINE, Severity.MODERATE, "own"),
        (4, Kind.PSYCHOLOGICAL, Severity.MODERATE, "beside"),
        (5, Kind.PHYSICAL, Severity.MILD, "school"),
    ]:
        made.append(
            make_incident(
                employee,
                tree[unit],
                kind=kind,
                severity=severity,
                occurred_at=early_this_year() + timedelta(days=days),
                place_kind=PlaceKind.RECEPTION,
                description="Borgeren Søren Ølgaard truede med at slå.",
            )
        )
    first = made[0]
    first.affected.add(manager)
    first.witnesses.add(manager)
    Incident.objects.filter(pk=first.pk).update(
        place="Skranken ved indgang Æ", other_witnesses="Jørgen fra kantinen", absence_days=4
    )
    add_files(first, employee)
    Incident.objects.filter(pk__in=[i.pk for i in made]).update(
        closed_at=early_this_year() + timedelta(days=40)
    )
    still_open = make_incident(employee, tree["own"], occurred_at=early_this_year())
    return [Incident.objects.get(pk=i.pk) for i in made], still_open
