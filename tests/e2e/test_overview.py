"""The manager of Kløverengen looks at the overview, narrows it to the last quarter, and takes
the episodes home as a spreadsheet and the year as a PDF; HR, on a phone, takes home the
municipality's figures as the page shows them."""

import io
import re
from datetime import datetime

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.organizations import access
from tryghed.organizations.models import Unit

MANAGER = f"dorthe.bech@{demo.DEMO_DOMAIN}"  # Plejecenter Kløverengen
HR = f"hr@{demo.DEMO_DOMAIN}"


def test_the_manager_of_kloeverengen_filters_and_downloads(page, demo_site, console_errors):
    log_in(page, demo_site, MANAGER)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Overblik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overblik")
    expect(page.locator("#chart-kinds")).to_be_visible()
    expect(page.get_by_role("table", name="Efter art")).to_contain_text("Fysisk vold")

    page.get_by_label("Periode").select_option(label="Sidste kvartal")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"period=quarter"))
    period = page.locator(".tryghed-period")
    expect(period).to_contain_text("Fra 1.")

    with page.expect_download() as download:
        page.get_by_role("link", name="Episoder som regneark (XLSX)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Sagsnummer", "Dato", "Klokken", "Enhed")
    own = Unit.objects.get(code="kloeverengen")
    names = set(
        Unit.objects.filter(pk__in=access.tree().descendants([own.pk])).values_list(
            "name", flat=True
        )
    )
    for row in rows[1:]:
        assert isinstance(row[1], datetime)
        assert row[3] in names

    page.get_by_label("År", exact=True).select_option(str(datetime.now().year - 1))
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent årsrapporten").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert f"Årsrapport {datetime.now().year - 1}: Plejecenter Kløverengen" in text
    assert "Tiltag besluttet ved evalueringer" in text
    assert console_errors == [], console_errors


def test_hr_on_a_phone_downloads_the_figures_of_the_page(phone, demo_site):
    log_in(phone, demo_site, HR)
    phone.goto(f"{demo_site}/overblik/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Overblik")
    holds = phone.locator("#exports-holds")
    expect(holds).to_contain_text("tallene som på siden (små tal skjult)")
    expect(holds).to_contain_text("ikke én række pr. episode")
    expect(phone.get_by_role("link", name="Episoder som regneark (XLSX)")).to_have_count(0)
    link = phone.get_by_role("link", name="Tal som regneark (XLSX)")
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()
    with phone.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("tal-")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Opgørelse", "Gruppe", "Kolonne", "Tal")
    total = phone.locator("[data-key-figures] li").first
    expect(total).to_contain_text("Alle episoder")
    shown = total.locator(".tryghed-key-number").inner_text().replace(".", "")
    exported = [row[3] for row in rows if row[1:3] == ("Alle episoder", "Denne periode")]
    assert exported == [int(shown)]
