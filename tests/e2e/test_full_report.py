"""The full report on a phone: it asks what happened first and shows only what fits, in steps;
acts are chips a keyboard can tick, witnesses are found by typing, and what is typed survives
a reload. And the unit picker: a place found by typing part of its path."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import PHONE, in_a_thread
from tests.e2e.login import log_in
from tests.incidents.factories import make_incident
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.incidents.models import Kind
from tryghed.organizations.models import Unit

EMPLOYEE = f"medarbejder@{demo.DEMO_DOMAIN}"
DRAFTS = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('tryghed-draft:'))"


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def episode(kind):
    person = User.objects.get(email=EMPLOYEE)
    unit = Unit.objects.get(name="Borgerservice")
    return in_a_thread(make_incident, person, unit, kind=kind, description="Borgeren råbte.")


def open_report(page, demo_site, incident):
    log_in(page, demo_site, EMPLOYEE)
    page.goto(f"{demo_site}/episoder/{incident.pk}/detaljer/")
    expect(page.get_by_text("Trin 1 af 4")).to_be_visible()


def next_step(page):
    page.locator(".tryghed-step:not([hidden])").get_by_role("button", name="Næste").click()


def test_a_physical_report_in_steps_with_chips_a_picker_and_a_draft(phone_page, demo_site):
    page = phone_page
    incident = episode(Kind.PHYSICAL)
    open_report(page, demo_site, incident)
    assert_accessible(page)
    next_step(page)
    expect(page.get_by_role("heading", name="Hvad blev der gjort")).to_be_focused()
    # Nothing about social media on the physical path: not the questions, not its acts.
    for label in ("Platform", "Links", "Bagvaskelse (usande oplysninger)"):
        expect(page.get_by_label(label, exact=True)).to_be_hidden()
    expect(page.locator(".tryghed-acts-online")).to_be_hidden()
    # A chip is a checkbox: Tab reaches it, Space ticks it.
    page.get_by_label("Slag", exact=True).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label("Skub", exact=True)).to_be_checked()
    assert_accessible(page)
    next_step(page)
    witnesses = page.get_by_role("combobox", name="Kolleger, der så det")
    witnesses.focus()
    page.keyboard.type("Emil L")
    expect(page.get_by_role("option", name="Emil Løvgren")).to_be_visible()
    # Enter takes the active option: wait until the search has made it the one.
    expect(page.locator(".ts-dropdown .option.active", has_text="Emil Løvgren")).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.locator(".ts-wrapper .item", has_text="Emil Løvgren")).to_be_visible()
    # The draft has the colleague before the page goes (it is written on the select's change).
    page.wait_for_function(
        "() => Object.keys(sessionStorage).some((key) => key.startsWith('tryghed-draft:')"
        " && sessionStorage.getItem(key).includes('witnesses'))"
    )
    assert_accessible(page)

    page.reload()  # the connection dropped, or the phone reloaded the page
    expect(page.get_by_text("Det, du skrev før, står i formularen igen")).to_be_visible()
    expect(page.get_by_text("Trin 3 af 4")).to_be_visible()
    expect(page.locator(".ts-wrapper .item", has_text="Emil Løvgren")).to_be_visible()
    assert page.evaluate(DRAFTS)

    next_step(page)
    page.get_by_text("Ja", exact=True).first.click()
    page.get_by_label("Hvilken skade, og hvor på kroppen?").fill("Blå mærke på armen")
    assert_accessible(page)
    page.locator(".tryghed-step:not([hidden])").get_by_role("button", name="Gem").click()
    expect(page.get_by_text(re.compile(r"Gemt: \d+ ændringer"))).to_be_visible()
    assert page.evaluate(DRAFTS) == []
    incident.refresh_from_db()
    assert list(incident.acts.values_list("code", flat=True)) == ["push"]
    assert list(incident.witnesses.values_list("name", flat=True)) == ["Emil Løvgren"]
    assert incident.is_injured and incident.injury == "Blå mærke på armen"


def test_an_online_report_asks_about_the_platform_and_not_about_injuries(phone_page, demo_site):
    page = phone_page
    incident = episode(Kind.ONLINE)
    open_report(page, demo_site, incident)
    next_step(page)
    expect(page.locator(".tryghed-acts-physical")).to_be_hidden()
    page.get_by_label("Platform").select_option(label="Facebook")
    page.get_by_label("Links").fill("https://www.facebook.com/groups/ishoej/posts/1")
    assert_accessible(page)
    next_step(page)
    next_step(page)
    expect(page.get_by_text("Kom nogen fysisk til skade?")).to_be_hidden()
    expect(page.get_by_label("Skade på ting")).to_be_hidden()
    assert_accessible(page)
    page.locator(".tryghed-step:not([hidden])").get_by_role("button", name="Gem").click()
    expect(page.get_by_text(re.compile("Gemt: 2 ændringer"))).to_be_visible()
    incident.refresh_from_db()
    assert incident.platform == "facebook"
    assert incident.links == "https://www.facebook.com/groups/ishoej/posts/1"


def test_enter_right_after_typing_chooses_what_was_typed_and_the_focus_moves_on(
    phone_page, demo_site
):
    """A quick typist: the name typed and Enter at once, then Tab to the next field. The list
    followed the typing only 300 ms after the last key (tom-select's default): Enter could
    choose an option of the list before the typing, and the late refresh opened the list again
    and took the focus back from the next field."""
    page = phone_page
    log_in(page, demo_site, f"dorthe.bech@{demo.DEMO_DOMAIN}")
    page.goto(demo_site + "/registrer/")
    picker = page.get_by_role("combobox", name="Hvor?")
    picker.focus()
    page.keyboard.type("æblehaven")
    page.keyboard.press("Enter")
    chosen = page.locator("select[name=unit] option:checked")
    expect(chosen).to_contain_text("Kløverengen, afsnit Æblehaven")
    page.keyboard.press("Tab")
    moved_to = page.evaluate("document.activeElement.id")
    page.wait_for_timeout(600)  # longer than tom-select's default wait after the last key
    assert page.evaluate("document.activeElement.id") == moved_to != "id_unit-ts-control"
    expect(page.locator("#id_unit-ts-dropdown")).to_be_hidden()


def test_the_unit_picker_finds_a_unit_by_part_of_its_path_with_the_keyboard(phone_page, demo_site):
    page = phone_page
    log_in(page, demo_site, f"dorthe.bech@{demo.DEMO_DOMAIN}")
    page.goto(demo_site + "/registrer/")
    picker = page.get_by_role("combobox", name="Hvor?")
    picker.focus()
    page.keyboard.type("kløverengen › afsnit")  # noqa: RUF001 (the path as it reads)
    options = page.locator("#id_unit-ts-dropdown").get_by_role("option")
    expect(options).to_have_count(2)
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    # Søbredden comes first, Æblehaven (Danish order) second: the arrow moved to it.
    chosen = page.locator("select[name=unit] option:checked")
    expect(chosen).to_have_text(
        "Center for Sundhed og Omsorg › Plejecenter Kløverengen › Kløverengen, afsnit Æblehaven"  # noqa: RUF001
    )
