"""Seeded reference rows: the migrations freeze their codes, the live defaults seed the demo
and the tests, and what a row says is Tryghed's wording for its code in the reader's language,
unless an administrator gave it a text of its own (docs/development.md, "Seed data and
migrations")."""

import pytest
from django.utils import translation

from tryghed.followup import defaults as followup_defaults
from tryghed.followup.models import CaseTemplate, TaskTemplate
from tryghed.guidance import defaults as guidance_defaults
from tryghed.guidance.models import GuidancePoint
from tryghed.incidents import defaults as incident_defaults
from tryghed.incidents.models import Act, Trigger
from tryghed.prevention import defaults as prevention_defaults
from tryghed.prevention.models import Course, OnboardingStep, RiskCheckpoint

pytestmark = pytest.mark.django_db

SEEDED = [
    Act,
    Trigger,
    CaseTemplate,
    TaskTemplate,
    RiskCheckpoint,
    OnboardingStep,
    Course,
    GuidancePoint,
]


def test_the_migrated_acts_and_triggers_are_the_live_defaults():
    acts = Act.objects.order_by("order").values_list("kind", "code", "is_minor")
    assert list(acts) == incident_defaults.ACTS
    triggers = Trigger.objects.order_by("order").values_list("code", flat=True)
    assert list(triggers) == incident_defaults.TRIGGERS


def test_the_migrated_case_templates_are_the_live_defaults():
    for code, kind, tasks in followup_defaults.TEMPLATES:
        template = CaseTemplate.objects.get(code=code, kind=kind)
        rows = template.tasks.order_by("order").values_list(
            "kind", "assignee", "is_required", "anchor", "offset_days", "offset_hours", "condition"
        )
        assert list(rows) == tasks
        assert all(rule.code == f"{code}.{rule.kind}" for rule in template.tasks.all())
        by_law = template.tasks.filter(is_set_by_law=True).values_list("kind", flat=True)
        assert set(by_law) == followup_defaults.SET_BY_LAW & {task[0] for task in tasks}


def test_the_migrated_prevention_defaults_are_the_live_defaults():
    points = RiskCheckpoint.objects.values_list("cornerstone", "code")
    assert list(points) == prevention_defaults.CHECKPOINTS
    assert list(OnboardingStep.objects.values_list("code", flat=True)) == (
        prevention_defaults.ONBOARDING_STEPS
    )
    courses = Course.objects.order_by("pk").values_list("code", "risk_level")
    assert list(courses) == prevention_defaults.COURSES


def test_the_migrated_guidance_is_the_live_defaults():
    for topic, codes in guidance_defaults.POINTS:
        points = GuidancePoint.objects.filter(topic=topic).order_by("position")
        assert list(points.values_list("code", flat=True)) == codes


def test_seeding_again_adds_nothing():
    before = [model.objects.count() for model in SEEDED]
    incident_defaults.seed_lists(Act, Trigger)
    followup_defaults.seed_templates(CaseTemplate, TaskTemplate)
    prevention_defaults.seed_defaults()
    guidance_defaults.seed_points()
    assert [model.objects.count() for model in SEEDED] == before


@pytest.mark.parametrize("model", SEEDED)
def test_every_seeded_row_has_wording_in_danish_and_in_english(model):
    for row in model.objects.all():
        assert not str(row).startswith(row.code), row.code
        with translation.override("en"):
            english = str(row)
        assert english and english != str(row), row.code


def test_a_seeded_row_reads_in_the_readers_language():
    pinch = Act.objects.get(code="pinch")
    assert pinch.name == ""
    with translation.override("da"):
        assert str(pinch) == "Niv"
    with translation.override("en"):
        assert str(pinch) == "Pinch"


def test_an_administrators_own_text_is_shown_as_written_in_every_language():
    pinch = Act.objects.get(code="pinch")
    pinch.name = "Knib"
    pinch.save()
    for language in ("da", "en"):
        with translation.override(language):
            assert str(pinch) == "Knib"
    own = Trigger.objects.create(name="Parkering", order=99)
    with translation.override("en"):
        assert str(own) == "Parkering"


def test_a_case_copies_the_code_so_its_tasks_read_in_the_readers_language(employee, tree):
    from tests.incidents.factories import make_incident

    incident = make_incident(employee, tree["own"])
    task = incident.tasks.get(kind="acknowledge")
    assert task.code == "violence.acknowledge" and task.title == ""
    with translation.override("en"):
        assert str(task) == "Acknowledge the episode and talk to the employee today"
        assert task.shown_guidance.startswith("Say clearly that what happened")
    with translation.override("da"):
        assert str(task) == "Anerkend episoden og tal med medarbejderen i dag"
