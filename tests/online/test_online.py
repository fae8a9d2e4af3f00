"""Harassment on social media: the extra questions, evidence, the procedure, repeat harassers."""

import csv
import hashlib
import io
import random
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.demo.incidents import _png
from tryghed.incidents.models import Incident, Kind, Perpetrator
from tryghed.organizations.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def online(reporter, unit, **fields):
    return make_incident(reporter, unit, kind=Kind.ONLINE, **fields)


def test_the_quick_report_asks_about_social_media_and_checks_the_links(client, tree, employee):
    client.force_login(employee)
    data = {
        "unit": tree["own"].pk,
        "kind": Kind.ONLINE,
        "when": "now",
        "severity": 3,
        "description": "En trussel i en kommentar under kommunens opslag.",
        "submission_key": str(uuid.uuid4()),
        "platform": "facebook",
        "links": "javascript:alert(1)",
        "on_own_page": "on",
        "harasser_type": "aggrieved_citizen",
    }
    response = client.post(reverse("incidents:report"), data)
    assert "Skriv en webadresse, der begynder med https://" in response.text
    assert not Incident.objects.exists()
    data["links"] = "https://facebook.com/ishoj/posts/1\n\n https://facebook.com/ishoj/posts/2 "
    client.post(reverse("incidents:report"), data)
    incident = Incident.objects.get()
    assert incident.platform == "facebook" and incident.on_own_page
    assert (
        incident.links == "https://facebook.com/ishoj/posts/1\nhttps://facebook.com/ishoj/posts/2"
    )
    assert incident.harasser_type == "aggrieved_citizen"


def test_an_online_episode_follows_the_twelve_steps(tree, employee):
    incident = online(employee, tree["own"])
    kinds = list(incident.tasks.values_list("kind", flat=True))
    assert len(kinds) == 12
    assert kinds[:4] == ["acknowledge", "evidence", "post_removal", "blocking"]
    assert not incident.tasks.get(kind="meeting").is_required


def add_evidence(client, incident, content, name, url="https://facebook.com/ishoj/posts/1"):
    return client.post(
        reverse("incidents:add_evidence", args=[incident.pk]),
        {
            "file": SimpleUploadedFile(name, content),
            "source_url": url,
            "captured_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )


def test_evidence_is_kept_with_its_hash_and_the_zip_manifest_matches_the_files(
    client, tree, employee, manager, outsider
):
    incident = online(employee, tree["own"])
    client.force_login(employee)
    pictures = [_png(random.Random(n)) for n in (1, 2)]
    add_evidence(client, incident, pictures[0], "skaermbillede 1.png")
    add_evidence(client, incident, pictures[1], "skærmbillede 2.png")
    add_evidence(client, incident, PDF, "print.pdf", url="")
    assert incident.evidence.count() == 3
    client.force_login(manager)
    response = client.get(reverse("incidents:evidence_zip", args=[incident.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    manifest = list(
        csv.reader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert manifest[0][:2] == ["fil", "sha256"]
    for row in manifest[1:]:
        assert hashlib.sha256(archive.read(row[0])).hexdigest() == row[1]
    assert {row[6] for row in manifest[1:]} == {"https://facebook.com/ishoj/posts/1", ""}
    assert AuditEvent.objects.filter(action=Action.EVIDENCE_DOWNLOADED, actor=manager).exists()
    client.force_login(outsider)
    assert client.get(reverse("incidents:evidence_zip", args=[incident.pk])).status_code == 404
    item = incident.evidence.first()
    assert client.get(item.get_absolute_url()).status_code == 404


def test_bad_evidence_is_refused_with_a_reason(client, tree, employee):
    incident = online(employee, tree["own"])
    client.force_login(employee)
    for content, name, url, message in [
        (b"MZ\x90\x00", "opslag.png", "https://x.com/a", "er ikke et billede eller en PDF"),
        (PDF, "opslag.png", "https://x.com/a", "hedder som én slags fil"),
        (PDF, "opslag.pdf", "ftp://x.com/a", "Skriv en webadresse, der begynder med https://"),
    ]:
        response = add_evidence(client, incident, content, name, url)
        assert response.status_code == 302
        page = client.get(response.url).text
        assert message in page
        assert f'value="{url}"' in page, "what was typed is kept"
    assert not incident.evidence.exists()


def test_evidence_is_never_changed(tree, employee):
    incident = online(employee, tree["own"])
    from tryghed.incidents import services

    upload = SimpleUploadedFile("a.pdf", PDF)
    item = services.add_evidence(
        incident=incident,
        upload=upload,
        content_type="application/pdf",
        source_url="",
        captured_at=timezone.now(),
        added_by=employee,
    )
    item.name = "rettet.pdf"
    with pytest.raises(ValueError, match="never changed"):
        item.save()
    item.refresh_from_db()
    assert item.name == "a.pdf"


def test_repeat_harassers_are_counted_and_only_visible_episodes_linked(
    client, tree, employee, manager
):
    perpetrator = Perpetrator.objects.create(unit=tree["own"], reference="Beboer 14")
    beside = person(tree["beside"], Role.EMPLOYEE)
    now = timezone.now()
    old = online(employee, tree["own"], occurred_at=now - timedelta(days=400))
    first = online(employee, tree["own"], occurred_at=now - timedelta(days=100))
    elsewhere = online(beside, tree["beside"], occurred_at=now - timedelta(days=50))
    latest = online(employee, tree["own"], occurred_at=now - timedelta(days=1))
    Incident.objects.filter(pk__in=[old.pk, first.pk, elsewhere.pk, latest.pk]).update(
        perpetrator=perpetrator
    )
    client.force_login(manager)
    text = client.get(latest.get_absolute_url()).text
    assert "Episode 3 fra denne person inden for 12 måneder." in text
    assert first.number in text
    assert elsewhere.number not in text, "only episodes the viewer may open are linked"
    assert old.number not in text
