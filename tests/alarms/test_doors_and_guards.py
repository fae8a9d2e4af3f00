"""Door locking at a town hall, and guard reinforcement asked of the security unit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tryghed.alarms import services
from tryghed.alarms.models import DoorLock, GuardRequest, RequestStatus
from tryghed.audit.models import Action, AuditEvent
from tryghed.notifications.models import Notification


def lock(by, site, **kwargs):
    fields = {
        "floors": list(site.floors.filter(order=0)),
        "doors": "",
        "locked_from": timezone.now(),
        "reason": "Truende borger i forhallen",
        **kwargs,
    }
    return services.lock_doors(by=by, site=site, **fields)


def test_a_manager_at_the_town_hall_locks_doors_and_staff_on_the_floor_and_hr_are_told(
    manager, site, tree, hr, employee, outsider
):
    below = person(tree["below"], name="Bo Stueetage", email="bo@ishoj.example")
    door_lock = lock(manager, site)
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert below.email in told and hr.email in told
    assert outsider.email not in told
    assert employee.email not in told  # works on 1. sal, not on the locked floor
    assert services.door_locks_for(below) == [door_lock]
    assert services.door_locks_for(employee) == []
    assert AuditEvent.objects.filter(action=Action.DOORS_LOCKED, actor=manager).exists()


def test_the_center_head_may_lock_doors_but_not_an_employee_or_the_executives(
    center_head, employee, executive, site
):
    assert lock(center_head, site)
    for person_ in (employee, executive):
        with pytest.raises(PermissionDenied):
            lock(person_, site)


def test_doors_are_locked_only_at_a_town_hall(manager, site):
    site.is_town_hall = False
    site.save()
    with pytest.raises(PermissionDenied):
        lock(manager, site)


def test_reopening_is_recorded_and_told_again(manager, site, hr):
    door_lock = lock(manager, site)
    services.reopen_doors(lock=door_lock, by=manager)
    door_lock.refresh_from_db()
    assert door_lock.reopened_at and door_lock.reopened_by == manager
    assert Notification.objects.filter(recipient=hr).count() == 2
    assert list(DoorLock.objects.in_force()) == []


def test_the_log_is_for_the_sites_managers_and_hr(client, manager, site, hr, employee):
    lock(manager, site)
    for who, sees in ((manager, True), (hr, True), (employee, False)):
        client.force_login(who)
        response = client.get(reverse("alarms:doors"))
        assert response.status_code == 200
        assert ("Truende borger i forhallen" in response.content.decode()) is sees


def test_the_door_form_records_a_decision(client, manager, site):
    client.force_login(manager)
    floor = site.floors.get(order=1)
    response = client.post(
        reverse("alarms:doors"),
        {"floors": [floor.pk], "locked_from": "2026-11-25T10:00", "reason": "Trussel på 1. sal"},
    )
    assert response.status_code == 302
    assert list(DoorLock.objects.get().floors.all()) == [floor]


def test_an_employee_cannot_post_a_door_lock(client, employee, site):
    client.force_login(employee)
    response = client.post(reverse("alarms:doors"), {"reason": "x"})
    assert response.status_code == 403


def ask(by, site):
    start = timezone.now() + timedelta(days=1)
    return services.request_guard(
        by=by,
        site=site,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Samtalerum 1",
        reason="Møde med en borger, der har truet en sagsbehandler",
        expected_risk="high",
    )


def test_a_manager_asks_for_guard_cover_and_the_security_unit_decides(
    manager, site, guard, security_officer, client
):
    request = ask(manager, site)
    assert Notification.objects.filter(recipient=security_officer).exists()
    services.decide_guard_request(request=request, by=security_officer, approve=True)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.decided_by == security_officer
    assert Notification.objects.filter(recipient=guard).exists()
    client.force_login(guard)
    console = client.get(reverse("alarms:guard_console"))
    assert "Samtalerum 1" in console.content.decode()
    assert AuditEvent.objects.filter(action=Action.GUARD_REQUEST_DECIDED).exists()


def test_only_the_security_unit_decides_and_only_managers_ask(
    manager, employee, site, security_officer
):
    with pytest.raises(PermissionDenied):
        ask(employee, site)
    request = ask(manager, site)
    with pytest.raises(PermissionDenied):
        services.decide_guard_request(request=request, by=manager, approve=True)


def test_a_declined_request_does_not_reach_the_guard(manager, site, guard, security_officer):
    request = ask(manager, site)
    services.decide_guard_request(request=request, by=security_officer, approve=False, note="Nej")
    assert not GuardRequest.objects.visible_to(guard).exists()


def test_the_reinforcement_page_shows_the_guards_phone_for_acute_need(client, manager, site):
    client.force_login(manager)
    response = client.get(reverse("alarms:guard_requests"))
    assert 'href="tel:28880901"' in response.content.decode()


def test_an_employee_is_told_who_asks_for_reinforcement_instead_of_an_empty_page(
    client, employee, site
):
    client.force_login(employee)
    page = client.get(reverse("alarms:guard_requests")).content.decode()
    assert "<form method" not in page.split("<main", 1)[1]
    assert "tal med din leder" in page


def test_the_guard_console_is_only_for_guards(client, employee, guard):
    client.force_login(employee)
    assert client.get(reverse("alarms:guard_console")).status_code == 404
    client.force_login(guard)
    assert client.get(reverse("alarms:guard_console")).status_code == 200


def test_staff_on_a_locked_floor_see_a_banner_on_every_page_until_it_opens(
    client, manager, site, tree
):
    below = person(tree["below"], name="Bo Stueetage", email="bo@ishoj.example")
    door_lock = lock(manager, site)
    client.force_login(below)
    assert "tryghed-doorlock" in client.get(reverse("home:home")).content.decode()
    services.reopen_doors(lock=door_lock, by=manager)
    assert "tryghed-doorlock" not in client.get(reverse("home:home")).content.decode()


def test_the_security_desks_front_page_counts_the_requests_waiting_for_it(
    client, manager, site, security_officer
):
    first, _second = ask(manager, site), ask(manager, site)
    services.decide_guard_request(request=first, by=security_officer, approve=True)
    assert services.guard_requests_waiting_for(security_officer) == 1
    assert services.guard_requests_waiting_for(manager) == 0
    client.force_login(security_officer)
    assert "1 ønske om ekstra vagtdækning venter" in client.get("/").content.decode()
    client.force_login(manager)
    assert "ekstra vagtdækning venter" not in client.get("/").content.decode()


def test_a_tampered_decision_is_refused_with_a_message_and_changes_nothing(
    manager, site, security_officer, client
):
    request = ask(manager, site)
    client.force_login(security_officer)
    response = client.post(
        reverse("alarms:decide", args=[request.pk]), {"decision": "maybe"}, follow=True
    )
    request.refresh_from_db()
    assert response.status_code == 200 and request.status == RequestStatus.REQUESTED
    assert "Beslutningen blev ikke gemt" in response.content.decode()
