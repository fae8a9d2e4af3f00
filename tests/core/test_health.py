"""/sundhed/live says the process answers; /sundhed/ready names every check (database, Redis,
storage, task queue, sweep) and fails with 503 naming the one that fails; /sundhed/app/ keeps
the load balancer routing to app servers whatever the worker does. They answer whatever the
Host header says and over plain HTTP, and reveal nothing but the checks' outcomes."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tryghed.core.models import Heartbeat
from tryghed.core.sweep import run_sweep
from tryghed.notifications.tasks import send_notification_email

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
OUTCOMES = {"ok", "skipped", "unreachable", "not writable", "too old", "never ran"}


def ready(client, **headers):
    return client.get("/sundhed/ready", headers=headers)


@pytest.fixture
def swept(db, settings):
    settings.HEALTH_SWEEP_MAX_AGE_SECONDS = 120
    settings.TASKS = DATABASE_QUEUE
    run_sweep()


def test_live_answers_without_asking_the_database(client):
    response = client.get(reverse("core:live"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_ready_names_each_check_and_is_never_cached(client, swept):
    response = ready(client)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "replica": "skipped",
            "redis": "skipped",
            "storage": "ok",
            "tasks": "ok",
            "sweep": "ok",
        },
    }
    assert "no-store" in response["Cache-Control"]


def test_a_sweep_older_than_the_threshold_fails_ready_but_not_the_load_balancers_check(
    client, swept
):
    with time_machine.travel(timezone.now() + timedelta(seconds=119), tick=False):
        assert ready(client).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=121), tick=False):
        response = ready(client)
        assert response.status_code == 503
        assert response.json()["status"] == "failed"
        assert response.json()["checks"]["sweep"] == "too old"
        app = client.get(reverse("core:health_app"))
        assert app.status_code == 200 and app.text == "ok", "the load balancer keeps the app"
        assert client.get(reverse("core:live")).status_code == 200


def test_a_fresh_install_whose_worker_never_swept_is_not_ready(client, db):
    assert not Heartbeat.objects.exists()
    response = ready(client)
    assert response.status_code == 503
    assert response.json()["checks"]["sweep"] == "never ran"


def test_the_demo_runs_no_worker_and_is_ready_without_one(client, db, settings):
    settings.DEMO = True
    response = ready(client)
    assert response.status_code == 200
    assert response.json()["checks"]["sweep"] == "skipped"
    assert response.json()["checks"]["tasks"] == "skipped", "the demo runs its tasks at once"


def test_a_task_waiting_longer_than_the_threshold_fails_ready(client, swept, settings, manager):
    settings.HEALTH_TASK_MAX_AGE_SECONDS = 300
    send_notification_email.enqueue(1)
    assert ready(client).json()["checks"]["tasks"] == "ok"
    with time_machine.travel(timezone.now() + timedelta(seconds=301), tick=False):
        Heartbeat.beat(Heartbeat.SWEEP)
        response = ready(client)
    assert response.status_code == 503
    assert response.json()["checks"] == {**response.json()["checks"], "tasks": "too old"}
    assert response.json()["checks"]["sweep"] == "ok"


def test_a_task_deferred_to_later_has_not_waited_yet(client, swept, settings):
    settings.HEALTH_TASK_MAX_AGE_SECONDS = 300
    later = send_notification_email.using(run_after=timezone.now() + timedelta(minutes=30))
    later.enqueue(1)
    with time_machine.travel(timezone.now() + timedelta(minutes=20), tick=False):
        Heartbeat.beat(Heartbeat.SWEEP)
        assert ready(client).json()["checks"]["tasks"] == "ok"


def test_storage_that_cannot_take_a_file_fails_ready(client, swept, settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"
    response = ready(client)
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "not writable"


def test_the_storage_probe_leaves_no_file_behind(client, swept, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert ready(client).status_code == 200
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_redis_is_checked_when_configured(client, swept, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert ready(client).json()["checks"]["redis"] == "ok"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = ready(client)
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "unreachable"


def test_a_database_out_of_reach_is_named_and_its_text_not_shown(client, swept, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.1.2.3 failed: password for hemmelig")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = ready(client)
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
    assert "10.1.2.3" not in response.text and "hemmelig" not in response.text


def test_the_checks_answer_any_host_over_plain_http_and_nothing_else_does(client, swept, settings):
    settings.HOSTS_FROM_ENVIRONMENT = ["tryghed.ishoj.dk"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^sundhed/(?:live|ready|app/)$"]
    for path in ("/sundhed/live", "/sundhed/ready", "/sundhed/app/"):
        assert client.get(path, HTTP_HOST="10.0.0.7").status_code == 200, path
        assert client.get(path, HTTP_HOST="tryghed.ishoj.dk").status_code == 200, path
    assert client.get("/lyn-guide/", HTTP_HOST="tryghed.ishoj.dk").status_code == 301
    for path in ("/lyn-guide/", "/sundhed/livex", "/sundhed/live/", "/metrics"):
        assert client.get(path, HTTP_HOST="10.0.0.7").status_code == 400, path


def test_ready_reveals_only_the_checks_outcomes(client, swept, tree, manager):
    body = ready(client).json()
    assert set(body) == {"status", "checks"}
    assert set(body["checks"].values()) <= OUTCOMES
    assert manager.name not in str(body) and "sundhed" not in str(body).lower()


def test_the_first_monitoring_address_leads_to_ready(client, db):
    response = client.get("/sundhed/")
    assert response.status_code == 301 and response["Location"] == "/sundhed/ready"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_read_replica_is_checked_when_configured(client, swept, settings):
    settings.READ_REPLICA = "replica"
    assert ready(client).json()["checks"]["replica"] == "ok"
