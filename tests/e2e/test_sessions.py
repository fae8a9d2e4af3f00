"""Where am I logged in (issue 15, item 3): a person logged in on a phone and at a desk sees
both on the sessions page and logs the phone out from the desk."""

from playwright.sync_api import expect

from tests.e2e.login import log_in
from tryghed.demo import seed as demo

SOSU = f"sosu@{demo.DEMO_DOMAIN}"


def test_a_person_sees_where_they_are_logged_in_and_logs_out_elsewhere(
    page, phone, demo_site, console_errors
):
    log_in(phone, demo_site, SOSU)
    log_in(page, demo_site, SOSU)

    # On the phone the page is readable: each session stacked, nothing wider than the screen.
    phone.goto(demo_site + "/profil/")
    phone.get_by_role("link", name="Se, hvor du er logget ind").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hvor du er logget ind")
    expect(phone.locator(".tryghed-sessions tbody tr")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(demo_site + "/profil/")
    page.get_by_role("link", name="Se, hvor du er logget ind").click()
    rows = page.locator(".tryghed-sessions tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".tryghed-sessions .badge")).to_have_count(1)
    expect(page.locator(".tryghed-sessions .badge")).to_have_text("Denne enhed")
    page.get_by_role("button", name="Log ud alle andre steder").click()
    expect(page.get_by_text("Du er nu logget ud alle andre steder.")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(page.get_by_text("Du er kun logget ind her.")).to_be_visible()

    # The phone's cookie now gets the login page; the desk is still logged in.
    phone.goto(demo_site + "/")
    expect(phone).to_have_url(f"{demo_site}/konto/login/?next=/")
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hej")
    assert console_errors == []
