"""Sessions (issue 15, item 3): a person sees where they are logged in and logs out everywhere
else; an administrator logs a person out on every device; deactivation ends every session.

Logins go through the real login form, so allauth records each one as a session, and each
"device" is a test client of its own holding its own cookie."""

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tryghed.audit.models import Action, AuditEvent

PASSWORD = "kodeord-æøå-123"
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
DESK_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36"
)


def device(person, user_agent=DESK_UA):
    """A browser of its own, logged in as `person` through the login page."""
    browser = Client(HTTP_USER_AGENT=user_agent)
    response = browser.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def is_logged_in(browser):
    """What an old cookie gets: the front page, or the login page."""
    response = browser.get(reverse("home:home"))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
        return False
    assert response.status_code == 200
    return True


@pytest.fixture
def employee(employee):
    employee.set_password(PASSWORD)
    employee.save()
    return employee


def test_the_sessions_page_lists_each_device_and_is_linked_from_the_profile(employee):
    phone = device(employee, PHONE_UA)
    desk = device(employee, DESK_UA)
    assert reverse("usersessions_list") in desk.get(reverse("accounts:profile")).content.decode()
    page = desk.get(reverse("usersessions_list")).content.decode()
    assert "Hvor du er logget ind" in page
    assert "Mobile Safari på iOS" in page
    assert "Chrome på Windows" in page
    assert page.count('badge-small">Denne enhed</span>') == 1
    assert "Log ud alle andre steder" in page
    assert is_logged_in(phone)


def test_logging_out_everywhere_else_ends_the_other_sessions_and_keeps_this_one(employee):
    phone, desk = device(employee, PHONE_UA), device(employee, DESK_UA)
    response = desk.post(reverse("usersessions_list"), follow=True)
    assert "Du er nu logget ud alle andre steder." in response.content.decode()
    assert not is_logged_in(phone)
    assert is_logged_in(desk)
    assert UserSession.objects.filter(user=employee).count() == 1
    event = AuditEvent.objects.get(action=Action.OWN_SESSIONS_ENDED)
    assert event.actor == employee
    assert event.data == {"sessions": 1}


def test_with_one_session_the_page_offers_no_button(employee):
    desk = device(employee)
    page = desk.get(reverse("usersessions_list")).content.decode()
    assert "Du er kun logget ind her." in page
    assert "Log ud alle andre steder" not in page


def test_the_sessions_page_needs_a_login(client, employee):
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_demo_login_is_a_session_the_person_can_see(client, employee, settings):
    from tryghed.demo import seed as demo

    settings.DEMO = True
    login = demo.DEMO_LOGINS[0]
    employee.email = login.email
    employee.save()
    client.post(reverse("demo:login"), {"email": login.email})
    assert UserSession.objects.filter(user=employee).count() == 1


def test_an_administrator_logs_a_person_out_on_every_device(
    client, employee, administrator, django_capture_on_commit_callbacks
):
    phone, desk = device(employee, PHONE_UA), device(employee, DESK_UA)
    admin = client
    admin.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "end_sessions", "_selected_action": [employee.pk]},
            follow=True,
        )
    assert "1 person er logget ud på alle enheder." in response.content.decode()
    assert not is_logged_in(phone)
    assert not is_logged_in(desk)
    assert not UserSession.objects.filter(user=employee).exists()
    event = AuditEvent.objects.get(action=Action.SESSIONS_ENDED)
    assert (event.actor, event.target) == (administrator, employee)
    assert event.data == {"reason": "admin", "sessions": 2}
    assert list(event.subjects.all()) == [employee]


def test_an_administrator_cannot_log_out_someone_outside_their_units(
    client, tree, employee, django_capture_on_commit_callbacks
):
    from tests.factories import person
    from tryghed.organizations.roles import Role

    school_admin = person(tree["school"], Role.ADMIN)
    desk = device(employee)
    admin = client
    admin.force_login(school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "end_sessions", "_selected_action": [employee.pk]},
        )
    assert is_logged_in(desk)
    assert not AuditEvent.objects.filter(action=Action.SESSIONS_ENDED).exists()


def change_form_data(person, **changes):
    """What the administration's change form posts for `person`, with `changes`."""
    membership = person.memberships.get()
    data = {
        "name": person.name,
        "email": person.email,
        "job_title": person.job_title,
        "employment_type": person.employment_type,
        "started_on": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": str(membership.pk),
        "memberships-0-user": str(person.pk),
        "memberships-0-unit": str(membership.unit_id),
        "memberships-0-role": membership.role,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_deactivating_a_person_in_the_administration_ends_their_sessions_at_once(
    client, employee, administrator, django_capture_on_commit_callbacks
):
    desk = device(employee)
    session_key = desk.cookies["sessionid"].value
    admin = client
    admin.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:accounts_user_change", args=[employee.pk]),
            change_form_data(employee, is_active=None),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    employee.refresh_from_db()
    assert not employee.is_active
    assert not Session.objects.filter(session_key=session_key).exists()
    # Made active again, the old cookie still gets the login page: the session is gone.
    employee.is_active = True
    employee.save()
    assert not is_logged_in(desk)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {Action.PERSON_DEACTIVATED, Action.SESSIONS_ENDED} <= actions


def test_saving_a_person_without_deactivating_leaves_their_sessions(
    client, employee, administrator, django_capture_on_commit_callbacks
):
    desk = device(employee)
    admin = client
    admin.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("admin:accounts_user_change", args=[employee.pk]),
            change_form_data(employee, job_title="Sosu-assistent"),
        )
    assert is_logged_in(desk)
    assert not AuditEvent.objects.filter(action=Action.SESSIONS_ENDED).exists()


def test_the_sweep_removes_expired_sessions_and_their_records(employee):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from tryghed.core.sweep import run_sweep

    old = device(employee)
    with time_machine.travel(timezone.now() + timedelta(hours=9), tick=False):
        recent = device(employee)
    with time_machine.travel(timezone.now() + timedelta(hours=11), tick=False):
        # The first login lasted 10 hours (SESSION_COOKIE_AGE); the second has 8 left.
        assert run_sweep()["accounts.expired_sessions"] == 1
        assert not is_logged_in(old)
        assert is_logged_in(recent)
    remaining = UserSession.objects.get(user=employee)
    assert remaining.session_key == recent.cookies["sessionid"].value
    assert Session.objects.count() == 1


def test_the_administration_logs_in_through_the_one_login_page(client, administrator, employee):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
    # A password posted to the administration's own login page logs nobody in.
    administrator.set_password(PASSWORD)
    administrator.save()
    client.post(reverse("admin:login"), {"username": administrator.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # Through the one login page, the administrator lands in the administration, as a session.
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": administrator.email, "password": PASSWORD},
    )
    assert response["Location"] == "/admin/"
    assert UserSession.objects.filter(user=administrator).count() == 1
    # Someone logged in who may not administer gets 404 from the administration's login page.
    desk = device(employee)
    assert desk.get(reverse("admin:login")).status_code == 404


def test_deactivating_a_person_in_the_administration_hands_their_open_tasks_to_the_manager(
    client, tree, safety_rep, manager, administrator, django_capture_on_commit_callbacks
):
    from tests.incidents.factories import make_incident
    from tryghed.notifications.models import Notification

    incident = make_incident(safety_rep, tree["own"])
    work_injury = incident.tasks.get(kind="work_injury")
    work_injury.assignees.set([safety_rep])
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_change", args=[safety_rep.pk]),
            change_form_data(safety_rep, is_active=None),
            follow=True,
        )
    assert "1 åben opfølgningsopgave gik til lederen." in response.content.decode()
    assert list(work_injury.assignees.all()) == [manager]
    assert Notification.objects.filter(recipient=manager, url=reverse("followup:my_tasks")).exists()


def test_an_administrator_logs_a_person_out_with_the_button_on_their_page(
    client, employee, administrator, django_capture_on_commit_callbacks
):
    phone, desk = device(employee, PHONE_UA), device(employee, DESK_UA)
    client.force_login(administrator)
    page = client.get(reverse("admin:accounts_user_change", args=[employee.pk]))
    assert "Log ud af 2 sessioner" in page.content.decode()
    end = reverse("admin:accounts_user_end_sessions", args=[employee.pk])
    assert client.get(end).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(end, follow=True)
    assert "Maja Nørgaard er logget ud af 2 sessioner." in response.content.decode()
    assert not is_logged_in(phone) and not is_logged_in(desk)
    event = AuditEvent.objects.get(action=Action.SESSIONS_ENDED)
    assert (event.actor, event.target, event.data["sessions"]) == (administrator, employee, 2)


def test_the_button_works_only_for_people_the_administrator_manages(
    client, tree, employee, django_capture_on_commit_callbacks
):
    from tests.factories import person
    from tryghed.organizations.roles import Role

    desk = device(employee)
    client.force_login(person(tree["school"], Role.ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_end_sessions", args=[employee.pk]))
    assert response.status_code == 404
    assert is_logged_in(desk)


def test_a_person_who_is_not_logged_in_anywhere_gets_no_button(client, employee, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:accounts_user_change", args=[employee.pk]))
    assert "Log ud af" not in page.content.decode()
