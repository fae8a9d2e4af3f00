"""The settings pages in the browser: a manager adds an intern to their unit in one step and
the onboarding starts; an administrator changes a phone number on a phone and at a desk. axe
checks every page on the way."""

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import PHONE
from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.organizations.models import Contact, ContactKind, Unit
from tryghed.prevention.models import OnboardingChecklist

MANAGER = f"yasmin.ali@{demo.DEMO_DOMAIN}"  # the manager of Æblehaven
ADMIN = f"admin@{demo.DEMO_DOMAIN}"
DESK = {"viewport": {"width": 1366, "height": 768}}


def test_a_manager_adds_an_intern_in_one_step_and_the_onboarding_starts(browser, demo_site):
    page = browser.new_page(**PHONE)
    log_in(page, demo_site, MANAGER)
    unit = Unit.objects.get(code="kloeverengen-a")
    page.goto(f"{demo_site}/enheder/{unit.pk}/")
    page.get_by_role("link", name="Tilføj en person til enheden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilføj en person til en enhed")
    assert_accessible(page)
    page.get_by_label("Navn", exact=True).fill("Åsa Præstø")
    page.get_by_label("E-mail", exact=True).fill("asa.praesto")
    page.get_by_label("Praktikant").check()
    page.get_by_role("button", name="Tilføj personen").click()
    expect(page.locator(".form-error").first).to_contain_text("e-mail")
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Åsa Præstø")
    expect(page.get_by_label("Praktikant")).to_be_checked()
    assert_accessible(page)
    if os.environ.get("TRYGHED_SCREENSHOTS"):
        shot = Path(os.environ["TRYGHED_SCREENSHOTS"]) / "place-person-390.png"
        page.screenshot(path=shot, full_page=True)
    page.get_by_label("E-mail", exact=True).fill("asa.praesto@ishoj.example")
    page.get_by_role("button", name="Tilføj personen").click()
    expect(page.get_by_role("status").first).to_contain_text("Introduktionen er startet")
    expect(page.get_by_role("table")).to_contain_text("Åsa Præstø")
    assert_accessible(page)
    page.goto(f"{demo_site}/beskeder/")
    page.get_by_role("link", name="Åsa Præstø er startet i").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Åsa Præstø")
    assert_accessible(page)
    checklist = OnboardingChecklist.objects.get(person__email="asa.praesto@ishoj.example")
    assert checklist.unit == unit and checklist.items.exists()
    page.close()


def test_an_administrator_changes_the_guards_number_on_a_phone_and_at_a_desk(browser, demo_site):
    shots = os.environ.get("TRYGHED_SCREENSHOTS")
    for size, number in ((PHONE, "28 88 09 02"), (DESK, "28 88 09 03")):
        page = browser.new_page(**size)
        log_in(page, demo_site, ADMIN)
        # In the menu (twice in the page: the desktop menu and the phone's drawer).
        expect(page.locator('header a[href="/indstillinger/"]')).to_have_count(2)
        page.goto(f"{demo_site}/indstillinger/")
        assert_accessible(page)
        with page.expect_navigation():
            page.get_by_role("link", name="Kontakter og telefonnumre").click()
        assert_accessible(page)
        if shots:
            width = size["viewport"]["width"]
            page.screenshot(path=Path(shots) / f"settings-contacts-{width}.png", full_page=True)
        page.get_by_role("link", name="Centervagt:").first.click()
        page.get_by_label("Telefon").fill("ring 28 88")
        page.get_by_role("button", name="Gem").click()
        expect(page.get_by_label("Telefon")).to_have_value("ring 28 88")
        assert_accessible(page)
        if shots:
            page.screenshot(path=Path(shots) / f"settings-error-{width}.png", full_page=True)
        page.get_by_label("Telefon").fill(number)
        page.get_by_role("button", name="Gem").click()
        expect(page.get_by_role("status").first).to_contain_text("Gemt")
        root = Unit.objects.get(code="ishoej")  # the demo has a second municipality too
        assert Contact.objects.get(unit=root, kind=ContactKind.SITE_GUARD).phone == number
        page.close()
