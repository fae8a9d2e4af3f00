"""The overview, its exports (the real CSV and XLSX files, read back) and the annual report give
the same numbers for the same scope and period, on generated episodes: for the whole
municipality, a center and a unit, both from the summary with its live tail and counted from the
episodes alone, and for a center against its episodes file. The current month has episodes of
its own. A unit's figures of the last 12
months beside its risk assessment (prevention.services.figures) are the overview's for that
unit and period."""

import csv
import io
import random
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.demo.generate import generate
from tryghed.followup.models import PoliceReport, PoliceReportStatus, WorkInjuryReport
from tryghed.incidents.defaults import seed_lists
from tryghed.incidents.models import Act, AnonymisedAffected, Incident, Kind, Severity, Trigger
from tryghed.organizations import access
from tryghed.organizations.models import Unit
from tryghed.organizations.roles import Role
from tryghed.prevention import services as prevention
from tryghed.stats import summary
from tryghed.stats.overview import NOT_GIVEN
from tryghed.stats.suppression import Shown

# Mid-year, so that a year has summarised months, a current month and months still to come.
NOW = datetime(2026, 6, 17, 11, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
THIS_YEAR, LAST_YEAR = 2026, 2025


def da(msgid):
    with translation.override("da"):
        return translation.gettext(msgid)


MEDIANS = da("Days")  # the column the medians have in the figures file


@pytest.fixture
def municipality(tree, settings, employee, manager):
    """Generated episodes over three years, with police reports in every status, work-injury
    reports, absence, closed and voided cases, an anonymised case, and episodes this month.
    Every count is shown exactly (no small-count protection, no rounding) so that the files,
    which hold what the page shows, can be compared number for number."""
    settings.STATS_SUPPRESSION_THRESHOLD = 1
    settings.STATS_ROUNDING_BASE = 1
    with time_machine.travel(NOW, tick=True):
        seed_lists(Act, Trigger)
        for name in ("own", "below", "beside", "school"):
            person(tree[name], Role.EMPLOYEE, job_title=f"Pædagog i {name}")
        # The generator follows the demo's units where it finds their codes: the cast's school
        # has one, and would get every episode. Without it, every unit gets its share.
        Unit.objects.filter(pk=tree["school"].pk).update(code="strandgaard-skole")
        generate(400, seed=14)
        rng = random.Random(14)
        for days in (1, 2, 5, 9):  # this month, through the one way an episode is reported
            make_incident(
                employee,
                tree[rng.choice(["own", "below", "beside", "school"])],
                kind=rng.choice(Kind.values),
                severity=rng.choice(Severity.values),
                occurred_at=timezone.now() - timedelta(days=days, hours=1),
            )
        follow_up(rng, manager)
        yield tree


def follow_up(rng, manager):
    """What the follow-up and retention leave on episodes, drawn at random."""
    incidents = list(Incident.objects.order_by("pk"))
    PoliceReport.objects.bulk_create(
        PoliceReport(incident=i, text="Anmeldelse", status=rng.choice(PoliceReportStatus.values))
        for i in incidents
        if rng.random() < 0.3
    )
    WorkInjuryReport.objects.bulk_create(
        WorkInjuryReport(
            incident=i, reference="EASY-1", filed_on=i.occurred_at.date(), filed_by=manager
        )
        for i in incidents
        if rng.random() < 0.1
    )
    for incident in incidents:
        incident.police_called = rng.random() < 0.15
        if rng.random() < 0.05:
            incident.absence_from = incident.occurred_at.date()
        if rng.random() < 0.02:
            incident.voided_at, incident.void_reason = incident.reported_at, "Fejl"
    Incident.objects.bulk_update(incidents, ["police_called", "absence_from", "voided_at"])
    for incident in incidents[:3]:  # anonymised: the statistics count what was kept
        for someone in incident.affected.all():
            AnonymisedAffected.objects.create(
                incident=incident,
                employment_type=someone.employment_type,
                job_title=someone.job_title,
            )
        incident.affected.clear()


def year_filters(year):
    return {"period": "custom", "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}


def flat(tables, medians):
    """{(table, row, column): number} of every number the page shows."""
    result = {}
    for table in tables:
        for row in table.rows:
            cells = [(table.heading, row.count), *zip(table.columns, row.extra, strict=False)]
            for column, value in cells:
                result[str(table.title), str(row.label), str(column)] = _number(value)
        if table.slug == "followup":
            for label, days in medians:
                result[str(table.title), str(label), MEDIANS] = _number(days)
    return result


def _number(value):
    if isinstance(value, Shown):
        assert value.is_shown
        return value.value
    return value


def file_rows(response, fmt):
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def from_csv(value):
    if value == "":
        return None
    number = float(value.replace(",", "."))
    return int(number) if number.is_integer() and "," not in value else number


def figures_in_file(response, fmt):
    rows = file_rows(response, fmt)
    assert rows[0] == [da("Figure"), da("Group"), da("Column"), da("Value")]
    read = from_csv if fmt == "csv" else (lambda value: value)
    return {(table, row, column): read(value) for table, row, column, value in rows[1:]}


def everything_for(client, who, year, unit):
    """(the page, its numbers, the CSV's and the XLSX's responses, the annual report's numbers)
    for one person, year and the unit the annual report is made for."""
    client.force_login(who)
    page = client.get(reverse("stats:overview"), year_filters(year))
    files = {
        fmt: client.get(reverse(f"stats:export_{fmt}"), year_filters(year))
        for fmt in ("csv", "xlsx")
    }
    annual = client.get(reverse("stats:annual_report"), {"unit": unit.pk, "year": year})
    assert annual["Content-Type"] == "application/pdf"
    shown = flat(page.context["tables"], page.context["medians"])
    reported = flat(annual.context["tables"], annual.context["medians"])
    return page, shown, files, reported


def assert_same_medians(a, b):
    """Medians from the summary are of tenths of a day: within a tenth, rounded."""
    assert a.keys() == b.keys()
    for key in a:
        if key[2] == MEDIANS and a[key] is not None and b[key] is not None:
            assert abs(a[key] - b[key]) <= 0.15, key
        else:
            assert a[key] == b[key], key


def filed_with_the_police(year):
    """The rule read on its own: a police report signed and filed, in live episodes."""
    filed = (PoliceReportStatus.SIGNED, PoliceReportStatus.COPY_RECEIVED)
    return sum(
        1
        for report in PoliceReport.objects.select_related("incident")
        if report.status in filed
        and report.incident.voided_at is None
        and timezone.localtime(report.incident.occurred_at).year == year
    )


def key(shown, label):
    title = da("The iceberg: all episodes and how many were reported further")
    return shown[title, da(label), da("This period")]


SCOPES = [("hr", "root"), ("center_head", "center"), ("manager", "own")]


@pytest.mark.parametrize(("who", "unit"), SCOPES)
@pytest.mark.parametrize("year", [THIS_YEAR, LAST_YEAR])
def test_each_scope_has_the_same_numbers_from_the_summary_and_from_the_episodes(
    client, settings, municipality, request, who, unit, year
):
    viewer = request.getfixturevalue(who)
    results = {}
    with time_machine.travel(NOW, tick=True), translation.override("da"):
        summary.build()
        for source in ("summary", "episodes"):
            settings.STATS_SUMMARY_MINUTES = 15 if source == "summary" else 0
            page, shown, files, reported = everything_for(client, viewer, year, municipality[unit])
            assert (page.context["summary_built_at"] is not None) == (source == "summary")
            if who == "hr":  # the figures files; the others get the episodes (the test below)
                for fmt, response in files.items():
                    assert figures_in_file(response, fmt) == shown, fmt
            assert reported.items() <= shown.items()
            assert len(reported) > 100
            results[source] = shown
    assert_same_medians(results["summary"], results["episodes"])
    shown = results["episodes"]
    units = access.tree().descendants([municipality[unit].pk])
    episodes = Incident.objects.active().filter(occurred_at__year=year, unit__in=units)
    assert key(shown, "All episodes") == episodes.count() > 10
    if who == "hr":
        assert key(shown, "Reported to the police") == filed_with_the_police(year) > 0


def count_in(rows, header, value):
    column = rows[0].index(da(header))
    return sum(1 for row in rows[1:] if row[column] == da(value))


def column(rows, header):
    index = rows[0].index(da(header))
    return [row[index] for row in rows[1:]]


@pytest.mark.parametrize("year", [THIS_YEAR, LAST_YEAR])
def test_a_centers_episodes_file_counts_what_its_overview_and_annual_report_show(
    client, municipality, center_head, year
):
    with time_machine.travel(NOW, tick=True), translation.override("da"):
        summary.build()
        page, shown, files, reported = everything_for(
            client, center_head, year, municipality["center"]
        )
        assert page.context["summary_built_at"] is not None
        assert reported.items() <= shown.items()
        kinds = {str(label): key for key, label in Kind.choices}
        severities = {str(label): key for key, label in Severity.choices}
    for fmt, response in files.items():
        rows = file_rows(response, fmt)
        assert len(rows) - 1 == key(shown, "All episodes") > 10, fmt
        for label, header in [
            ("Reported to the police", "Reported to the police"),
            ("With a work-injury report", "Work-injury report"),
            ("With physical injury", "Physical injury"),
        ]:
            assert count_in(rows, header, "Yes") == key(shown, label), (fmt, label)
        by_kind = Counter(column(rows, "What happened"))
        for label in kinds:
            assert by_kind[label] == shown[da("By kind"), label, da("Episodes")], (fmt, label)
        by_severity = Counter(column(rows, "How serious it felt"))
        title = da("Severity as the employee experienced it")
        for label in severities:
            assert by_severity[label] == shown[title, label, da("Episodes")], (fmt, label)
        closed = sum(1 for day in column(rows, "Closed") if day not in ("", None))
        assert closed == shown[da("The follow-up"), da("Closed cases"), da("Number")], fmt


def risk_assessment_figures(unit):
    """{(table, row, column): number} of the figures beside a unit's risk assessment, keyed
    as the overview's; kinds and severities without episodes are left out there, so are 0."""
    figures = prevention.figures(unit)
    shown = {
        key_of("All episodes"): figures["total"],
        key_of("With physical injury"): figures["injured"],
        key_of("With absence"): figures["absence"],
    }
    kinds = dict(figures["by_kind"])
    for _value, label in Kind.choices:
        shown[da("By kind"), str(label), da("Episodes")] = kinds.get(label, 0)
    severities = {str(label or NOT_GIVEN): n for label, n in figures["by_severity"]}
    title = da("Severity as the employee experienced it")
    for _value, label in Severity.choices:
        shown[title, str(label), da("Episodes")] = severities.pop(str(label), 0)
    if severities:
        shown[title, str(NOT_GIVEN), da("Episodes")] = severities.pop(str(NOT_GIVEN))
    return shown


def key_of(label):
    return (
        da("The iceberg: all episodes and how many were reported further"),
        da(label),
        da("This period"),
    )


@pytest.mark.parametrize("name", ["own", "center"])
def test_a_units_figures_beside_its_risk_assessment_are_the_overviews_for_the_last_12_months(
    client, municipality, hr, name
):
    unit = municipality[name]
    latest = Incident.objects.active().filter(unit__in=access.tree().descendants([unit.pk]))
    latest.filter(pk=latest.latest("occurred_at").pk).update(
        voided_at=NOW, void_reason="Registreret ved en fejl"
    )  # counted by neither
    client.force_login(hr)
    with time_machine.travel(NOW, tick=True), translation.override("da"):
        page = client.get(reverse("stats:overview"), {"period": "12m", "unit": unit.pk})
        shown = flat(page.context["tables"], page.context["medians"])
        beside = risk_assessment_figures(unit)
    tables = {da("By kind"), da("Severity as the employee experienced it")}
    overview = {key: n for key, n in shown.items() if key[0] in tables}
    for label in ("All episodes", "With physical injury", "With absence"):
        overview[key_of(label)] = shown[key_of(label)]
    assert beside[key_of("All episodes")] > 10
    assert beside == overview
