"""The retention sweep anonymises a closed case once its period has passed: what identified
people goes, for good and from the storage too, and every figure stays the same."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.retention.conftest import early_this_year, five_years_on
from tests.stats.test_exports import expected_figures
from tryghed.audit.models import Action, AuditEvent
from tryghed.core.sweep import run_sweep
from tryghed.incidents.models import Attachment, Correction, Evidence, Incident, IncidentChange
from tryghed.organizations.models import RetentionKind, RetentionRule
from tryghed.retention import services as retention
from tryghed.retention.models import HoldGround, LegalHold


def later():
    return time_machine.travel(five_years_on(), tick=False)


def figures(client, hr, manager, tree):
    """What HR's overview and figure export, the manager's episode export and annual report
    show for the year the cases happened, seen five years on."""
    year = early_this_year().year
    period = {"period": "custom", "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
    client.force_login(hr)
    page = expected_figures(client.get(reverse("stats:overview"), period))
    sheet = client.get(reverse("stats:export_xlsx"), period)
    hr_rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    client.force_login(manager)
    sheet = client.get(reverse("stats:export_xlsx"), period)
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    # The last two columns are the place and the story: what anonymisation removes.
    episode_rows = [row[:-2] for row in rows]
    report = client.get(reverse("stats:annual_report"), {"unit": tree["own"].pk, "year": year})
    pdf = PdfReader(io.BytesIO(report.content))
    text = "".join(page.extract_text() for page in pdf.pages)
    return page, hr_rows, episode_rows, text


def test_a_closed_case_past_its_period_is_anonymised_and_every_figure_stays_the_same(
    client, tree, employee, manager, hr, confirmed, old_cases, django_capture_on_commit_callbacks
):
    cases, still_open = old_cases
    first = cases[0]
    Correction.objects.create(incident=first, text="Det var om formiddagen", added_by=employee)
    files = [item.file.path for item in [*first.evidence.all(), *first.attachments.all()]]
    assert len(files) == 2 and all(Path(path).read_bytes() for path in files)
    with later():
        before = figures(client, hr, manager, tree)
        with django_capture_on_commit_callbacks(execute=True):
            run_sweep()
        after = figures(client, hr, manager, tree)

    assert before == after
    assert before[1][1:], "the export has the episodes"
    first.refresh_from_db()
    assert first.anonymised_at is not None
    assert first.reported_by is None and first.severity_given_by is None
    assert first.description == first.place == first.other_witnesses == ""
    assert not first.affected.exists() and not first.witnesses.exists()
    assert first.anonymised_affected.count() == 2
    assert first.absence_days == 4 and first.kind == "physical"
    assert not Evidence.objects.filter(incident=first).exists()
    assert not Attachment.objects.filter(incident=first).exists()
    assert not IncidentChange.objects.filter(incident=first).exists()
    assert not Correction.objects.filter(incident=first).exists()
    for path in files:
        assert not Path(path).exists()
    assert Incident.objects.filter(anonymised_at__isnull=False).count() == len(cases)
    still_open.refresh_from_db()
    assert still_open.anonymised_at is None and still_open.description


def test_the_audit_log_records_how_many_by_which_rule_and_never_the_content(confirmed, old_cases):
    with later():
        run_sweep()
    event = AuditEvent.objects.get(action=Action.RETENTION_CASES_ANONYMISED)
    assert event.data["rule"] == RetentionKind.CASES
    assert event.data["months"] == 60 and event.data["items"] == 6
    assert event.actor is None and event.unit_id == confirmed.unit_id
    assert "Ølgaard" not in str(event.data)
    files = AuditEvent.objects.get(action=Action.RETENTION_FILES_DELETED)
    assert files.data["items"] == 1 and files.data["handled"] == 2


def test_a_case_on_legal_hold_is_untouched(confirmed, old_cases, manager):
    cases, _open = old_cases
    held = cases[0]
    LegalHold.objects.create(
        incident=held,
        ground=HoldGround.WORK_INJURY,
        reason="Ankesag hos AES",
        ends_on=(five_years_on() + timedelta(days=30)).date(),
        placed_by=manager,
    )
    with later():
        run_sweep()
    held.refresh_from_db()
    assert held.anonymised_at is None and held.description and held.affected.exists()
    assert held.evidence.exists() and held.attachments.exists()
    assert Incident.objects.filter(anonymised_at__isnull=False).count() == len(cases) - 1


def test_nothing_happens_until_a_rule_is_confirmed(municipality, old_cases):
    with later():
        planned = {item.rule.kind: item.count for item in retention.plan()}
        run_sweep()
    assert planned[RetentionKind.CASES] == 6
    assert not Incident.objects.filter(anonymised_at__isnull=False).exists()


def test_a_changed_period_must_be_confirmed_again(confirmed, old_cases):
    rule = RetentionRule.objects.get(municipality=confirmed, kind=RetentionKind.CASES)
    rule.months = 72
    rule.save()
    with later():
        run_sweep()
    assert not Incident.objects.filter(anonymised_at__isnull=False).exists()
    assert not RetentionRule.objects.get(pk=rule.pk).is_confirmed


def test_the_dry_run_lists_exactly_what_the_sweep_then_does(confirmed, old_cases):
    with later():
        planned = {item.rule.kind: item.count for item in retention.plan()}
        done = retention.sweep()
    assert planned[RetentionKind.CASES] == 6
    assert {kind: done[(confirmed.pk, kind)] for kind in planned} == planned


def test_the_command_dry_run_prints_the_counts_and_changes_nothing(confirmed, old_cases):
    from django.core.management import call_command

    out = io.StringIO()
    with later():
        call_command("retention", "--dry-run", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if "\tcases\t" in row)
    assert line.endswith("\tyes\t6")
    assert not Incident.objects.filter(anonymised_at__isnull=False).exists()


def test_the_command_confirms_and_records_it(municipality, old_cases):
    from django.core.management import call_command

    call_command("retention", "--confirm", "--kind", "cases", stdout=io.StringIO())
    assert RetentionRule.objects.get(municipality=municipality, kind="cases").is_confirmed
    assert not RetentionRule.objects.get(municipality=municipality, kind="files").is_confirmed
    assert AuditEvent.objects.filter(action=Action.RETENTION_RULE_CONFIRMED).count() == 1


def test_old_audit_events_are_purged_and_the_rest_stays(confirmed, tree, employee):
    from tryghed import audit

    old = audit.record(actor=employee, action=Action.INCIDENT_VIEWED, unit=tree["own"])
    old.subjects.set([employee])
    with time_machine.travel(timezone.now() + timedelta(days=5 * 366 + 1), tick=False):
        recent = audit.record(actor=employee, action=Action.INCIDENT_VIEWED, unit=tree["own"])
        run_sweep()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.get(action=Action.RETENTION_AUDIT_PURGED).data["items"] >= 1


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_anonymise_each_case_once(tree, employee, administrator, media):
    """Two workers, each with its own database connection, sweep at the same moment."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction at a time write: two sweeps cannot overlap")
    import threading

    from django.db import connections

    from tests.incidents.factories import make_incident
    from tryghed.organizations.models import Municipality

    municipality = Municipality.objects.create(unit=tree["root"])
    RetentionRule.objects.add_missing(municipality)
    for rule in retention.rules(municipality):
        retention.confirm(rule=rule, by=administrator)
    start = early_this_year()
    pks = [
        make_incident(employee, tree["own"], occurred_at=start + timedelta(hours=n)).pk
        for n in range(30)
    ]
    Incident.objects.filter(pk__in=pks).update(closed_at=start + timedelta(days=40))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(retention.sweep(five_years_on(), batch_size=7))
        except Exception as error:  # reported below, with the thread's own traceback lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    key = (municipality.pk, RetentionKind.CASES)
    assert sum(result[key] for result in results) == 30
    events = AuditEvent.objects.filter(action=Action.RETENTION_CASES_ANONYMISED)
    assert sum(event.data["items"] for event in events) == 30
    assert Incident.objects.filter(pk__in=pks, anonymised_at__isnull=False).count() == 30


def test_outside_the_purge_the_database_still_refuses_to_delete_an_old_audit_event(tree, employee):
    from django.db import DatabaseError, connection, transaction

    from tryghed import audit

    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's; SQLite relies on the ORM's guard")
    old = audit.record(actor=employee, action=Action.INCIDENT_VIEWED, unit=tree["own"])
    with time_machine.travel(timezone.now() + timedelta(days=6 * 366), tick=False):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [old.pk])
    assert AuditEvent.objects.filter(pk=old.pk).exists()
