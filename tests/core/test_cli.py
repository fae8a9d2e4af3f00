"""The `tryghed` command, run as a person runs it: errors are one clear line and exit 1."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from tryghed import cli
from tryghed.notifications.models import Notification
from tryghed.notifications.services import notify


def run(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "tryghed.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tryghed.settings", **env},
        check=False,
    )


@pytest.fixture
def busy_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_port_in_use_is_one_line_with_a_way_out(busy_port):
    result = run("demo", "--port", str(busy_port))
    assert result.returncode == 1
    assert result.stderr == f"tryghed: port {busy_port} is in use; try --port {busy_port + 1}\n"


def test_serve_refuses_debug(busy_port):
    result = run("serve", DEBUG="true", SECRET_KEY="x" * 60)
    assert result.returncode == 1
    assert "refusing to serve with DEBUG on" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_serve_refuses_a_missing_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "tryghed.cli", "serve"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("tryghed: SECRET_KEY is not set")


def test_an_unreachable_database_names_host_and_port():
    result = run(
        "serve",
        "--port",
        "0",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/tryghed",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("tryghed: cannot reach the database at 127.0.0.1:1")
    assert len(result.stderr.splitlines()) == 1


def test_missing_npm_says_what_to_install(tmp_path, monkeypatch):
    (tmp_path / "package-lock.json").write_text("{}")
    monkeypatch.setattr(cli, "BASE_DIR", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(cli.CommandFailed, match=r"install Node\.js 20 or newer"):
        cli._ensure_node_modules()


def test_manage_passes_through_to_django():
    result = run("manage", "check")
    assert result.returncode == 0
    assert "no issues" in result.stdout


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_queued_emails_and_sweeps(employee, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    notify(recipients=[employee], title="Noget nyt")
    assert len(mail.outbox) == 0, "queued, not sent"
    call_command("worker", once=True)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_once(port, env):
    """Start `tryghed serve`, ask it one question (the server closes the connection, which
    leaves the port in TIME_WAIT), and stop it; returns what it printed if it failed."""
    server = subprocess.Popen(
        [sys.executable, "-m", "tryghed.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sundhed/app/") as answer:
                    return answer.status
            except OSError:
                time.sleep(0.2)
        return server.stderr.read() if server.poll() is not None else "no answer"
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="its server has a SQLite file of its own on either run"
)
def test_serve_starts_again_at_once_on_the_port_it_just_served(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tryghed.settings",
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TRYGHED_VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    assert _serve_once(port, env) == 200
    assert _serve_once(port, env) == 200
