"""The registry of task kinds is complete and names only parts that exist."""

from django.template.loader import get_template
from django.urls import reverse

from tests.incidents.factories import make_incident
from tryghed.followup import kinds
from tryghed.followup.models import FollowUpTask, TaskKind


def test_every_task_kind_has_an_entry_in_the_registry():
    assert set(kinds.KINDS) == set(TaskKind.values)


def test_every_partial_the_registry_names_exists():
    for spec in kinds.KINDS.values():
        for name in filter(None, (spec.actions, spec.notice, spec.guidance_extra)):
            assert get_template(name), name


def test_every_page_the_registry_names_takes_a_task():
    pages = {spec.page for spec in kinds.KINDS.values() if spec.page}
    assert pages == {"followup:evaluation"}
    for page in pages:
        assert reverse(page, args=[1])


def test_every_kind_but_the_police_report_may_be_marked_not_relevant_with_a_reason():
    """Not reporting an episode to the police needs its own stated reason."""
    without = {kind for kind, spec in kinds.KINDS.items() if "not_relevant" not in spec.steps}
    assert without == {TaskKind.POLICE_REPORT}


def test_a_kind_no_longer_known_is_done_like_any_other_task(tree, employee):
    incident = make_incident(employee, tree["own"])
    task = FollowUpTask(incident=incident, kind="retired_kind")
    assert kinds.of(task) is kinds.KINDS[TaskKind.OTHER]
    assert set(kinds.of(task).steps) == {"not_relevant", "done"}


def test_the_forms_of_a_task_are_built_with_what_its_kind_needs(tree, employee):
    incident = make_incident(employee, tree["own"])
    inform = incident.tasks.get(kind=TaskKind.INFORM)
    form = kinds.step(inform, "inform").form_for(inform, prefix="t1")
    assert list(form.fields["union_reps"].queryset) == []
    assert kinds.step(inform, "block") is None
