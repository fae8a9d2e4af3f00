"""The employee's own guidance in the browser: first aid and the conflict staircase from the
receipt, the advice as one printed page, and the municipality's rules for social media from
the online report and the quick guide."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.flows import pick
from tests.e2e.login import log_in
from tryghed.demo import seed as demo

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=list(SIZES))
def screen(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=request.param == "phone")
    yield context.new_page()
    context.close()


def demo_email(local):
    return f"{local}@{demo.DEMO_DOMAIN}"


def test_a_colleague_finds_first_aid_and_the_staircase_from_the_receipt_and_prints_them(
    screen, demo_site
):
    page = screen
    log_in(page, demo_site, demo_email("medarbejder"))
    page.locator("header").get_by_role("link", name="Registrér episode").click()
    page.get_by_text("Fysisk vold", exact=True).click()
    page.get_by_text("Belastende", exact=True).click()
    page.get_by_label("Hvad skete der, kort fortalt?").fill("Aisha blev skubbet af en borger.")
    page.get_by_text("Flere detaljer (valgfrit)").click()
    pick(page, "Det skete for en kollega", "Aisha", "Aisha Khan")
    page.get_by_role("button", name="Send").click()

    first_aid = page.get_by_role("region", name="Din kollega kan have brug for dig nu")
    expect(first_aid).to_contain_text("Giv plads til stilhed, pauser og gråd.")
    expect(first_aid).to_contain_text("sørg for, at vedkommende ikke er alene")
    page.get_by_role(
        "link", name="Råd: kollegial førstehjælp, rolige ord og konflikttrappen"
    ).click()
    expect(page.get_by_role("heading", name="Konflikttrappen")).to_be_visible()
    expect(page.get_by_role("heading", name="Kollegial førstehjælp")).to_be_visible()
    expect(page.get_by_role("region", name="Konflikttrappen")).to_contain_text("Fjendebilleder")

    pdf_link = page.get_by_role("link", name="Rådene på én side (PDF, A4)")
    response = page.request.get(demo_site + pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for heading in ("Rolige ord: tal konflikten ned", "Konflikttrappen", "Kollegial førstehjælp"):
        assert heading in text


def test_an_employee_reporting_online_harassment_finds_the_municipalitys_rules(page, demo_site):
    log_in(page, demo_site, demo_email("medarbejder"))
    page.locator("header").get_by_role("link", name="Registrér episode").click()
    rules = page.get_by_role("link", name="Kommunens regler for sociale medier")
    expect(rules).to_be_hidden()
    page.get_by_text("Chikane på sociale medier", exact=True).click()
    page.get_by_text("Flere detaljer (valgfrit)").click()
    rules.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunens regler for sociale medier")
    for rule in ("tavshedspligt", "venneanmodninger", "egne vegne", "private e-mailadresser"):
        expect(page.get_by_role("main")).to_contain_text(rule)

    page.goto(demo_site + "/lyn-guide/")
    page.get_by_role("link", name="Kommunens regler for sociale medier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommunens regler for sociale medier")
