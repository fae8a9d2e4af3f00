"""The unit tree and a person's memberships are read once per request (core.memo), and read
again when the request itself changes them; outside a request nothing is kept."""

from tests.factories import MembershipFactory, UnitFactory
from tryghed.core import memo
from tryghed.organizations import access
from tryghed.organizations.roles import Role


def test_a_request_reads_the_tree_and_the_memberships_once(
    tree, employee, django_assert_num_queries
):
    with memo.request_scope(), django_assert_num_queries(2):
        for _ in range(3):
            access.tree()
            access.memberships_of(employee)


def test_a_unit_added_during_the_request_is_in_the_tree_at_once(tree):
    with memo.request_scope():
        access.tree()
        new = UnitFactory(name="Afsnit Østerled", code="oesterled", parent=tree["own"])
        assert new.pk in access.tree().descendants([tree["own"].pk])


def test_a_role_given_during_the_request_is_seen_at_once(tree, employee):
    with memo.request_scope():
        access.memberships_of(employee)
        MembershipFactory(user=employee, unit=tree["beside"], role=Role.EMPLOYEE)
        assert len(access.memberships_of(employee)) == 2


def test_outside_a_request_nothing_is_kept(tree):
    assert access.tree() is not access.tree()


def test_a_block_that_keeps_answers_keeps_them_to_its_end_or_uses_the_requests(tree):
    """memo.kept(): a service's work (a report and what its signals decide) reads the tree
    once; inside a request it is the request's tree, and the request keeps it afterwards."""
    with memo.kept():
        assert access.tree() is access.tree()
    assert access.tree() is not access.tree()
    with memo.request_scope():
        before = access.tree()
        with memo.kept():
            assert access.tree() is before
        assert access.tree() is before
