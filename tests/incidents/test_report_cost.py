"""What a report costs the database: the same few queries however deep its unit lies. The unit
tree is read once for the report and all its signals decide, and the holders of each role a
task names come in one query for the whole chain of units above, not one per unit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UnitFactory
from tests.incidents.factories import make_incident
from tryghed.incidents.models import Kind


def reported(reporter, unit):
    with CaptureQueriesContext(connection) as queries:
        incident = make_incident(reporter, unit, kind=Kind.PHYSICAL)
    people = {task.code: {p.name for p in task.assignees.all()} for task in incident.tasks.all()}
    return [query["sql"] for query in queries.captured_queries], people


def test_a_report_costs_the_same_few_queries_five_units_further_down(
    tree, employee, manager, safety_rep, center_head, hr
):
    make_incident(employee, tree["own"])  # what any first query of a process loads
    near, near_people = reported(employee, tree["own"])
    unit = tree["own"]
    for level in range(5):
        unit = UnitFactory(name=f"Gruppe {level}", code=f"gruppe-{level}", parent=unit)
    far, far_people = reported(employee, unit)

    assert len(far) == len(near) <= 20
    tree_reads = [sql for sql in far if 'FROM "organizations_unit"' in sql]
    assert len(tree_reads) == 1, "the tree is read once for the report and its signals"
    # The same people do the tasks: the managers of the nearest unit that has any.
    assert far_people == near_people
    assert near_people["violence.acknowledge"] == {manager.name}
    assert near_people["violence.work_injury"] == {manager.name, safety_rep.name}
    assert near_people["violence.inform"] == {center_head.name}
