"""A person added to a unit with their role in one step: the person (or the one who already has
the address), the role, its audit event and the onboarding, once however often it is sent."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import person
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations.models import Membership
from tryghed.organizations.roles import Role
from tryghed.prevention.models import OnboardingChecklist
from tryghed.setup.forms import PATH_SEPARATOR

User = get_user_model()


def intern(unit, role=Role.EMPLOYEE, **changes):
    return {
        "name": "Åsa Præstø",
        "email": "Asa.Praesto@ishoj.example",
        "job_title": "Social- og sundhedselev",
        "employment_type": "intern",
        "started_on": "2026-08-01",
        "unit": unit.pk,
        "role": role,
        **changes,
    }


def test_a_manager_adds_an_intern_to_their_unit_and_the_onboarding_starts(client, tree, manager):
    client.force_login(manager)
    response = client.post(reverse("setup:place_person"), intern(tree["own"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:unit_detail", args=[tree["own"].pk])
    added = User.objects.get(email="asa.praesto@ishoj.example")
    assert (added.name, added.employment_type, added.has_usable_password()) == (
        "Åsa Præstø",
        "intern",
        False,
    )
    assert Membership.objects.get(user=added).unit == tree["own"]
    assert OnboardingChecklist.objects.filter(person=added, unit=tree["own"]).exists()
    assert manager.notifications.filter(url__contains="introduktion").exists()
    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_CHANGED)
    assert (event.actor, event.unit, event.data["role"], event.data["change"]) == (
        manager,
        tree["own"],
        "employee",
        "saved",
    )
    assert list(event.subjects.all()) == [added]
    page = client.get(response["Location"]).text
    assert "Åsa Præstø er tilføjet til Kløverengen som Praktikant." in page
    assert "Introduktionen er startet" in page


def test_the_form_sent_twice_makes_one_person_and_one_role(client, tree, manager):
    client.force_login(manager)
    for _ in range(2):
        assert client.post(reverse("setup:place_person"), intern(tree["own"])).status_code == 302
    assert User.objects.filter(email__iexact="asa.praesto@ishoj.example").count() == 1
    assert Membership.objects.filter(user__email="asa.praesto@ishoj.example").count() == 1
    assert AuditEvent.objects.filter(action=Action.MEMBERSHIP_CHANGED).count() == 1
    assert (
        OnboardingChecklist.objects.filter(person__email="asa.praesto@ishoj.example").count() == 1
    )


def test_a_manager_may_give_no_other_role_than_employee(client, tree, manager):
    client.force_login(manager)
    response = client.post(reverse("setup:place_person"), intern(tree["own"], Role.ADMIN))
    assert response.status_code == 200
    assert "Du kan ikke give den rolle i den valgte enhed" in response.text
    assert 'value="Åsa Præstø"' in response.text
    assert not User.objects.filter(email="asa.praesto@ishoj.example").exists()


@pytest.mark.parametrize("place", ["beside", "root", "school"])
def test_a_manager_may_add_people_only_to_their_own_units(client, tree, manager, place):
    client.force_login(manager)
    response = client.post(reverse("setup:place_person"), intern(tree[place]))
    assert response.status_code == 200
    assert "Vælg en af enhederne på listen." in response.text
    assert not Membership.objects.filter(user__email="asa.praesto@ishoj.example").exists()


def test_a_manager_may_add_to_a_unit_below_their_own(client, tree, manager):
    client.force_login(manager)
    assert client.post(reverse("setup:place_person"), intern(tree["below"])).status_code == 302


def test_an_administrator_gives_any_role_anywhere(client, tree, administrator):
    client.force_login(administrator)
    data = intern(tree["school"], Role.SAFETY_REP, employment_type="permanent")
    assert client.post(reverse("setup:place_person"), data).status_code == 302
    added = User.objects.get(email="asa.praesto@ishoj.example")
    assert Membership.objects.get(user=added).role == Role.SAFETY_REP
    assert not OnboardingChecklist.objects.filter(person=added).exists()


def test_a_person_who_has_the_address_is_placed_not_made_again(client, tree, manager):
    known = person(tree["beside"], name="Kendt Vikar", email="vikar@ishoj.example")
    client.force_login(manager)
    data = intern(tree["own"], name="Et andet navn", email="VIKAR@ishoj.example")
    assert client.post(reverse("setup:place_person"), data).status_code == 302
    known.refresh_from_db()
    assert known.name == "Kendt Vikar"
    assert set(known.memberships.values_list("unit__code", flat=True)) == {
        "hjemmeplejen",
        "kloeverengen",
    }


def test_nobody_adds_themselves_a_superuser_or_someone_who_has_left(client, tree, manager):
    superuser = User.objects.create_superuser("it@ishoj.example", name="IT-drift")
    left = person(tree["beside"], name="Fratrådt", email="fratraadt@ishoj.example")
    left.is_active = False
    left.save()
    client.force_login(manager)
    for email in (manager.email, superuser.email, left.email):
        response = client.post(reverse("setup:place_person"), intern(tree["own"], email=email))
        assert "Adressen tilhører en person, som du ikke kan tilføje her" in response.text
    assert manager.memberships.count() == 1 and not superuser.memberships.exists()
    assert left.memberships.count() == 1


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.SAFETY_REP, Role.UNION_REP, Role.ADVISOR])
def test_who_neither_manages_nor_administers_gets_404(client, tree, role):
    client.force_login(person(tree["own"], role))
    assert client.get(reverse("setup:place_person")).status_code == 404
    page = client.get(reverse("organizations:unit_detail", args=[tree["own"].pk])).text
    assert reverse("setup:place_person") not in page


def test_executives_add_nobody_as_their_grants_at_the_root_carry_no_unit_work(client, executive):
    client.force_login(executive)
    assert client.get(reverse("setup:place_person")).status_code == 404


def test_the_unit_page_offers_the_form_with_the_unit_chosen(client, tree, manager):
    client.force_login(manager)
    page = client.get(reverse("organizations:unit_detail", args=[tree["own"].pk])).text
    link = f"{reverse('setup:place_person')}?enhed={tree['own'].pk}"
    assert link in page
    form = client.get(link).text
    path = f"Center for Sundhed og Omsorg{PATH_SEPARATOR}Kløverengen"
    assert f'<option value="{tree["own"].pk}" selected>{path}</option>' in form
    assert "Hjemmeplejen" not in form
