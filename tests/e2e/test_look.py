"""The official look (issue 18): DKFDS's header with the municipality's name, a main menu on
one line at a laptop's width that folds into a drawer on a phone and works with the keyboard,
and the overview read at a glance: key figures first, breakdowns in tabs, a table for every
chart. axe-core checks each page as it is seen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.login import LEADER, log_in
from tryghed.demo import seed as demo

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
ADMIN = f"admin@{demo.DEMO_DOMAIN}"
EXECUTIVE = f"direktion@{demo.DEMO_DOMAIN}"


@pytest.fixture
def laptop(browser):
    context = browser.new_context(**LAPTOP)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_menu_folds_into_a_drawer_that_works_with_the_keyboard(phone, demo_site):
    log_in(phone, demo_site)
    header = phone.locator("header")
    expect(header).to_contain_text("Ishøj Kommune")
    nav = phone.get_by_role("navigation", name="Hovedmenu")
    expect(nav).to_be_hidden()
    expect(header.get_by_role("link", name="Registrér episode")).to_be_in_viewport()
    assert_accessible(phone)

    menu = header.get_by_role("button", name=re.compile("^Menu"))
    menu.focus()
    phone.keyboard.press("Enter")
    drawer = phone.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    expect(drawer.get_by_role("button", name="Luk")).to_be_focused()
    expect(nav.get_by_role("link", name="Enhedens episoder")).to_be_visible()
    expect(drawer.get_by_role("button", name="Log ud")).to_be_visible()
    assert_accessible(phone)
    phone.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Forside")).to_be_focused()
    phone.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(menu).to_be_focused()


@pytest.mark.parametrize("email", [LEADER, ADMIN])
def test_at_a_laptops_width_the_menu_is_one_line(laptop, demo_site, email):
    log_in(laptop, demo_site, email)
    expect(laptop.get_by_role("button", name=re.compile("^Menu"))).to_be_hidden()
    nav = laptop.get_by_role("navigation", name="Hovedmenu")
    expect(nav).to_be_visible()
    menu = laptop.locator(".navigation-menu .mainmenu")
    # Each item's text (with its counter) on one line, and all items on the same line.
    boxes = menu.evaluate(
        "(ul) => [...ul.querySelectorAll(':scope > li > a > span, :scope > li button > span')]"
        ".filter((span) => span.offsetParent)"
        ".map((span) => [span.textContent.trim(), Math.round(span.getBoundingClientRect().top),"
        " Math.round(span.getBoundingClientRect().height)])"
    )
    assert len(boxes) >= 5, boxes
    assert len({top for _text, top, _height in boxes}) == 1, boxes
    heights = [height for _text, _top, height in boxes]
    assert max(heights) < 1.5 * min(heights), boxes  # a text on two lines would be twice as tall
    assert menu.bounding_box()["height"] < 2 * min(heights), "one line"
    assert_accessible(laptop)


def test_the_more_pages_menu_opens_with_the_keyboard(laptop, demo_site):
    log_in(laptop, demo_site, ADMIN)
    more = laptop.get_by_role("button", name="Flere sider")
    expect(more).to_have_attribute("aria-expanded", "false")
    more.focus()
    laptop.keyboard.press("Enter")
    expect(more).to_have_attribute("aria-expanded", "true")
    link = laptop.get_by_role("link", name="Opbevaring og sletning")
    expect(link).to_be_visible()
    assert_accessible(laptop)
    link.focus()
    laptop.keyboard.press("Enter")
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Opbevaring og sletning")


def test_the_overview_shows_key_figures_first_and_its_tabs_work_with_the_keyboard(
    laptop, demo_site
):
    log_in(laptop, demo_site, EXECUTIVE)
    laptop.goto(demo_site + "/overblik/")
    key = laptop.locator("[data-key-figures]")
    expect(key).to_contain_text("Alle episoder")
    assert key.bounding_box()["y"] + key.bounding_box()["height"] <= 768, "above the fold"
    expect(laptop.locator("#chart-months")).to_be_in_viewport()

    what = laptop.get_by_role("tab", name="Hvad", exact=True)
    where = laptop.get_by_role("tab", name="Hvor", exact=True)
    expect(what).to_have_attribute("aria-selected", "true")
    expect(laptop.get_by_role("table", name="Efter art")).to_be_visible()
    expect(laptop.get_by_role("table", name="Efter enhed")).to_be_hidden()
    what.focus()
    laptop.keyboard.press("ArrowRight")
    expect(where).to_be_focused()
    expect(where).to_have_attribute("aria-selected", "true")
    expect(laptop.get_by_role("tabpanel", name="Hvor", exact=True)).to_be_visible()
    expect(laptop.get_by_role("table", name="Efter enhed")).to_be_visible()
    expect(laptop.get_by_role("table", name="Efter art")).to_be_hidden()
    assert_accessible(laptop)

    # Every chart has a table with its numbers beside it (a screen reader reads the table).
    charts = laptop.locator("canvas[id^='chart-']")
    assert charts.count() >= 8
    for index in range(charts.count()):
        section = charts.nth(index).locator("xpath=ancestor::section[1]")
        assert section.locator("table").count() == 1, charts.nth(index).get_attribute("id")

    # A link to one breakdown opens its tab.
    laptop.goto(demo_site + "/overblik/#when")
    expect(laptop.get_by_role("tab", name="Hvornår", exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
