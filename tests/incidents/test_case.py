import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.demo.incidents import _png
from tryghed.incidents.models import Incident, IncidentChange, Perpetrator, Severity
from tryghed.incidents.uploads import MAX_SIZE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def incident(employee, tree):
    return make_incident(employee, tree["own"], severity=Severity.SERIOUS)


def test_opening_a_case_is_audited_for_the_people_it_is_about(client, manager, incident, employee):
    client.force_login(manager)
    response = client.get(incident.get_absolute_url())
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.INCIDENT_VIEWED)
    assert event.actor == manager
    assert list(event.subjects.all()) == [employee]
    client.force_login(employee)
    assert manager.name in client.get(reverse("audit:about_me")).text


def test_an_outsider_gets_404_for_the_case_and_its_attachments(client, outsider, incident):
    client.force_login(outsider)
    assert client.get(incident.get_absolute_url()).status_code == 404
    assert client.get(reverse("incidents:edit", args=[incident.pk])).status_code == 404


def test_the_employees_experience_stays_as_given_beside_the_managers_assessment(
    client, manager, incident
):
    client.force_login(manager)
    client.post(reverse("incidents:assess", args=[incident.pk]), {"manager_severity": 1})
    incident.refresh_from_db()
    assert incident.experienced_severity == Severity.SERIOUS
    assert incident.manager_severity == 1
    assert incident.manager_assessed_by == manager
    # The manager's form of the full report has no field for the employee's experience.
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {**details(incident), "experienced_severity": 1},
    )
    incident.refresh_from_db()
    assert incident.experienced_severity == Severity.SERIOUS


def test_the_affected_employee_can_change_their_own_experience(client, employee, incident):
    client.force_login(employee)
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        {**details(incident), "experienced_severity": Severity.VERY_SERIOUS},
    )
    incident.refresh_from_db()
    assert incident.experienced_severity == Severity.VERY_SERIOUS


def details(incident, **changes):
    data = {
        "kind": incident.kind,
        "occurred_at": incident.occurred_at.astimezone().strftime("%Y-%m-%dT%H:%M"),
        "description": incident.description,
        "experienced_severity": incident.experienced_severity,
        "affected": [p.pk for p in incident.affected.all()],
    }
    data.update(changes)
    return data


def test_the_full_report_records_who_changed_what_from_what_to_what(
    client, employee, incident, safety_rep
):
    client.force_login(safety_rep)
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        details(incident, place="Ved elevatoren", is_injured="True", injury="Rift på højre hånd"),
    )
    assert response.status_code == 302
    changes = {c.field: c for c in IncidentChange.objects.filter(incident=incident)}
    assert set(changes) == {"place", "is_injured", "injury"}
    # Stored as data, read in the reader's language (incidents.history).
    assert changes["is_injured"].old_value == "false" and changes["is_injured"].new_value == "true"
    assert changes["is_injured"].shown_old == "Nej" and changes["is_injured"].shown_new == "Ja"
    assert changes["place"].changed_by == safety_rep
    page = client.get(incident.get_absolute_url()).text
    assert "Rift på højre hånd" in page and "Ved elevatoren" in page


def test_a_perpetrator_reference_links_episodes_in_the_unit(client, manager, employee, tree):
    first = make_incident(employee, tree["own"])
    second = make_incident(employee, tree["own"])
    client.force_login(manager)
    for incident in (first, second):
        client.post(
            reverse("incidents:edit", args=[incident.pk]),
            details(incident, perpetrator_category="user", perpetrator_reference="Beboer 14"),
        )
    perpetrator = Perpetrator.objects.get()
    assert perpetrator.unit == tree["own"]
    assert set(perpetrator.incidents.all()) == {first, second}


def test_a_cpr_number_is_never_a_perpetrator_reference(client, manager, incident):
    client.force_login(manager)
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        details(incident, perpetrator_reference="0101901234"),
    )
    assert response.status_code == 200
    assert "Det ligner et CPR-nummer" in response.text
    assert not Perpetrator.objects.exists()


def test_an_advisor_reads_but_cannot_change_the_report(client, advisor, incident):
    client.force_login(advisor)
    assert client.get(incident.get_absolute_url()).status_code == 200
    assert client.get(reverse("incidents:edit", args=[incident.pk])).status_code == 403


def upload(client, incident, content, name):
    return client.post(
        reverse("incidents:upload", args=[incident.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_a_picture_is_stored_with_its_hash_and_served_only_through_the_access_check(
    client, employee, incident, outsider, manager
):
    client.force_login(employee)
    response = upload(client, incident, _png(random.Random(1)), "skade.png")
    assert response.status_code == 302
    attachment = incident.attachments.get()
    assert attachment.content_type == "image/png"
    assert len(attachment.sha256) == 64
    assert "skade" not in attachment.file.name, "stored under a name of its own"
    client.force_login(manager)
    served = client.get(attachment.get_absolute_url())
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action=Action.ATTACHMENT_VIEWED, actor=manager).exists()
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_a_pdf_is_accepted(client, employee, incident):
    client.force_login(employee)
    upload(client, incident, PDF, "anmeldelse.pdf")
    assert incident.attachments.get().content_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "billede.jpg", "er ikke et billede eller en PDF"),
        (b"just text", "noter.txt", "er ikke et billede eller en PDF"),
        (PDF, "billede.png", "hedder som én slags fil, men indeholder en anden"),
        (b"%PDF-1.4\n" + b"0" * MAX_SIZE, "stor.pdf", "Grænsen er 10 MB"),
    ],
)
def test_bad_attachments_are_refused_with_a_reason(
    client, employee, incident, content, name, message
):
    client.force_login(employee)
    response = upload(client, incident, content, name)
    edit = reverse("incidents:edit", args=[incident.pk])
    assert response.status_code == 302, "back to the page: a reload does not send the file again"
    assert response.url == f"{edit}#attachments"
    page = client.get(edit).text
    assert message in page
    assert 'for="id_attachment-file"' in page
    assert not incident.attachments.exists()
    assert message not in client.get(edit).text, "the message is shown once"


def test_registered_in_error_leaves_the_lists_but_stays_on_record(client, manager, incident):
    client.force_login(manager)
    response = client.post(
        reverse("incidents:void", args=[incident.pk]), {"reason": "Dobbeltregistrering"}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.is_voided and incident.voided_by == manager
    assert Incident.objects.active().count() == 0
    assert incident.number not in client.get(reverse("incidents:unit_list")).text
    page = client.get(incident.get_absolute_url()).text
    assert "Dobbeltregistrering" in page
    assert AuditEvent.objects.filter(action=Action.INCIDENT_VOIDED).exists()


def test_a_void_needs_a_reason(client, manager, incident):
    client.force_login(manager)
    response = client.post(reverse("incidents:void", args=[incident.pk]), {"reason": ""})
    assert "Skriv, hvorfor episoden er registreret ved en fejl." in response.text
    incident.refresh_from_db()
    assert not incident.is_voided


def test_only_managers_mark_episodes_registered_in_error(client, safety_rep, incident):
    client.force_login(safety_rep)
    response = client.post(reverse("incidents:void", args=[incident.pk]), {"reason": "x"})
    assert response.status_code == 403


def test_the_full_report_offers_each_act_and_person_once(client, manager, employee, tree):
    from tryghed.incidents.models import Act

    spit, pinch = Act.objects.get(code="spit"), Act.objects.get(code="pinch")
    make_incident(employee, tree["own"], acts=[spit])
    incident = make_incident(employee, tree["own"], acts=[spit, pinch])
    client.force_login(manager)
    text = client.get(reverse("incidents:edit", args=[incident.pk])).text
    assert text.count(">Spyt</label>") == 1
    assert text.count(f">{employee.name}</option>") == 1, "once, among the witnesses"


def test_saving_the_full_report_counts_its_changes_in_danish(client, safety_rep, incident):
    client.force_login(safety_rep)
    url = reverse("incidents:edit", args=[incident.pk])
    response = client.post(url, details(incident, place="Ved elevatoren"), follow=True)
    assert "Gemt: 1 ændring." in response.text
    response = client.post(url, details(incident, place="Ved elevatoren"), follow=True)
    assert "Der var ingen ændringer at gemme." in response.text
    assert "Gemt: 0" not in response.text


@pytest.mark.parametrize(
    ("absence_from", "absence_days", "shown"),
    [
        ("2026-03-02", 2, "Fra 2. marts 2026, 2 dage"),
        ("2026-03-02", 1, "Fra 2. marts 2026, 1 dag"),
        ("2026-03-02", None, "Fra 2. marts 2026; antal dage ikke oplyst"),
        (None, 3, "3 dage"),
        (None, 0, None),
        (None, None, None),
    ],
)
def test_absence_is_shown_only_when_there_is_some_and_in_plain_words(
    client, employee, incident, absence_from, absence_days, shown
):
    Incident.objects.filter(pk=incident.pk).update(
        absence_from=absence_from, absence_days=absence_days
    )
    client.force_login(employee)
    page = client.get(incident.get_absolute_url()).text
    assert "0 dage" not in page
    if shown is None:
        assert "<dt>Fravær</dt>" not in page
    else:
        assert f"<dt>Fravær</dt><dd>{shown}</dd>" in page


def test_the_details_page_gives_each_of_its_forms_its_own_ids(client, employee, tree):
    from tests.html import duplicate_ids
    from tryghed.incidents.models import Kind

    online = make_incident(employee, tree["own"], kind=Kind.ONLINE)
    client.force_login(employee)
    page = client.get(reverse("incidents:edit", args=[online.pk])).text
    assert 'id="id_attachment-file"' in page and 'id="id_evidence-file"' in page
    assert duplicate_ids(page) == []


def test_who_is_affected_is_read_from_the_prefetched_people(
    employee, manager, incident, django_assert_num_queries
):
    loaded = Incident.objects.prefetch_related("affected").get(pk=incident.pk)
    with django_assert_num_queries(0):
        assert loaded.has_affected(employee.pk)
        assert not loaded.has_affected(manager.pk)
        assert not loaded.has_affected(None)
    plain = Incident.objects.get(pk=incident.pk)
    with django_assert_num_queries(1):
        assert plain.has_affected(employee.pk)
