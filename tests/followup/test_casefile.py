"""The case file for the journal ("Udskriv sag"): a PDF and a JSON of the case as its reader may
see it, with the journal's header and classification on every page, behind the case page's
access, in the audit log, never cached, and with what people typed kept as text."""

import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup import casefile, services
from tryghed.incidents import services as incident_services

SCHEMA = json.loads(
    (Path(casefile.__file__).parent / "schemas" / casefile.SCHEMA_NAME).read_text("utf-8")
)
CLASSIFICATION = "Fortroligt – personoplysninger"  # noqa: RUF001 (the Danish text's dash)
SCRIPT = "<script>alert('æøå')</script>"
FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def incident(tree, employee, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = make_incident(employee, tree["own"], description=f"Borgeren skrev {SCRIPT} på tavlen.")
    acknowledge = case.tasks.get(kind="acknowledge")
    services.complete_task(task=acknowledge, by=manager, note=FORMULA)
    incident_services.add_attachment(
        incident=case,
        upload=SimpleUploadedFile("skadesfoto-æøå.pdf", b"%PDF-1.4\n%%EOF\n"),
        content_type="application/pdf",
        uploaded_by=employee,
    )
    return case


def pdf_pages(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pages = PdfReader(io.BytesIO(response.content)).pages
    return [" ".join(page.extract_text().split()) for page in pages]  # table cells wrap lines


def json_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_pdf_holds_the_case_number_the_classification_and_the_tasks(client, manager, incident):
    client.force_login(manager)
    pages = pdf_pages(client.get(reverse("followup:case_file_pdf", args=[incident.pk])))
    text = "\n".join(pages)
    assert incident.number in text
    assert "Kløverengen" in text
    for task in incident.tasks.all():
        assert task.label in text
    assert "Lars Bøgh" in text  # who settled the acknowledgement
    assert "skadesfoto-æøå.pdf" in text


def test_the_classification_and_case_number_head_every_page(client, manager, incident):
    incident.description = "En lang beskrivelse.\n" * 120  # several pages
    incident.save(update_fields=["description"])
    client.force_login(manager)
    pages = pdf_pages(client.get(reverse("followup:case_file_pdf", args=[incident.pk])))
    assert len(pages) > 1
    for page in pages:
        assert CLASSIFICATION.upper() in page.upper()
        assert incident.number in page


def test_the_json_validates_against_its_schema_and_holds_the_same_tasks_as_the_pdf(
    client, manager, incident
):
    client.force_login(manager)
    data = json_of(client.get(reverse("followup:case_file_json", args=[incident.pk])))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["header"]["case_number"] == incident.number
    assert data["header"]["classification"] == CLASSIFICATION
    titles = sorted(task["title"] for task in data["tasks"])
    assert titles == sorted(task.label for task in incident.tasks.all())
    done = next(task for task in data["tasks"] if task["status"]["code"] == "done")
    assert done["completed_by"] == "Lars Bøgh"
    assert [doc["name"] for doc in data["documents"]] == ["skadesfoto-æøå.pdf"]
    pdf_text = "\n".join(
        pdf_pages(client.get(reverse("followup:case_file_pdf", args=[incident.pk])))
    )
    assert all(task["title"] in pdf_text for task in data["tasks"])


@pytest.mark.parametrize("name", ["followup:case_file_pdf", "followup:case_file_json"])
def test_a_person_who_may_not_see_the_case_gets_404(client, outsider, union_rep, incident, name):
    for stranger in (outsider, union_rep):
        client.force_login(stranger)
        assert client.get(reverse(name, args=[incident.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.CASE_FILE_DOWNLOADED).exists()


def test_the_affected_employee_may_print_their_own_case(client, employee, incident):
    client.force_login(employee)
    data = json_of(client.get(reverse("followup:case_file_json", args=[incident.pk])))
    assert data["case"]["affected"] == ["Maja Nørgaard"]


@pytest.mark.parametrize(
    ("name", "file_format"),
    [("followup:case_file_pdf", "pdf"), ("followup:case_file_json", "json")],
)
def test_the_download_is_in_the_audit_log_and_never_cached(
    client, manager, employee, incident, name, file_format
):
    client.force_login(manager)
    response = client.get(reverse(name, args=[incident.pk]))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=Action.CASE_FILE_DOWNLOADED)
    assert event.actor == manager
    assert event.target == incident
    assert event.data["format"] == file_format
    assert list(event.subjects.all()) == [employee]  # she sees it in her own log


def test_what_people_typed_is_text_in_both_files(client, manager, incident):
    client.force_login(manager)
    data = json_of(client.get(reverse("followup:case_file_json", args=[incident.pk])))
    assert SCRIPT in data["case"]["description"]
    assert FORMULA in [task["note"] for task in data["tasks"]]
    text = "\n".join(pdf_pages(client.get(reverse("followup:case_file_pdf", args=[incident.pk]))))
    assert SCRIPT in text
    assert FORMULA in text


def test_the_case_page_links_to_both_downloads(client, manager, incident):
    client.force_login(manager)
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    assert reverse("followup:case_file_pdf", args=[incident.pk]) in page
    assert reverse("followup:case_file_json", args=[incident.pk]) in page
    assert "Udskriv sag" in page
