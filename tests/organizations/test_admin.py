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
