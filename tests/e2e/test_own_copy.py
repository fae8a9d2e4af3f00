"""An employee on a phone downloads everything Tryghed holds about them from their profile."""

import io
import json
import zipfile
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.login import log_in
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.incidents import services
from tryghed.incidents.models import Incident, Kind
from tryghed.organizations.models import Unit

SOSU = f"sosu@{demo.DEMO_DOMAIN}"  # Ayşe Demir, Kløverengen, afsnit Æblehaven


def test_an_employee_downloads_their_data_on_a_phone(phone, demo_site, console_errors):
    worker = User.objects.get(email=SOSU)
    services.report_incident(
        reporter=worker,
        unit=Unit.objects.get(code="kloeverengen-a"),
        kind=Kind.PSYCHOLOGICAL,
        occurred_at=timezone.now() - timedelta(hours=3),
        severity=2,
        description="Pårørende råbte ad mig på gangen.",
        notify_people=False,
    )
    log_in(phone, demo_site, SOSU)
    phone.goto(demo_site + "/profil/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with phone.expect_download() as download_info:
        phone.get_by_role("button", name="Hent mine data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("tryghed-mine-data-")
    assert download.suggested_filename.endswith(".zip")

    archive = zipfile.ZipFile(download.path())
    assert sorted(archive.namelist()) == ["mine-data.json", "mine-data.pdf"]
    data = json.loads(archive.read("mine-data.json"))
    assert data["person"]["email"] == SOSU
    pdf = PdfReader(io.BytesIO(archive.read("mine-data.pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Dine data i Tryghed" in text and "Pårørende råbte ad mig på gangen." in text
    own = list(Incident.objects.concerning(worker))
    assert {case["number"] for case in data["cases"]} >= {i.number for i in own}
    for incident in own:
        assert incident.number in text
    assert console_errors == []


def test_hr_produce_a_persons_copy_with_a_reason_on_a_phone(phone, demo_site, console_errors):
    log_in(phone, demo_site, f"hr@{demo.DEMO_DOMAIN}")
    phone.goto(demo_site + "/profil/")
    phone.get_by_role("link", name="Lav en persons kopi af sine data (HR)").click()
    worker = User.objects.get(email=SOSU)
    phone.get_by_label("Person").select_option(label=f"{worker.name} ({worker.email})")
    phone.get_by_role("button", name="Lav kopien").click()
    expect(phone.get_by_text("Skriv, hvorfor du laver kopien.").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("Begrundelse").fill("Medarbejderen bad om sine data på mail.")
    with phone.expect_download() as download_info:
        phone.get_by_role("button", name="Lav kopien").click()
    archive = zipfile.ZipFile(download_info.value.path())
    assert json.loads(archive.read("mine-data.json"))["person"]["email"] == SOSU
    assert console_errors == []
