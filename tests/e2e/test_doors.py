"""Door locking at the town hall, as a manager decides it and the staff on the floor meet it."""

from playwright.sync_api import expect

from tests.e2e.test_layout import log_in
from tryghed.core import demo
from tryghed.notifications.models import Notification
from tryghed.organizations import access

MANAGER = "leder@demo.ishoj.dk"
EMPLOYEE = "medarbejder@demo.ishoj.dk"


def test_a_manager_locks_the_ground_floor_and_the_staff_there_see_it(page, demo_site):
    log_in(page, demo_site, MANAGER)
    page.goto(demo_site + "/alarm/doere/")
    page.get_by_label("Begrundelse").fill("En borger har truet med at komme igen i dag.")
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Vælg etagerne, eller skriv hvilke døre."
    )
    expect(page.get_by_label("Begrundelse")).to_have_value(
        "En borger har truet med at komme igen i dag."
    )
    page.get_by_label("Stueetagen").check()
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.get_by_text("Beslutningen er registreret")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("En borger har truet")

    for person in access.hr_people():
        assert Notification.objects.filter(recipient=person, title__contains="Stueetagen").exists()

    page.get_by_role("button", name="Log ud").click()
    log_in(page, demo_site, EMPLOYEE, demo.DEMO_PASSWORD)
    expect(page.locator(".tryghed-doorlock")).to_contain_text("Stueetagen")
