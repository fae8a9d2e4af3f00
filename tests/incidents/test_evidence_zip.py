"""The evidence ZIP is streamed: made while it is sent, under WSGI (the test client) and under
ASGI (the production server), and it holds every file exactly as it was secured."""

import hashlib
import io
import random
import zipfile

import pytest
from asgiref.sync import async_to_sync
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.demo.incidents import _png
from tryghed.incidents import services
from tryghed.incidents.models import Kind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 4000


@pytest.fixture
def secured(tree, employee):
    """An online episode with three pieces of evidence; returns it and {name: bytes}."""
    incident = make_incident(employee, tree["own"], kind=Kind.ONLINE)
    files = {
        "skærmbillede 1.png": _png(random.Random(1)),
        "skærmbillede 2.png": _png(random.Random(2)),
        "opslag.pdf": PDF,
    }
    for name, content in files.items():
        content_type = "application/pdf" if name.endswith(".pdf") else "image/png"
        services.add_evidence(
            incident=incident,
            upload=SimpleUploadedFile(name, content, content_type=content_type),
            content_type=content_type,
            source_url="https://facebook.com/ishoj/posts/1",
            captured_at=timezone.now(),
            added_by=employee,
        )
    return incident, files


def check_archive(body, files, length):
    assert len(body) == int(length)
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    names = [name for name in archive.namelist() if name != "manifest.csv"]
    assert len(names) == len(files)
    for stored_name, original in zip(names, files.values(), strict=True):
        assert archive.read(stored_name) == original
    manifest = archive.read("manifest.csv").decode("utf-8-sig")
    for original in files.values():
        assert hashlib.sha256(original).hexdigest() in manifest


def test_the_evidence_zip_is_streamed_and_holds_every_file_byte_for_byte(client, secured, manager):
    incident, files = secured
    client.force_login(manager)
    response = client.get(reverse("incidents:evidence_zip", args=[incident.pk]))
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "application/zip"
    check_archive(b"".join(response.streaming_content), files, response["Content-Length"])
    assert AuditEvent.objects.filter(action=Action.EVIDENCE_DOWNLOADED, actor=manager).count() == 1


def test_under_asgi_the_evidence_zip_is_streamed_asynchronously(async_client, secured, manager):
    """Django reads a synchronous iterator whole before an ASGI server sends it: the ZIP
    must reach the ASGI handler as an asynchronous one."""
    incident, files = secured
    async_client.force_login(manager)

    async def download():
        response = await async_client.get(reverse("incidents:evidence_zip", args=[incident.pk]))
        assert response.is_async
        return response, b"".join([chunk async for chunk in response.streaming_content])

    response, body = async_to_sync(download)()
    assert response.status_code == 200
    check_archive(body, files, response["Content-Length"])


def test_the_evidence_zip_is_404_for_an_outsider(client, secured, outsider):
    incident, _files = secured
    client.force_login(outsider)
    assert client.get(reverse("incidents:evidence_zip", args=[incident.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EVIDENCE_DOWNLOADED).exists()


def test_under_asgi_one_piece_of_evidence_is_sent_in_chunks_as_it_is_read(
    async_client, secured, manager
):
    """Django's FileResponse is read whole into memory by the ASGI handler; ours is not."""
    incident, files = secured
    item = incident.evidence.get(name="opslag.pdf")
    async_client.force_login(manager)

    async def download():
        response = await async_client.get(item.get_absolute_url())
        assert response.is_async
        return response, [chunk async for chunk in response.streaming_content]

    response, chunks = async_to_sync(download)()
    assert response.status_code == 200
    assert b"".join(chunks) == files["opslag.pdf"]
    assert len(chunks) > 1
    assert int(response["Content-Length"]) == len(files["opslag.pdf"])
    assert 'filename="opslag.pdf"' in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
