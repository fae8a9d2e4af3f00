"""A whole case in the browser, from the report to the closed follow-up."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.flows import log_out, step_to, task_item
from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.followup.models import TaskKind
from tryghed.incidents.models import Incident
from tryghed.prevention.models import Measure

SOSU = f"sosu@{demo.DEMO_DOMAIN}"  # Ayşe Demir, Kløverengen, afsnit Æblehaven
MANAGER = f"yasmin.ali@{demo.DEMO_DOMAIN}"  # the manager of Æblehaven
CENTER_HEAD = f"centerchef@{demo.DEMO_DOMAIN}"


def switch(page, base_url, email):
    log_out(page)
    log_in(page, base_url, email)


@pytest.mark.slow
def test_a_whole_case_from_report_to_closing(page, demo_site):
    log_in(page, demo_site, SOSU)
    page.locator("header").get_by_role("link", name="Registrér episode").click()
    page.get_by_text("Fysisk vold", exact=True).click()
    page.get_by_text("Meget alvorligt: jeg var bange").click()
    page.get_by_label("Hvad skete der, kort fortalt?").fill(
        "Beboeren slog mig i ansigtet under aftenplejen."
    )
    page.get_by_role("button", name="Send").click()
    page.get_by_role("link", name="Tilføj detaljer nu").click()
    absence = timezone.localdate() + timedelta(days=1)
    step_to(page, page.locator("#id_has_absence")).get_by_text("Ja", exact=True).click()
    page.get_by_label("Første fraværsdag").fill(absence.isoformat())
    page.get_by_label("Antal fraværsdage").fill("2")
    page.get_by_role("button", name="Gem", exact=True).click()
    incident = Incident.objects.latest("pk")

    switch(page, demo_site, MANAGER)
    page.locator("header").get_by_role("link", name=re.compile("Mine opgaver")).click()
    # This case's task: the demo's own open cases may have the same task due sooner (by the
    # hour of the day the demo was loaded), and the list puts the soonest first.
    page.get_by_role("link", name="Anerkend episoden og tal med medarbejderen i dag").and_(
        page.locator(f'[href*="/episoder/{incident.pk}/"]')
    ).click()
    work_injury = incident.tasks.get(kind=TaskKind.WORK_INJURY)
    with translation.override("da"):
        at = timezone.localtime(work_injury.due_at)
        due = formats.date_format(at, "SHORT_DATETIME_FORMAT")
    assert timezone.localtime(work_injury.due_at).date() == absence + timedelta(days=14)
    expect(task_item(page, incident, TaskKind.WORK_INJURY)).to_contain_text(due)

    counselling = task_item(page, incident, TaskKind.COUNSELLING)
    counselling.get_by_role("button", name="Markér som udført").click()
    expect(task_item(page, incident, TaskKind.COUNSELLING)).to_contain_text("Udført")

    task_item(page, incident, TaskKind.POLICE_REPORT)
    page.get_by_role("link", name="Skriv og send politianmeldelsen").click()
    expect(page.get_by_label("Politianmeldelsens tekst")).to_contain_text(
        "Beboeren slog mig i ansigtet"
    )
    page.get_by_role("button", name="Gem kladden").click()
    switch(page, demo_site, SOSU)
    page.goto(f"{demo_site}/episoder/{incident.pk}/politianmeldelse/")
    page.get_by_role("button", name="Jeg har læst politianmeldelsen").click()
    switch(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/politianmeldelse/")
    page.get_by_role("button", name="Send til underskrift").click()
    expect(page.get_by_text("Sendt til underskrift").first).to_be_visible()
    pdf = page.request.get(f"{demo_site}/episoder/{incident.pk}/politianmeldelse/pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Politianmeldelse" in text and "ansigtet" in text

    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    item = task_item(page, incident, TaskKind.WORK_INJURY)
    item.get_by_label("Sagsnummeret i arbejdsskadesystemet").fill("IB-2026-0815")
    item.get_by_label("Skemaet om krænkende hændelser er også udfyldt").check()
    item.get_by_role("button", name="Registrér arbejdsskadeanmeldelsen").click()
    expect(task_item(page, incident, TaskKind.WORK_INJURY)).to_contain_text("IB-2026-0815")

    switch(page, demo_site, CENTER_HEAD)
    page.locator("header").get_by_role("link", name=re.compile("Mine opgaver")).click()
    page.get_by_role("link", name="Orientér Direktionen og HR om den alvorlige episode").click()
    task_item(page, incident, TaskKind.SERIOUS_CASE).get_by_role(
        "button", name="Markér som udført"
    ).click()

    switch(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    task_item(page, incident, TaskKind.EVALUATION)
    page.get_by_role("link", name="Registrér evalueringen").click()
    page.get_by_label("Tiltag", exact=True).first.fill(
        "To medarbejdere ved aftenplejen hos beboeren"
    )
    page.get_by_label("Ansvarlig").first.select_option(label="Yasmin Ali")
    page.get_by_label("Frist").first.fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Gem evalueringen").click()
    assert Measure.objects.filter(incident=incident).count() == 1

    for kind, button in [
        (TaskKind.ACKNOWLEDGE, "Markér som udført"),
        (TaskKind.SUPPORT, "Markér som udført"),
        (TaskKind.INFORM, "Udført"),
        (TaskKind.FOLLOW_UP_TALK, "Markér som udført"),
    ]:
        task_item(page, incident, kind).get_by_role("button", name=button).first.click()
    page.get_by_role("button", name="Luk sagen").click()
    expect(page.get_by_text("Sagen er lukket.")).to_be_visible()
    incident.refresh_from_db()
    assert incident.closed_at is not None
