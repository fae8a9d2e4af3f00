"""Logging in and finding one's way, as a person does: in Danish, in English, on a phone and
with the keyboard alone."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import in_a_thread
from tests.e2e.login import LEADER, log_in, submit_login
from tryghed.accounts.models import User
from tryghed.alarms import services
from tryghed.alarms.models import Level
from tryghed.demo import seed as demo
from tryghed.organizations.models import Unit


def test_a_manager_logs_in_and_meets_the_danish_layout(page, demo_site, console_errors):
    log_in(page, demo_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Lars")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    header = page.locator("header")
    expect(header.get_by_role("link", name="Registrér episode")).to_be_visible()
    expect(header.get_by_role("link", name="Lyn-guide")).to_be_visible()
    expect(header).to_contain_text("Lars Bøgh Hansen")
    expect(header).to_contain_text("Leder, Borgerservice")
    expect(header.get_by_role("button", name=re.compile("^Menu"))).to_be_hidden()
    expect(header.get_by_role("navigation", name="Hovedmenu")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("28 88 09 01"))).to_have_attribute(
        "href", "tel:28880901"
    )
    assert console_errors == []


def test_the_language_switch_turns_everything_english_and_back(page, demo_site):
    log_in(page, demo_site)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Lars")
    expect(page.locator("header").get_by_role("link", name="Report an episode")).to_be_visible()
    page.get_by_role("button", name="Dansk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Lars")


def test_a_wrong_password_keeps_the_address_and_says_so_in_danish(page, demo_site):
    submit_login(page, demo_site, LEADER, "forkert-kode")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("E-mail")).to_have_value(LEADER)
    expect(page.locator("#error-summary")).to_contain_text("adgangskode")


def test_on_a_phone_the_report_button_is_at_hand_and_nothing_scrolls_sideways(phone, demo_site):
    # log_in waits for the page's scripts: a tap on the menu any sooner reaches a button
    # whose drawer is not set up yet.
    log_in(phone, demo_site, f"vikar@{demo.DEMO_DOMAIN}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hej Emil")
    button = phone.locator("header").get_by_role("link", name="Registrér episode")
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box["height"] >= 44, "a touch target of at least 44 px"
    # The main menu is folded away behind a button, and opens with it (DKFDS's drawer).
    menu = phone.get_by_role("button", name=re.compile("^Menu"))
    nav = phone.get_by_role("navigation", name="Hovedmenu")
    expect(nav).to_be_hidden()
    menu.click()
    expect(phone.get_by_role("dialog", name="Menu")).to_be_visible()
    nav.get_by_role("link", name="Min profil").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Min profil")
    for path in ["/", "/lyn-guide/", "/profil/", "/enheder/", "/beskeder/"]:
        phone.goto(demo_site + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_on_a_phone_wide_tables_scroll_in_their_box_and_never_widen_the_page(phone, demo_site):
    """The pages with the widest tables, for the people who see them: the guard's console, the
    alarm page with its recipients, reinforcements, measures, a unit, the overview."""
    employee = User.objects.get(email=f"medarbejder@{demo.DEMO_DOMAIN}")
    alarm, _created = in_a_thread(services.raise_alarm, by=employee, level=Level.HELP_NOW)
    unit = Unit.objects.filter(memberships__user__email=LEADER).first()
    pages = {
        f"centervagt@{demo.DEMO_DOMAIN}": [
            "/alarm/vagt/",
            "/alarm/opnormering/",
            alarm.get_absolute_url(),
        ],
        LEADER: [
            "/forebyggelse/tiltag/",
            f"/enheder/{unit.pk}/",
            "/overblik/",
            "/opgaver/",
            "/episoder/enhed/",
            alarm.get_absolute_url(),
        ],
    }
    for email, paths in pages.items():
        phone.context.clear_cookies()
        log_in(phone, demo_site, email)
        for path in paths:
            phone.goto(demo_site + path)
            expect(phone.locator("main")).to_be_visible()
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (email, path, width)


def test_with_the_keyboard_alone_a_person_skips_to_the_content_and_logs_in(page, demo_site):
    page.goto(demo_site + "/konto/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Gå til indhold")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_label("E-mail").focus()
    page.keyboard.type(f"medarbejder@{demo.DEMO_DOMAIN}")  # an employee: no second factor
    page.keyboard.press("Tab")
    expect(page.get_by_label("Adgangskode")).to_be_focused()
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Maja")


def test_the_quick_guide_opens_without_login_with_numbers_to_call(page, demo_site):
    page.goto(demo_site + "/lyn-guide/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lyn-guide: vold og trusler")
    expect(page.get_by_role("link", name=re.compile("70 10 20 12")).first).to_have_attribute(
        "href", "tel:70102012"
    )
    # The numbers inside the guide's own sentences call too.
    steps = page.locator(".tryghed-steps")
    for number, uri in (("28 88 09 01", "tel:28880901"), ("70 10 20 12", "tel:70102012")):
        expect(steps.get_by_role("link", name=number, exact=True)).to_have_attribute("href", uri)
