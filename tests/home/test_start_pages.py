"""Each role's own front page: which one a person gets, the switch between them for a person
with several roles, what each shows, and a constant number of queries however many tasks."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tests.html import duplicate_ids
from tests.incidents.factories import make_incident
from tryghed.alarms.models import Site
from tryghed.followup.models import FollowUpTask
from tryghed.incidents.models import Severity
from tryghed.organizations import access
from tryghed.organizations.access import StartPage


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        ("employee", [StartPage.EMPLOYEE]),
        ("manager", [StartPage.MANAGER, StartPage.EMPLOYEE]),
        ("center_head", [StartPage.MANAGER, StartPage.EMPLOYEE]),
        ("safety_rep", [StartPage.REPRESENTATIVE, StartPage.EMPLOYEE]),
        ("union_rep", [StartPage.REPRESENTATIVE, StartPage.EMPLOYEE]),
        ("advisor", [StartPage.OVERVIEW, StartPage.EMPLOYEE]),
        ("executive", [StartPage.OVERVIEW, StartPage.EMPLOYEE]),
        ("hr", [StartPage.OVERVIEW, StartPage.EMPLOYEE]),
        ("administrator", [StartPage.EMPLOYEE]),
    ],
)
def test_each_role_has_its_start_page_the_highest_first(request, role, pages):
    assert access.start_pages(request.getfixturevalue(role)) == pages


def test_a_guard_starts_on_the_alarm_console(employee):
    assert access.start_page_for(employee, guards_a_site=True) == (
        StartPage.GUARD,
        [StartPage.GUARD, StartPage.EMPLOYEE],
    )


def test_a_person_switches_only_to_a_page_they_have(tree, manager):
    assert access.start_page_for(manager, "medarbejder")[0] == StartPage.EMPLOYEE
    assert access.start_page_for(manager, "overblik")[0] == StartPage.MANAGER


def text_of(response):
    """The page's words, tags left out and spaces collapsed."""
    page = response.content.decode()
    assert not duplicate_ids(page)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def page_text(client, user, **query):
    client.force_login(user)
    response = client.get(reverse("home:home"), query)
    assert response.status_code == 200
    assert "no-cache" in response.headers["Cache-Control"]
    return text_of(response)


def test_the_manager_sees_tasks_by_case_and_may_switch_to_the_employees_page(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    text = page_text(client, manager)
    assert "Dine opgaver, sag for sag" in text
    assert f"Sag {incident.number}" in text
    assert "Vis som: Leder Medarbejder" in text
    as_employee = page_text(client, manager, som="medarbejder")
    assert "Dine opgaver, sag for sag" not in as_employee
    assert "Mine episoder" in as_employee


def test_a_person_with_one_role_gets_no_switch(client, employee):
    make_incident(employee, employee.memberships.get().unit)
    text = page_text(client, employee)
    assert "Vis som" not in text
    assert "Mine episoder" in text


def test_the_safety_rep_sees_the_open_cases_of_their_unit(client, tree, employee, safety_rep):
    incident = make_incident(employee, tree["own"])
    assert f"Sag {incident.number}" in page_text(client, safety_rep)


def test_hr_see_the_overviews_door_and_no_case_not_shared_with_them(client, tree, employee, hr):
    incident = make_incident(employee, tree["own"], severity=Severity.VERY_SERIOUS)
    text = page_text(client, hr)
    assert "Åbn overblikket over dit område" in text
    assert f"Sag {incident.number}" not in text


def test_the_guard_sees_the_console(client, tree, employee):
    guard = person(tree["other_center"], name="Kim Vagt", email="kim@ishoj.example")
    Site.objects.create(unit=tree["own"]).guards.add(guard)
    assert "Aktive alarmer" in page_text(client, guard)


def test_the_managers_page_costs_the_same_for_many_tasks(
    client, tree, employee, manager, django_assert_max_num_queries
):
    make_incident(employee, tree["own"])
    client.force_login(manager)
    client.get(reverse("home:home"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("home:home"))
    for _ in range(3):
        make_incident(employee, tree["own"])
    FollowUpTask.objects.update(due_at=timezone.now() - timedelta(hours=1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home:home"))
    assert text_of(response).count("Sag ") >= 4
