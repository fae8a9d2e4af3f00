from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.incidents.factories import make_incident
from tryghed.core import workdays
from tryghed.core.sweep import run_sweep
from tryghed.notifications.models import Notification
from tryghed.prevention.models import Measure, MeasureSource

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def measure(tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    return Measure.objects.create(
        unit=tree["own"],
        incident=incident,
        title="Glasværn ved skranken",
        owner=employee,
        due_on=timezone.localdate() + timedelta(days=20),
        source=MeasureSource.EVALUATION,
        created_by=manager,
    )


def test_the_units_measures_are_listed_for_those_who_look_after_it(
    client, measure, manager, safety_rep, advisor, outsider, employee
):
    for person in (manager, safety_rep, advisor, employee):
        client.force_login(person)
        assert "Glasværn ved skranken" in client.get(reverse("prevention:measures")).text
    client.force_login(outsider)
    assert client.get(reverse("prevention:measures")).status_code == 404


def test_the_owner_or_a_manager_marks_a_measure_done(client, measure, safety_rep, employee):
    client.force_login(safety_rep)
    assert client.post(reverse("prevention:complete_measure", args=[measure.pk])).status_code == 403
    client.force_login(employee)
    client.post(reverse("prevention:complete_measure", args=[measure.pk]))
    measure.refresh_from_db()
    assert measure.done_at and measure.done_by == employee


def test_a_measure_is_reminded_once_before_and_reported_once_when_overdue(
    measure, employee, manager, safety_rep
):
    about = Notification.objects.filter(title__contains="Glasværn ved skranken")
    run_sweep()
    assert not about.exists(), "twenty days ahead is too early"
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        run_sweep()
        run_sweep()
    assert about.filter(recipient=employee).count() == 1
    # Reported on the first working day after the deadline (core.workdays).
    after = workdays.on_or_after(measure.due_on + timedelta(days=1))
    with time_machine.travel(workdays.morning_of(after)):
        run_sweep()
        run_sweep()
    assert about.filter(recipient=manager, title__contains="over fristen").count() == 1
    assert about.filter(recipient=safety_rep, title__contains="over fristen").count() == 1


def test_executives_follow_prevention_without_a_measures_column_they_cannot_open(
    client, tree, executive, manager
):
    client.force_login(executive)
    page = client.get(reverse("prevention:overview")).content.decode()
    assert tree["own"].name in page, "the executive follows the unit"
    assert "Tiltag over fristen" not in page and reverse("prevention:measures") not in page
    client.force_login(manager)
    page = client.get(reverse("prevention:overview")).content.decode()
    assert "Tiltag over fristen" in page and reverse("prevention:measures") in page


def test_a_measure_due_on_easter_monday_is_reminded_on_the_wednesday_before_and_reported_after(
    measure, employee, manager
):
    measure.due_on = date(2026, 4, 13)  # reminded seven days ahead: Easter Monday, 6 April
    measure.save()
    about = Notification.objects.filter(title__contains="Glasværn ved skranken")
    with time_machine.travel(datetime(2026, 3, 31, 9, 0, tzinfo=CPH)):
        run_sweep()
    assert not about.exists()
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=CPH)):
        run_sweep()
    assert about.filter(recipient=employee).count() == 1
    with time_machine.travel(datetime(2026, 4, 18, 9, 0, tzinfo=CPH)):  # a Saturday
        run_sweep()
    assert not about.filter(recipient=manager).exists(), "an overdue measure waits for Monday"
    with time_machine.travel(datetime(2026, 4, 20, 9, 0, tzinfo=CPH)):
        run_sweep()
    assert about.filter(recipient=manager, title__contains="over fristen").count() == 1
