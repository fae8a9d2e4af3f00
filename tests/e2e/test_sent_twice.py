"""Send, Back, Send again in a real browser: Back loads the report form afresh (it is never
cached), with a new key, and the same report is asked about instead of becoming a second case."""

import pytest
from playwright.sync_api import expect

from tests.e2e.flows import report_about_oneself
from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.incidents.models import Incident

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
TEXT = "Borgeren kaldte mig en idiot og smækkede døren."


@pytest.fixture(params=list(SIZES))
def screen(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=request.param == "phone")
    yield context.new_page()
    context.close()


@pytest.mark.also_on_postgresql  # a second case is refused by the database
def test_send_back_send_asks_before_a_second_case(screen, demo_site):
    log_in(screen, demo_site, f"vikar@{demo.DEMO_DOMAIN}")
    report_about_oneself(screen, demo_site, TEXT)
    screen.go_back()
    screen.wait_for_url("**/registrer/")
    screen.get_by_text("Trusler eller anden krænkende adfærd").click()
    screen.get_by_text("Alvorligt", exact=True).click()
    description = screen.get_by_label("Hvad skete der, kort fortalt?")
    description.fill(TEXT)
    screen.get_by_role("button", name="Send").click()

    expect(screen.locator("#error-summary")).to_contain_text(
        "Du har lige sendt denne \u2013 send den igen?"
    )
    expect(description).to_have_value(TEXT)
    assert Incident.objects.filter(description=TEXT).count() == 1
    again = screen.get_by_label("Ja, send den igen som en ny episode")
    expect(again).to_be_in_viewport()
    again.check()
    screen.get_by_role("button", name="Send").click()
    screen.wait_for_url("**/kvittering/")
    assert Incident.objects.filter(description=TEXT).count() == 2
