"""An affected employee corrects their own case on a phone, and the privacy page on a phone."""

import re

from playwright.sync_api import expect

from tests.e2e.login import log_in
from tests.incidents.factories import make_incident
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.incidents.models import Correction, Incident
from tryghed.organizations.models import Unit

ORIGINAL = "Borgeren råbte ad mig ved skranke 2 og truede med at vente udenfor."
CORRECTION = "Det var ved skranke 3, og han ventede faktisk udenfor, da jeg gik hjem."


def test_an_affected_employee_adds_a_correction_on_a_phone_and_sees_it_beside_the_original(
    phone, demo_site, console_errors
):
    maja = User.objects.get(email=f"medarbejder@{demo.DEMO_DOMAIN}")
    incident = make_incident(maja, Unit.objects.get(code="borgerservice"), description=ORIGINAL)
    log_in(phone, demo_site, maja.email)
    phone.goto(demo_site + incident.get_absolute_url())
    form = phone.locator("form", has=phone.get_by_role("button", name="Gem"))
    # A first try with nothing written comes back with the message, and the choice kept.
    phone.get_by_text("Indsigelse: jeg er uenig i det, der står").click()
    form.get_by_role("button", name="Gem").click()
    expect(phone.get_by_text("Der er en fejl i 1 svar")).to_be_visible()
    expect(phone.get_by_label("Indsigelse: jeg er uenig i det, der står")).to_be_checked()
    phone.get_by_text("Rettelse: noget er forkert eller mangler").click()
    phone.get_by_label("Hvad er forkert, eller hvad gør du indsigelse mod?").fill(CORRECTION)
    form.get_by_role("button", name="Gem").click()
    phone.wait_for_url(re.compile(r"/episoder/\d+/#corrections$"))
    expect(phone.get_by_text("Din tekst er gemt ved siden af sagen.")).to_be_visible()
    corrections = phone.locator("#corrections")
    expect(corrections.get_by_text(CORRECTION)).to_be_visible()
    expect(corrections).to_contain_text("Rettelse · Maja Nørgaard")
    expect(phone.locator(".tryghed-facts")).to_contain_text(ORIGINAL)
    expect(phone.locator(".tryghed-timeline")).to_contain_text(
        "Maja Nørgaard: Tilføjede en rettelse"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Incident.objects.get(pk=incident.pk).description == ORIGINAL
    assert Correction.objects.get(incident=incident).text == CORRECTION
    assert console_errors == []


def test_the_privacy_page_on_a_phone_shows_ishoejs_data(phone, demo_site):
    log_in(phone, demo_site, f"medarbejder@{demo.DEMO_DOMAIN}")
    phone.get_by_role("link", name="Databeskyttelse", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Databeskyttelse i Tryghed")
    expect(phone.get_by_text("Ishøj Kommune, Ishøj Store Torv 20, 2635 Ishøj")).to_be_visible()
    expect(phone.get_by_text("Databeskyttelsesrådgiveren (pladsholder i demoen)")).to_be_visible()
    expect(phone.locator("#recipients")).to_be_visible()
    expect(phone.locator("body")).to_contain_text("skr@ishoj.dk")
    expect(phone.locator("body")).to_contain_text("InsuBiz")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
