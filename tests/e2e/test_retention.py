"""Retention in the browser: the administrator sees what the next sweep would do and confirms
a rule; a manager puts a case on legal hold from its follow-up page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.incidents.models import Incident
from tryghed.retention.models import LegalHold

ADMIN = f"admin@{demo.DEMO_DOMAIN}"
MANAGER = f"yasmin.ali@{demo.DEMO_DOMAIN}"  # the manager of Æblehaven


def test_an_administrator_sees_the_counts_and_confirms_a_rule(page, demo_site):
    long_ago = timezone.now() - timedelta(days=6 * 366)
    old = list(Incident.objects.order_by("pk").values_list("pk", flat=True)[:4])
    Incident.objects.filter(pk__in=old).update(
        occurred_at=long_ago, reported_at=long_ago, closed_at=long_ago + timedelta(days=9)
    )
    log_in(page, demo_site, ADMIN)
    page.locator("header").get_by_role("button", name="Flere sider").click()
    page.locator("header").get_by_role("link", name="Opbevaring og sletning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opbevaring og sletning")
    row = page.get_by_role("row").filter(has_text="Persondata i lukkede sager")
    expect(row).to_contain_text("60 måneder efter sagen blev lukket")
    expect(row).to_contain_text("4 venter på bekræftelse")
    row.get_by_role("button", name="Bekræft reglen").click()
    row = page.get_by_role("row").filter(has_text="Persondata i lukkede sager")
    expect(row).to_contain_text("Ja,")
    expect(row.get_by_role("cell").nth(2)).to_have_text("4")
    assert not Incident.objects.filter(anonymised_at__isnull=False).exists()


def test_a_manager_puts_a_case_on_hold_on_a_phone(browser, demo_site):
    from tests.e2e.conftest import PHONE

    page = browser.new_page(**PHONE)
    incident = Incident.objects.filter(unit__code="kloeverengen-a").first()
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    page.get_by_role("link", name="Sæt sagen i bero mod sletning").click()
    page.get_by_text("En arbejdsskadesag er stadig åben").click()
    page.get_by_label("Begrundelse").fill("AES-sag 2026-1234")
    until = timezone.localdate() + timedelta(days=120)
    page.get_by_label("I bero til og med").fill(until.isoformat())
    page.get_by_role("button", name="Sæt i bero").click()
    expect(page.locator("#legal-hold + ul")).to_contain_text("En arbejdsskadesag er stadig åben")
    hold = LegalHold.objects.get(incident=incident)
    assert hold.ends_on == until and hold.reason == "AES-sag 2026-1234"
    page.close()


def test_the_privacy_page_says_automatic_only_for_the_rule_the_administrator_confirmed(
    page, demo_site
):
    log_in(page, demo_site, ADMIN)
    page.goto(f"{demo_site}/opbevaring/")
    row = page.get_by_role("row").filter(has_text="Persondata i lukkede sager")
    row.get_by_role("button", name="Bekræft reglen").click()
    expect(row).to_contain_text("Ja,")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo_site}/databeskyttelse/")
    cases = page.locator('tr[data-retention="cases"]')
    expect(cases).to_contain_text("5 år efter sagen blev lukket")
    expect(cases).to_contain_text("Sker automatisk.")
    files = page.locator('tr[data-retention="files"]')
    expect(files).to_contain_text("1 år efter sagen blev lukket")
    expect(files).to_contain_text("venter på, at administratorerne bekræfter den")
    expect(files).not_to_contain_text("Sker automatisk")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#main, main").get_by_role("link", name="Opbevaring og sletning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opbevaring og sletning")
