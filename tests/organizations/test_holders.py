"""Who holds a role nearest a unit (access.responsible_for and the two beside it): the people
a follow-up task goes to and who may act on it. Read in one query for the whole chain of units
above (tests/incidents/test_report_cost.py counts them)."""

from tests.factories import UnitFactory, person
from tryghed.organizations import access
from tryghed.organizations.models import UnitKind
from tryghed.organizations.roles import Role


def test_the_nearest_units_active_holders_by_name_never_the_roots(
    tree, manager, center_head, executive, hr
):
    colleague = person(tree["own"], Role.MANAGER, name="Anders Ågård")
    person(tree["own"], Role.MANAGER, name="Bo Brink", is_active=False)
    deep = UnitFactory(name="Gruppe 1", code="gruppe-1", parent=tree["below"])

    assert access.responsible_for(deep, Role.MANAGER) == [colleague, manager]
    assert access.responsible_for(tree["center"], Role.MANAGER) == [center_head]
    # A site right under the root with no manager of its own has none: the executives at the
    # root are not anybody's nearest manager.
    alone = UnitFactory(name="Rådhuset", code="raadhuset", kind=UnitKind.SITE, parent=tree["root"])
    assert access.responsible_for(alone, Role.MANAGER) == []
    assert access.responsible_for(tree["root"], Role.MANAGER) == []


def test_center_heads_are_the_nearest_centers_managers_else_the_nearest_managers(
    tree, manager, center_head, executive
):
    deep = UnitFactory(name="Gruppe 1", code="gruppe-1", parent=tree["below"])
    assert access.center_heads_for(deep) == [center_head]
    # No manager in the center: the unit's nearest managers instead.
    center_head.memberships.all().delete()
    assert access.center_heads_for(deep) == [manager]


def test_at_the_root_are_that_municipalitys_executives_and_hr(tree, executive, hr, manager):
    deep = UnitFactory(name="Gruppe 1", code="gruppe-1", parent=tree["below"])
    assert access.at_the_root(Role.MANAGER, deep) == [executive]
    assert access.at_the_root(Role.ADVISOR, deep) == [hr]
    other = UnitFactory(name="Vallensbæk Kommune", code="vallensbaek")
    assert access.at_the_root(Role.ADVISOR, other) == []
