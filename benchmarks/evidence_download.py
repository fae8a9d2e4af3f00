"""The memory the server uses to send a case's evidence as one ZIP.

In a temporary folder (TRYGHED_VAR_DIR: an SQLite database and the uploaded files) the demo's
data is loaded and one online episode gets --files pieces of evidence of --size-mb each (by
default 50 x 10 MB = 500 MB, random bytes behind a PDF header), secured as the app secures
them. `tryghed serve` (uvicorn, one process) serves it; a manager downloads a small ZIP first
(the warm-up), then the big one, read and written to disk as it arrives. Printed: the server
process's resident memory before the download and its peak (VmHWM in /proc/PID/status), the
difference, the time and the rate. Goal: under 50 MB above the baseline. The ZIP is checked
(every file there with its size and CRC).

Usage, from the repository root:

    uv run python benchmarks/evidence_download.py [--files 50] [--size-mb 10] [--checkout PATH]

--checkout serves from another checkout (its .venv), to measure code from before a change.
"""

import argparse
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
PDF_HEADER = b"%PDF-1.4\n"


def memory(pid):
    """(resident now, peak so far) in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def secure_evidence(incident, person, count, size):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tryghed.incidents import services

    for number in range(count):
        content = PDF_HEADER + os.urandom(size - len(PDF_HEADER))
        services.add_evidence(
            incident=incident,
            upload=SimpleUploadedFile(f"print-{number}.pdf", content, "application/pdf"),
            content_type="application/pdf",
            source_url="https://facebook.com/ishoj/posts/1",
            captured_at=timezone.now(),
            added_by=person,
        )


def prepare(files, size):
    """Two cases: one with a single small piece of evidence, one with the big evidence."""
    from django.core.management import call_command

    from tryghed.accounts.models import User
    from tryghed.incidents.models import Incident, Kind

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    for manager in User.objects.filter(memberships__role="manager").order_by("pk"):
        cases = Incident.objects.visible_to(manager).filter(kind=Kind.ONLINE).order_by("pk")
        if cases.count() >= 2:
            small, big = cases[0], cases[1]
            break
    else:
        raise SystemExit("no manager with two online episodes in the demo data")
    secure_evidence(small, manager, 1, 100_000)
    started = time.monotonic()
    secure_evidence(big, manager, files, size)
    print(f"secured {files} x {size / 1e6:.0f} MB in {time.monotonic() - started:.0f} s")
    return manager, small, big


def session_cookie(person):
    """The session cookie of `person` logged in with a second factor, as a manager must
    (docs/mfa.md)."""
    from django.conf import settings

    from benchmarks.overview import logged_in

    client = logged_in(person)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def start_server(checkout, port):
    python = Path(checkout) / ".venv" / "bin" / "python" if checkout else sys.executable
    server = subprocess.Popen(
        [str(python), "-m", "tryghed.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=checkout or REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


def download(port, cookie, incident, target):
    """Fetch the ZIP into `target`; returns (bytes, seconds, Content-Length)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.monotonic()
    from django.urls import reverse

    url = reverse("incidents:evidence_zip", args=[incident.pk])
    connection.request("GET", url, headers={"Cookie": cookie})
    response = connection.getresponse()
    if response.status != 200:
        raise SystemExit(f"the download answered {response.status}")
    received = 0
    with open(target, "wb") as out:
        while chunk := response.read(1024 * 1024):
            out.write(chunk)
            received += len(chunk)
    connection.close()
    return received, time.monotonic() - started, response.getheader("Content-Length")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--size-mb", type=int, default=10)
    parser.add_argument("--checkout", help="serve from this checkout")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tryghed-evidence-bench-"))
    for name in ("DATABASE_URL", "DEBUG", "TRYGHED_DEMO", "MEDIA_ROOT", "STATIC_ROOT"):
        os.environ.pop(name, None)
    os.environ.update(
        TRYGHED_VAR_DIR=str(work),
        DJANGO_SETTINGS_MODULE="tryghed.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        TRYGHED_HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    server = None
    try:
        import django

        django.setup()
        manager, small, big = prepare(args.files, args.size_mb * 1_000_000)
        cookie = session_cookie(manager)
        port = free_port()
        server = start_server(args.checkout, port)
        download(port, cookie, small, work / "small.zip")  # warm-up
        before, _peak = memory(server.pid)
        received, seconds, length = download(port, cookie, big, work / "big.zip")
        _now, peak = memory(server.pid)
        with zipfile.ZipFile(work / "big.zip") as archive:
            ours = [i.file_size for i in archive.infolist() if "-print-" in i.filename]
            assert ours == [args.size_mb * 1_000_000] * args.files, "files missing"
            assert archive.testzip() is None, "a file does not match its CRC"
        print(f"served from {args.checkout or REPO}")
        print(
            f"    {received / 1e6:.0f} MB in {seconds:.1f} s "
            f"({received / 1e6 / seconds:.0f} MB/s), Content-Length {length or 'not sent'}"
        )
        print(
            f"    server memory: {before:.0f} MB before the download, peak {peak:.0f} MB: "
            f"{peak - before:.0f} MB above the baseline"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
