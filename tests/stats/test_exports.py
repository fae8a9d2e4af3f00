"""Exports hold only the episodes the viewer may read, with Danish headers and real dates, and
every export and annual report is in the audit log."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tryghed.audit.models import Action, AuditEvent


def workbook(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_xlsx_holds_the_managers_units_with_danish_headers_and_dates(client, manager, episodes):
    client.force_login(manager)
    response = client.get(reverse("stats:export_xlsx"))
    assert response.status_code == 200
    sheet = workbook(response)
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:4] == ("Sagsnummer", "Dato", "Klokken", "Enhed")
    assert len(rows) == 1 + 6
    assert {row[3] for row in rows[1:]} == {"Kløverengen", "Afsnit Æblehaven"}
    assert isinstance(sheet["B2"].value, datetime | date)
    assert "Hvad skete der kort fortalt" in headers or any("kort" in h for h in headers)


def test_the_csv_has_the_same_rows(client, manager, episodes):
    client.force_login(manager)
    response = client.get(reverse("stats:export_csv"), {"kind": "physical"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Sagsnummer"
    assert len(rows) == 1 + 2


def test_an_executive_exports_only_shared_cases_and_no_free_text(client, executive, episodes):
    client.force_login(executive)
    rows = list(workbook(client.get(reverse("stats:export_xlsx"))).iter_rows(values_only=True))
    assert len(rows) == 1  # headers only: nothing is shared with them
    assert not any("kort" in header for header in rows[0])


def test_every_export_writes_an_audit_event(client, manager, episodes):
    client.force_login(manager)
    client.get(reverse("stats:export_csv"))
    client.get(reverse("stats:export_xlsx"))
    events = AuditEvent.objects.filter(action=Action.EPISODES_EXPORTED, actor=manager)
    assert sorted(event.data["format"] for event in events) == ["csv", "xlsx"]
    assert all(event.data["rows"] == 6 for event in events)


def test_exports_answer_404_to_those_without_statistics(client, employee):
    client.force_login(employee)
    assert client.get(reverse("stats:export_xlsx")).status_code == 404
    assert client.get(reverse("stats:annual_report")).status_code == 404


@pytest.mark.parametrize("year_offset", [0, 1])
def test_the_annual_report_is_a_pdf_with_the_years_figures(
    client, tree, manager, episodes, year_offset
):
    from django.utils import timezone

    client.force_login(manager)
    year = timezone.localdate().year - year_offset
    response = client.get(reverse("stats:annual_report"), {"unit": tree["own"].pk, "year": year})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"Årsrapport {year}: Kløverengen" in text
    assert "Tiltag besluttet ved evalueringer" in text
    assert AuditEvent.objects.filter(action=Action.ANNUAL_REPORT_MADE, actor=manager).exists()


def test_the_annual_report_of_a_unit_not_ones_own_is_refused(client, tree, manager):
    client.force_login(manager)
    response = client.get(reverse("stats:annual_report"), {"unit": tree["beside"].pk, "year": 2025})
    assert response.status_code == 200  # the form again, with a message at the field
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["unit"]
