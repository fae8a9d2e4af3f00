"""Reporting an episode in the browser, at a phone's size and a desk's."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.flows import log_out, pick, report_about_oneself
from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.incidents.models import Incident

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=list(SIZES))
def screen(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=request.param == "phone")
    yield context.new_page()
    context.close()


def demo_email(local):
    return f"{local}@{demo.DEMO_DOMAIN}"


def test_a_temp_at_borgerservice_reports_in_a_few_taps(screen, demo_site):
    log_in(screen, demo_site, demo_email("vikar"))
    interactions, required, _seconds = report_about_oneself(
        screen, demo_site, "Borgeren råbte og truede med at vente på mig efter lukketid."
    )
    assert len(interactions) <= 8, interactions
    assert len(required) <= 5, required
    expect(screen.get_by_role("heading", level=1)).to_contain_text(
        "Episoden er registreret som sag"
    )
    expect(screen.get_by_role("link", name=re.compile("70 10 20 12"))).to_be_visible()
    incident = Incident.objects.latest("pk")
    assert incident.unit.name == "Borgerservice"
    assert incident.reported_by.email == demo_email("vikar")
    assert incident.experienced_severity == 3


def test_a_colleague_reports_on_behalf_of_another_who_then_sees_it(page, demo_site):
    log_in(page, demo_site, demo_email("medarbejder"))
    page.locator("header").get_by_role("link", name="Registrér episode").click()
    page.get_by_text("Fysisk vold", exact=True).click()
    page.get_by_text("Belastende", exact=True).click()
    page.get_by_label("Hvad skete der, kort fortalt?").fill(
        "Aisha blev skubbet af en borger i køen."
    )
    page.get_by_text("Flere detaljer (valgfrit)").click()
    pick(page, "Det skete for en kollega", "Aisha", "Aisha Khan")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Episoden er registreret")
    log_out(page)
    log_in(page, demo_site, demo_email("amr"))
    page.get_by_role("link", name=re.compile("Beskeder")).click()
    page.get_by_role(
        "link", name="En kollega har registreret en episode, der skete for dig"
    ).click()
    expect(page.get_by_text("Aisha blev skubbet af en borger i køen.")).to_be_visible()


def test_a_validation_error_keeps_what_was_typed(screen, demo_site):
    log_in(screen, demo_site, demo_email("vikar"))
    screen.goto(demo_site + "/registrer/")
    screen.get_by_label("Hvad skete der, kort fortalt?").fill("Han kastede en stol, og æøå bevares")
    screen.get_by_role("button", name="Send").click()
    summary = screen.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Vælg, hvad der skete.")
    expect(screen.get_by_label("Hvad skete der, kort fortalt?")).to_have_value(
        "Han kastede en stol, og æøå bevares"
    )
    assert not Incident.objects.filter(description__startswith="Han kastede").exists()


def test_the_manager_is_told_and_an_outsider_gets_404(page, demo_site):
    log_in(page, demo_site, demo_email("vikar"))
    report_about_oneself(page, demo_site, "Borgeren truede med at slå, da ansøgningen blev afvist.")
    case_url = page.get_by_role("link", name="Tilføj detaljer nu").get_attribute("href")
    case_url = case_url.replace("detaljer/", "")
    log_out(page)

    log_in(page, demo_site, demo_email("leder"))
    page.get_by_role("link", name=re.compile("Beskeder")).click()
    page.get_by_role("link", name="En ny episode i Borgerservice").first.click()
    expect(
        page.get_by_text("Borgeren truede med at slå, da ansøgningen blev afvist.")
    ).to_be_visible()
    log_out(page)

    log_in(page, demo_site, demo_email("centerchef"))
    response = page.goto(demo_site + case_url)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")


def test_the_unit_list_filters_in_place(page, demo_site):
    log_in(page, demo_site, demo_email("leder"))
    page.locator("header").get_by_role("link", name="Enhedens episoder").click()
    page.wait_for_url("**/episoder/enhed/")  # loaded: htmx is listening to the filters
    counter = page.locator("#results p").first
    before = counter.text_content()
    page.get_by_label("Hvad skete der").select_option(label="Chikane på sociale medier")
    expect(counter).not_to_have_text(before)
    assert "kind=online" in page.url, "the filter is in the address, so it can be shared"
