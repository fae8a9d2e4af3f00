"""The employee's own copy of their data (GDPR art. 15): one ZIP with a JSON that validates
against the schema in the repo and a PDF that names their cases, and nothing they could not
see in Tryghed."""

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import UserFactory, person
from tests.incidents.factories import make_incident
from tryghed.alarms.models import (
    Alarm,
    AlarmRecipient,
    Answer,
    Floor,
    Level,
    Reason,
    Room,
    Site,
    Workplace,
)
from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import Correction, CorrectionKind
from tryghed.notifications.services import notify
from tryghed.organizations.roles import Role
from tryghed.privacy import own_data

SCHEMA = json.loads(
    (Path(own_data.__file__).parent / "schemas" / "own_data.schema.json").read_text("utf-8")
)


def open_zip(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["mine-data.json", "mine-data.pdf"]
    data = json.loads(archive.read("mine-data.json"))
    pdf = PdfReader(io.BytesIO(archive.read("mine-data.pdf")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    return data, text


@pytest.fixture
def cases(tree, employee, manager):
    """Maja's own case (a colleague as witness), a case she is only a witness in, and a case of
    a stranger's."""
    colleague = person(tree["own"], name="Kasper Ølgaard", email="kasper@ishoj.example")
    bystander = person(tree["own"], name="Birgitte Ærø", email="birgitte@ishoj.example")
    own = make_incident(employee, tree["own"], description="Borgeren truede mig ved skranken.")
    own.witnesses.add(colleague)
    witnessed = make_incident(
        colleague,
        tree["own"],
        affected=[colleague, bystander],
        description="Hemmelig beskrivelse af Kaspers episode.",
    )
    witnessed.witnesses.add(employee)
    stranger = person(tree["school"], name="Ole Bæk", email="ole@ishoj.example")
    other = make_incident(stranger, tree["school"], description="Oles egen episode.")
    return {"own": own, "witnessed": witnessed, "other": other}


def test_the_employee_downloads_a_zip_whose_json_validates_and_whose_pdf_names_their_cases(
    client, employee, cases
):
    notify(recipients=[employee], title="Der er noget til dig i Tryghed", email=False)
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))

    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["person"]["name"] == "Maja Nørgaard"
    assert data["memberships"][0]["unit"] == "Kløverengen"
    numbers = {case["number"] for case in data["cases"]}
    assert numbers == {cases["own"].number, cases["witnessed"].number}
    assert cases["own"].number in text and cases["witnessed"].number in text
    assert "Maja Nørgaard" in text and "Dine data i Tryghed" in text
    assert "Borgeren truede mig ved skranken." in text
    assert data["notifications"][0]["title"] == "Der er noget til dig i Tryghed"


def test_another_persons_case_is_not_in_the_copy(client, employee, cases):
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    whole = json.dumps(data, ensure_ascii=False)
    assert cases["other"].number not in whole and cases["other"].number not in text
    assert "Ole Bæk" not in whole and "Oles egen episode." not in text


def test_a_colleague_named_on_the_requesters_own_case_is_in_the_copy(client, employee, cases):
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    own = next(case for case in data["cases"] if case["number"] == cases["own"].number)
    assert own["may_open"] and own["details"]["witnesses"] == ["Kasper Ølgaard"]
    assert "Kasper Ølgaard" in text


def test_the_corrections_beside_the_persons_case_are_in_the_copy(client, employee, cases):
    """The corrections and objections the case's page shows beside a case the person may open
    are in the JSON (valid against the schema) and the PDF, the person's own marked; those on
    a case they may not open are not."""
    Correction.objects.create(
        incident=cases["own"],
        kind=CorrectionKind.OBJECTION,
        text="Jeg råbte ikke.\nDet var borgeren, der råbte.",
        added_by=employee,
    )
    Correction.objects.create(
        incident=cases["witnessed"],
        text="Kaspers hemmelige rettelse.",
        added_by=cases["witnessed"].reported_by,
    )
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    own = next(case for case in data["cases"] if case["number"] == cases["own"].number)
    [correction] = own["details"]["corrections"]
    assert correction["kind"] == {
        "code": "objection",
        "label": "Indsigelse: jeg er uenig i det, der står",
    }
    assert correction["by"] == "Maja Nørgaard" and correction["by_you"] is True
    assert correction["text"] == "Jeg råbte ikke.\nDet var borgeren, der råbte."
    assert "Rettelser og indsigelser" in text
    assert "Jeg råbte ikke." in text and "Det var borgeren, der råbte." in text
    whole = json.dumps(data, ensure_ascii=False)
    assert "Kaspers hemmelige rettelse." not in whole
    assert "Kaspers hemmelige rettelse." not in text


def test_a_case_the_requester_is_only_a_witness_in_says_only_that(client, employee, cases):
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    witnessed = next(c for c in data["cases"] if c["number"] == cases["witnessed"].number)
    assert witnessed == {
        "number": cases["witnessed"].number,
        "relations": ["witness"],
        "occurred_on": witnessed["occurred_on"],
        "unit": "Kløverengen",
        "may_open": False,
    }
    whole = json.dumps(data, ensure_ascii=False)
    # Birgitte is named only on the case Maja may not open: not in Maja's copy.
    assert "Birgitte Ærø" not in whole and "Birgitte Ærø" not in text
    assert "Hemmelig beskrivelse" not in whole and "Hemmelig beskrivelse" not in text


def test_the_reads_of_the_persons_cases_are_in_the_copy_as_in_their_log(
    client, employee, manager, cases
):
    client.force_login(manager)
    client.get(reverse("incidents:detail", args=[cases["own"].pk]))
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    read = next(e for e in data["reads"] if e["action"]["code"] == Action.INCIDENT_VIEWED)
    assert read["who"] == "Lars Bøgh" and cases["own"].number in read["what"]
    assert "Lars Bøgh" in text


def test_the_download_is_audited_and_shown_in_the_persons_own_log(client, employee, cases):
    client.force_login(employee)
    response = client.post(reverse("privacy:own_copy"))
    assert response["Cache-Control"] == "no-store, private"
    event = AuditEvent.objects.get(action=Action.OWN_COPY_DOWNLOADED)
    assert event.actor == employee and list(event.subjects.all()) == [employee]
    page = client.get(reverse("audit:about_me"))
    assert "Hentede sin egen kopi af sine data" in page.content.decode()


def test_the_copy_is_only_sent_for_a_post(client, employee):
    client.force_login(employee)
    assert client.get(reverse("privacy:own_copy")).status_code == 405
    assert not AuditEvent.objects.filter(action=Action.OWN_COPY_DOWNLOADED).exists()


def test_hr_produce_a_persons_copy_with_a_reason_and_it_is_audited(client, hr, employee, cases):
    client.force_login(hr)
    page = client.get(reverse("privacy:copy_for_person"))
    assert page.status_code == 200 and "Maja Nørgaard" in page.content.decode()
    reason = "Medarbejderen bad om sine data på mail den 3. december."
    response = client.post(
        reverse("privacy:copy_for_person"), {"person": employee.pk, "reason": reason}
    )
    data, text = open_zip(response)
    assert data["person"]["email"] == "maja@ishoj.example"
    assert cases["own"].number in text
    assert response["Cache-Control"] == "no-store, private"
    event = AuditEvent.objects.get(action=Action.COPY_PRODUCED)
    assert event.actor == hr and event.purpose == reason
    assert list(event.subjects.all()) == [employee]
    client.force_login(employee)
    log = client.get(reverse("audit:about_me")).content.decode()
    assert "Lavede en kopi af en persons data efter anmodning" in log and reason in log


def test_hr_must_give_a_reason_and_keep_what_they_chose(client, hr, employee):
    client.force_login(hr)
    response = client.post(reverse("privacy:copy_for_person"), {"person": employee.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Skriv, hvorfor du laver kopien." in body
    assert f'<option value="{employee.pk}" selected>' in body
    assert not AuditEvent.objects.filter(action=Action.COPY_PRODUCED).exists()


def test_hr_can_produce_a_copy_for_a_leaver_placed_nowhere(client, hr):
    leaver = UserFactory(name="Tidligere Medarbejder Øst", is_active=False)
    client.force_login(hr)
    response = client.post(
        reverse("privacy:copy_for_person"), {"person": leaver.pk, "reason": "Anmodning pr. brev"}
    )
    data, _ = open_zip(response)
    assert data["person"]["name"] == "Tidligere Medarbejder Øst"
    assert data["person"]["is_active"] is False


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADVISOR])
def test_nobody_but_hr_can_produce_someone_elses_copy(client, tree, employee, role):
    client.force_login(person(tree["root"], role))
    url = reverse("privacy:copy_for_person")
    assert client.get(url).status_code == 404
    assert client.post(url, {"person": employee.pk, "reason": "Nysgerrig"}).status_code == 404


def test_an_employee_cannot_produce_someone_elses_copy(client, employee, manager):
    client.force_login(employee)
    url = reverse("privacy:copy_for_person")
    assert client.post(url, {"person": manager.pk, "reason": "Nysgerrig"}).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


def test_where_the_person_sits_and_the_sites_they_guard_are_in_the_copy(client, tree, employee):
    site = Site.objects.create(unit=tree["own"], address="Vejlebrovej 45, 2635 Ishøj")
    floor = Floor.objects.create(site=site, name="Stueetagen", order=0)
    Workplace.objects.create(
        person=employee, room=Room.objects.create(floor=floor, name="Kontor 1")
    )
    site.guards.add(employee)
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    assert data["person"]["workplace"] == "Kløverengen, Kontor 1 (Stueetagen)"
    assert data["person"]["guards_sites"] == ["Kløverengen"]
    assert "Kontor 1 (Stueetagen)" in text


def test_the_managers_tasks_are_in_their_copy_but_not_the_case_they_are_not_named_in(
    client, employee, manager, cases
):
    client.force_login(manager)
    data, _text = open_zip(client.post(reverse("privacy:own_copy")))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["cases"] == []
    acknowledge = next(t for t in data["tasks"] if t["kind"]["code"] == "acknowledge")
    assert acknowledge["case"] == cases["own"].number
    assert acknowledge["status"]["code"] == "open"


def test_alarms_raised_and_answered_are_in_the_copy(client, tree, employee, manager):
    site = Site.objects.create(unit=tree["own"], address="Vejlebrovej 45, 2635 Ishøj")
    alarm = Alarm.objects.create(
        raised_by=employee, unit=tree["own"], site=site, level=Level.HELP_NOW
    )
    AlarmRecipient.objects.create(
        alarm=alarm,
        person=manager,
        reason=Reason.MANAGER,
        answer=Answer.COMING,
        answered_at=timezone.now(),
    )
    client.force_login(employee)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    assert [a["site"] for a in data["alarms_raised"]] == ["Kløverengen"]
    assert data["alarms_answered"] == [] and "Slog alarm" in text
    client.force_login(manager)
    data, text = open_zip(client.post(reverse("privacy:own_copy")))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["alarms_raised"] == []
    assert data["alarms_answered"][0]["answer"]["code"] == "coming"
    assert "Jeg kommer" in text


def test_collecting_costs_the_same_queries_for_one_case_as_for_many(
    tree, employee, django_assert_max_num_queries
):
    make_incident(employee, tree["own"])
    with CaptureQueriesContext(connection) as one:
        own_data.collect(employee)
    for _ in range(4):
        make_incident(employee, tree["own"]).witnesses.add(employee)
    with django_assert_max_num_queries(len(one)):
        data = own_data.collect(employee)
    assert len(data["cases"]) == 5
