"""The rules of DESIGN.md, checked on the cast and, by hypothesis, on generated trees against a
plain reference implementation written from the table, not from access.py."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.properties import examples
from tryghed.organizations import access, directory
from tryghed.organizations.access import Perm
from tryghed.organizations.models import Unit, UnitKind
from tryghed.organizations.roles import Role


def test_a_manager_reads_cases_in_their_unit_and_below_but_not_beside_or_above(tree, manager):
    units = access.units_where(manager, Perm.VIEW_CASES)
    assert units == {tree["own"].pk, tree["below"].pk}


def test_a_center_head_reads_cases_in_every_unit_of_the_center(tree, center_head):
    units = access.units_where(center_head, Perm.VIEW_CASES)
    assert units == {tree[k].pk for k in ("center", "own", "below", "beside")}


def test_executives_and_hr_see_statistics_everywhere_but_read_no_case(tree, executive, hr):
    everything = set(Unit.objects.values_list("pk", flat=True))
    for person in (executive, hr):
        assert access.units_where(person, Perm.VIEW_STATS) == everything
        assert access.units_where(person, Perm.VIEW_CASES) == set()


def test_an_administrator_configures_but_reads_no_case(tree, administrator):
    assert access.may_administer(administrator)
    assert access.units_where(administrator, Perm.VIEW_CASES) == set()
    assert access.units_where(administrator, Perm.VIEW_STATS) == set()


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.UNION_REP])
def test_employees_and_union_reps_read_no_unit_cases(tree, role):
    member = UserFactory()
    MembershipFactory(user=member, unit=tree["own"], role=role)
    assert access.units_where(member, Perm.VIEW_CASES) == set()
    assert access.units_where(member, Perm.REPORT) == {tree["own"].pk, tree["below"].pk}


def test_a_deactivated_person_holds_no_right(tree, manager):
    manager.is_active = False
    manager.save()
    assert access.units_where(manager, Perm.VIEW_UNIT) == set()


def test_the_titles_follow_from_the_tree(tree, center_head, executive, hr, manager):
    assert [str(t) for t, _ in directory.titles(center_head)] == ["Centerchef"]
    assert [str(t) for t, _ in directory.titles(executive)] == ["Direktionen"]
    assert [str(t) for t, _ in directory.titles(hr)] == ["HR"]
    assert [str(t) for t, _ in directory.titles(manager)] == ["Leder"]


def test_a_temp_is_called_a_temp_in_the_header_and_in_the_unit(client, tree, manager):
    from tests.factories import person
    from tryghed.accounts.models import EmploymentType

    temp = person(tree["own"], name="Emil Løvgren", employment_type=EmploymentType.TEMP)
    assert [str(t) for t, _ in directory.titles(temp)] == ["Vikar"]
    client.force_login(temp)
    assert "Vikar, Kløverengen" in client.get(reverse("home:home")).text
    client.force_login(manager)
    page = client.get(reverse("organizations:unit_detail", args=[tree["own"].pk])).text
    assert "<td>Vikar</td>" in page


# The reference: DESIGN.md's table, one plain function per right.
def reference_holds(perm, role, at_root):
    casework = role in (Role.MANAGER, Role.SAFETY_REP, Role.ADVISOR)
    rules = {
        Perm.VIEW_UNIT: True,
        Perm.REPORT: role != Role.ADMIN,
        Perm.VIEW_CASES: casework and not at_root,
        Perm.EDIT_CASES: role in (Role.MANAGER, Role.SAFETY_REP) and not at_root,
        Perm.ACT_ON_FOLLOWUP: role == Role.MANAGER and not at_root,
        Perm.VIEW_STATS: casework,
        Perm.ADMINISTER: role == Role.ADMIN,
        Perm.SEARCH_AUDIT_LOG: role == Role.ADMIN,
        # A manager adds employees (temps, interns) to their units; settings pages, issue 18.
        Perm.PLACE_EMPLOYEES: role == Role.MANAGER and not at_root,
    }
    return rules[perm]


def reference_units(parents, memberships, user_index, perm):
    def chain(unit):
        while unit is not None:
            yield unit
            unit = parents[unit]

    return {
        unit
        for unit in range(len(parents))
        for (who, where, role) in memberships
        if who == user_index
        and where in chain(unit)
        and reference_holds(perm, role, at_root=parents[where] is None)
    }


@st.composite
def organizations(draw):
    size = draw(st.integers(min_value=1, max_value=9))
    parents = [None] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, size)]
    memberships = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=0, max_value=2),
                st.integers(min_value=0, max_value=size - 1),
                st.sampled_from(list(Role)),
            ),
            max_size=8,
            unique=True,
        )
    )
    return parents, memberships


@pytest.mark.django_db
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(organizations())
def test_units_where_and_visible_to_match_the_reference(organization):
    parents, memberships = organization
    with transaction.atomic():
        units = []
        for index, parent in enumerate(parents):
            kind = UnitKind.MUNICIPALITY if parent is None else UnitKind.DEPARTMENT
            units.append(
                UnitFactory(
                    code=f"u{index}", kind=kind, parent=None if parent is None else units[parent]
                )
            )
        people = [UserFactory(email=f"p{i}@ishøj.example") for i in range(3)]
        for who, where, role in memberships:
            MembershipFactory(user=people[who], unit=units[where], role=role)
        for index, person in enumerate(people):
            for perm in Perm:
                expected = {units[u].pk for u in reference_units(parents, memberships, index, perm)}
                assert access.units_where(person, perm) == expected, (perm, index)
            visible = set(Unit.objects.visible_to(person).values_list("pk", flat=True))
            assert visible == access.units_where(person, Perm.VIEW_UNIT)
        transaction.set_rollback(True)
