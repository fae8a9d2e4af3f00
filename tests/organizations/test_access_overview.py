"""Who can do what (issue 15, item 5): per person the roles, units and whether a second factor is
set, for administrators (their units) and HR (the municipality); a filter by unit, a search,
pages. Who may open it at all is in tests/test_access_matrix.py."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import person
from tryghed.accounts.second_factor import has_factor
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations.roles import Role

URL = reverse("accounts:access_overview")


def page(client, viewer, **query):
    client.force_login(viewer)
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def test_hr_sees_everyone_in_the_municipality_with_their_roles_and_units(
    client, tree, hr, employee, manager, center_head, executive, outsider
):
    html = page(client, hr)
    assert "Hvem kan hvad" in html
    for someone in (employee, manager, center_head, executive, outsider, hr):
        assert someone.name in html
    assert "Leder, <a href" in html and "Kløverengen</a>" in html
    assert "Centerchef, <a href" in html
    assert "Direktionen, <a href" in html
    assert "Medarbejder, <a href" in html and "Strandgårdskolen</a>" in html


def test_an_administrator_below_the_root_sees_only_the_people_of_their_units(
    client, tree, employee, outsider
):
    local_admin = person(tree["own"], Role.ADMIN, name="Anne Admin")
    html = page(client, local_admin)
    assert employee.name in html
    assert outsider.name not in html


def test_roles_outside_the_viewers_units_are_not_shown(client, tree, employee):
    person_in_two = person(tree["own"], Role.EMPLOYEE, name="Bo Begge")
    person_in_two.memberships.create(unit=tree["school"], role=Role.UNION_REP)
    local_admin = person(tree["own"], Role.ADMIN)
    html = page(client, local_admin)
    assert "Bo Begge" in html
    assert "Strandgårdskolen" not in html


def test_the_filter_by_unit_includes_the_units_below(client, tree, hr, employee, outsider):
    below = person(tree["below"], Role.EMPLOYEE, name="Ib Under")
    html = page(client, hr, unit=tree["own"].pk)
    assert employee.name in html and below.name in html
    assert outsider.name not in html


def test_the_search_finds_name_email_and_job_title(client, tree, hr, employee, manager):
    manager.job_title = "Forstander"
    manager.save()
    assert manager.name in page(client, hr, q="forstander")
    html = page(client, hr, q="maja@")
    assert employee.name in html and manager.name not in html
    assert "Ingen passer til filteret." in page(client, hr, q="findes-ikke")


def test_the_list_is_paginated(client, tree, hr):
    for number in range(55):
        person(tree["own"], name=f"Person {number:02d}", email=f"p{number}@ishoj.example")
    first = page(client, hr)
    assert "56 personer" in first
    assert "Side 1 af 2" in first
    second = page(client, hr, side=2)
    assert "Person 54" in second and "Person 00" not in second


def test_inactive_people_are_not_listed(client, tree, hr, employee):
    employee.is_active = False
    employee.save()
    assert employee.name not in page(client, hr)


def test_viewing_is_audited_without_the_search_text(client, tree, hr, employee):
    page(client, hr, q="Maja", unit=tree["own"].pk)
    event = AuditEvent.objects.get(action=Action.ACCESS_OVERVIEW_VIEWED)
    assert event.actor == hr and event.unit == tree["own"]
    assert event.data == {"page": 1, "searched": True}


def test_the_page_says_who_has_a_second_factor(client, tree, hr, employee, manager):
    Authenticator.objects.create(user=manager, type=Authenticator.Type.TOTP, data={})
    Authenticator.objects.create(user=employee, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert has_factor(manager)
    assert not has_factor(employee)  # recovery codes alone are not a second factor
    html = page(client, hr)
    assert "Totrinsbekræftelse" in html
    manager_row = html[html.index(manager.name) :].split("</tr>")[0]
    employee_row = html[html.index(employee.name) :].split("</tr>")[0]
    assert ">Ja<" in manager_row
    assert "<strong>Nej</strong>" in employee_row
