"""The administration: an administrator configures their units and never raises their own or
anyone else's rights beyond them."""

from django.urls import reverse

from tests.factories import UserFactory, person
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations.models import Membership
from tryghed.organizations.roles import Role


def test_a_unit_administrator_cannot_touch_a_superuser_or_people_placed_elsewhere(
    client, tree, manager, center_head
):
    admin = person(tree["own"], Role.ADMIN)
    boss = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    for target in (boss, center_head):
        url = reverse("admin:auth_user_password_change", args=[target.pk])
        assert client.get(url).status_code in (302, 404)
    assert client.get(reverse("admin:accounts_user_change", args=[manager.pk])).status_code == 200


def test_an_administrator_cannot_give_themselves_a_role(client, tree):
    admin = person(tree["own"], Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": admin.pk, "unit": tree["own"].pk, "role": Role.MANAGER},
    )
    assert response.status_code == 200, "the form refuses the choice"
    assert not Membership.objects.filter(user=admin, role=Role.MANAGER).exists()


def test_every_role_change_is_audited(client, tree, employee):
    admin = person(tree["own"], Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("admin:organizations_membership_add"),
        {"user": employee.pk, "unit": tree["own"].pk, "role": Role.SAFETY_REP},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_CHANGED)
    assert event.actor == admin
    assert list(event.subjects.all()) == [employee]


def test_a_role_changed_on_the_persons_page_is_audited_too(client, tree, employee):
    admin = UserFactory(is_superuser=True, is_staff=True)
    membership = employee.memberships.get()
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[employee.pk]),
        {
            "name": employee.name,
            "email": employee.email,
            "employment_type": employee.employment_type,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(employee.pk),
            "memberships-0-unit": str(membership.unit_id),
            "memberships-0-role": Role.SAFETY_REP,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_CHANGED)
    assert (event.actor, event.unit, event.target) == (admin, membership.unit, employee)
    assert event.data == {"role": Role.SAFETY_REP, "change": "saved"}


def unit_page_data(unit, memberships):
    """What the unit's page posts: its fields, and the membership inline holding
    `memberships` (a list of (id or "", person, role))."""
    data = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "parent": str(unit.parent_id),
        "risk_level": unit.risk_level,
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(sum(1 for pk, _p, _r in memberships if pk)),
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    for index, (pk, member, role) in enumerate(memberships):
        prefix = f"memberships-{index}-"
        data.update(
            {
                f"{prefix}id": str(pk),
                f"{prefix}unit": str(unit.pk),
                f"{prefix}user": str(member.pk),
                f"{prefix}role": role,
            }
        )
    return data


def test_roles_given_and_changed_on_a_units_page_are_audited(client, tree, employee, manager):
    admin = UserFactory(is_superuser=True, is_staff=True)
    unit = tree["own"]
    newcomer = person(tree["beside"])
    kept = manager.memberships.get()
    changed = employee.memberships.get()
    client.force_login(admin)

    response = client.post(
        reverse("admin:organizations_unit_change", args=[unit.pk]),
        unit_page_data(
            unit,
            [
                (kept.pk, manager, Role.MANAGER),
                (changed.pk, employee, Role.SAFETY_REP),
                ("", newcomer, Role.EMPLOYEE),
            ],
        ),
    )

    assert response.status_code == 302
    events = AuditEvent.objects.filter(action=Action.MEMBERSHIP_CHANGED)
    assert sorted(
        (e.target.name, e.data["role"], e.data["change"], e.unit) for e in events
    ) == sorted(
        [
            (employee.name, Role.SAFETY_REP, "saved", unit),
            (newcomer.name, Role.EMPLOYEE, "saved", unit),
        ]
    )
    assert {e.actor for e in events} == {admin}


def test_a_role_taken_away_on_a_units_page_is_audited(client, tree, employee):
    admin = UserFactory(is_superuser=True, is_staff=True)
    unit = tree["own"]
    membership = employee.memberships.get()
    client.force_login(admin)
    data = unit_page_data(unit, [(membership.pk, employee, membership.role)])

    response = client.post(
        reverse("admin:organizations_unit_change", args=[unit.pk]),
        {**data, "memberships-0-DELETE": "on"},
    )

    assert response.status_code == 302
    assert not employee.memberships.exists()
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_CHANGED)
    assert (event.target, event.unit, event.data) == (
        employee,
        unit,
        {"role": Role.EMPLOYEE, "change": "deleted"},
    )


def test_roles_deleted_from_the_list_of_roles_are_audited(client, tree, employee, manager):
    admin = UserFactory(is_superuser=True, is_staff=True)
    chosen = Membership.objects.filter(user__in=[employee, manager])
    client.force_login(admin)

    response = client.post(
        reverse("admin:organizations_membership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(pk) for pk in chosen.values_list("pk", flat=True)],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not chosen.exists()
    events = AuditEvent.objects.filter(action=Action.MEMBERSHIP_CHANGED)
    assert {(e.target, e.data["change"]) for e in events} == {
        (employee, "deleted"),
        (manager, "deleted"),
    }
