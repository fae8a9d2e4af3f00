"""Uploads in an S3-compatible bucket (STORAGE_S3_BUCKET), against moto's S3 server started
here: the files land in the bucket, private, and leave it only through the access-checked
views."""

import io
import urllib.error
import urllib.request
import zipfile

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from environs import Env
from moto.server import ThreadedMotoServer

from tests.incidents.factories import make_incident
from tryghed.core.storage import s3_storage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "tryghed-filer"


@pytest.fixture
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, monkeypatch, tmp_path, settings):
    """The settings as `tryghed.settings` builds them from these variables, with the bucket
    made (as the municipality's hosting would); MEDIA_ROOT an empty directory to watch."""
    monkeypatch.setenv("STORAGE_S3_BUCKET", BUCKET)
    monkeypatch.setenv("STORAGE_S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("STORAGE_S3_REGION", "us-east-1")
    monkeypatch.setenv("STORAGE_S3_ACCESS_KEY", "tryghed")
    monkeypatch.setenv("STORAGE_S3_SECRET_KEY", "hemmelig")
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="tryghed",
        aws_secret_access_key="hemmelig",
    )
    client.create_bucket(Bucket=BUCKET)
    storages = {**settings.STORAGES, "default": s3_storage(Env())}
    with override_settings(STORAGES=storages, MEDIA_ROOT=tmp_path / "media"):
        # override_settings empties Django's storage cache, so default_storage is the bucket.
        yield client


def keys(client):
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_without_a_bucket_uploads_stay_on_local_disk(monkeypatch):
    monkeypatch.delenv("STORAGE_S3_BUCKET", raising=False)
    assert s3_storage(Env()) is None
    monkeypatch.setenv("STORAGE_S3_BUCKET", BUCKET)
    options = s3_storage(Env())["OPTIONS"]
    assert options["default_acl"] == "private" and not options["file_overwrite"]


def test_attachments_and_evidence_live_in_the_private_bucket_behind_the_access_checks(
    bucket, s3_server, tmp_path, client, tree, employee, manager, outsider
):
    from django.core.files.storage import default_storage

    assert default_storage.bucket_name == BUCKET
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    response = client.post(
        reverse("incidents:upload", args=[incident.pk]),
        {"file": SimpleUploadedFile("referat.pdf", PDF)},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("incidents:add_evidence", args=[incident.pk]),
        {
            "file": SimpleUploadedFile("print.pdf", PDF + b"%bevis\n"),
            "source_url": "",
            "captured_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    attachment = incident.attachments.get()
    evidence = incident.evidence.get()
    assert sorted(keys(bucket)) == sorted([attachment.file.name, evidence.file.name])
    assert attachment.file.name.startswith(f"attachments/{incident.pk}/")
    assert not (tmp_path / "media").exists(), "nothing is written to local disk"

    client.force_login(manager)
    for item, content in [(attachment, PDF), (evidence, PDF + b"%bevis\n")]:
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Length"] == str(len(content))
        assert response["Content-Type"] == "application/pdf"
    response = client.get(reverse("incidents:evidence_zip", args=[incident.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.read("01-print.pdf") == PDF + b"%bevis\n"

    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(evidence.get_absolute_url()).status_code == 404

    # The bucket itself refuses a reader without credentials; a public object (made here
    # only to show the refusal is the object's privacy, not the server's) is handed out.
    for key in keys(bucket):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{s3_server}/{BUCKET}/{key}")
        assert refused.value.code == 403
    bucket.put_object(Bucket=BUCKET, Key="offentlig", Body=b"x", ACL="public-read")
    assert urllib.request.urlopen(f"{s3_server}/{BUCKET}/offentlig").read() == b"x"
    # The storage's own address for a file is signed and expires within a minute.
    assert "Signature=" in attachment.file.url or "X-Amz-Signature=" in attachment.file.url
