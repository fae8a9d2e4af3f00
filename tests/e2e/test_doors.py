"""Door locking at the town hall, as a manager decides it and the staff on the floor meet it,
and extra guard cover, as a manager asks for it, security decides and the guard sees it."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.flows import log_out
from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.notifications.models import Notification
from tryghed.organizations import directory
from tryghed.organizations.models import Unit

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

    for person in directory.hr_people(Unit.objects.get(code="ishoej")):
        assert Notification.objects.filter(recipient=person, title__contains="Stueetagen").exists()

    log_out(page)
    log_in(page, demo_site, EMPLOYEE, demo.DEMO_PASSWORD)
    expect(page.locator(".tryghed-doorlock")).to_contain_text("Stueetagen")


SECURITY = "sikkerhed@demo.ishoj.dk"
GUARD = "centervagt@demo.ishoj.dk"


def test_a_manager_asks_for_guard_cover_security_approves_it_and_the_guard_sees_it(page, demo_site):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    log_in(page, demo_site, MANAGER)
    page.goto(demo_site + "/alarm/")
    page.get_by_role("link", name="Opnormering af centervagten").click()
    expect(page.locator(".alert-info")).to_contain_text("Akut behov? Ring til centervagten:")
    expect(page.locator(".alert-info a[href^='tel:']")).to_have_text("28 88 09 01")

    # The end before the start is refused at the field, and what was typed stays.
    page.get_by_label("Fra").fill(f"{tomorrow}T13:00")
    page.get_by_label("Til").fill(f"{tomorrow}T12:00")
    page.get_by_label("Hvor").fill("Mødelokale 3, stueetagen")
    page.get_by_label("Begrundelse").fill("Møde med en borger, der har truet en medarbejder.")
    page.get_by_label("Høj").check()
    page.get_by_role("button", name="Send ønsket").click()
    expect(page.locator("#error-summary")).to_contain_text("Slutningen skal ligge efter starten.")
    expect(page.get_by_label("Begrundelse")).to_have_value(
        "Møde med en borger, der har truet en medarbejder."
    )
    expect(page.get_by_label("Hvor")).to_have_value("Mødelokale 3, stueetagen")
    page.get_by_label("Til").fill(f"{tomorrow}T15:00")
    page.get_by_role("button", name="Send ønsket").click()
    expect(page.get_by_text("Ønsket er sendt til kontakten for sikring.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Mødelokale 3"))).to_contain_text(
        "Afventer beslutning"
    )

    # The security contact is told on the front page (the demo has one waiting already) and
    # in their messages, and approves it with a note.
    log_out(page)
    log_in(page, demo_site, SECURITY)
    expect(page.locator(".alert-info")).to_contain_text(
        "2 ønsker om ekstra vagtdækning venter på din beslutning."
    )
    page.locator("header").get_by_role("link", name=re.compile("Beskeder")).click()
    expect(page.locator("main")).to_contain_text("Ønske om opnormering af centervagten")
    page.goto(demo_site + "/")
    page.get_by_role("link", name="Se ønskerne").click()
    row = page.get_by_role("row", name=re.compile("Mødelokale 3"))
    row.get_by_label("Note").fill("Ekstra vagt ved indgangen fra kl. 12.45.")
    row.get_by_role("button", name="Godkend").click()
    expect(page.get_by_role("row", name=re.compile("Mødelokale 3"))).to_contain_text(
        "Godkendt: Ekstra vagt ved indgangen"
    )

    # The guard's console lists the approved cover for the site.
    log_out(page)
    log_in(page, demo_site, GUARD)
    page.goto(demo_site + "/alarm/vagt/")
    reinforcements = page.get_by_role("table").filter(has_text="Mødelokale 3")
    expect(reinforcements).to_contain_text("Møde med en borger, der har truet en medarbejder.")
    expect(reinforcements).to_contain_text("Høj")
    expect(reinforcements).to_contain_text("Ekstra vagt ved indgangen fra kl. 12.45.")
