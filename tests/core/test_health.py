"""/sundhed/ tells monitoring whether the worker is alive; /sundhed/app/ keeps the load balancer
routing to app servers whatever the worker does."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tryghed.core.models import Heartbeat
from tryghed.core.sweep import run_sweep


def test_the_health_check_is_ok_after_a_sweep(client, db, settings):
    settings.SWEEP_INTERVAL_SECONDS = 60
    run_sweep()
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.text == "ok"
    assert "no-store" in response["Cache-Control"]


def test_a_worker_that_has_not_swept_for_twice_its_interval_fails_the_health_check(
    client, db, settings
):
    settings.SWEEP_INTERVAL_SECONDS = 60
    run_sweep()
    with time_machine.travel(timezone.now() + timedelta(seconds=119), tick=False):
        assert client.get(reverse("core:health")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=121), tick=False):
        response = client.get(reverse("core:health"))
        assert response.status_code == 503
        assert response.text == "failed: worker: last sweep 121 s ago"
        app = client.get(reverse("core:health_app"))
        assert app.status_code == 200 and app.text == "ok", "the load balancer keeps the app"


def test_a_fresh_install_whose_worker_never_swept_fails_the_health_check(client, db):
    assert not Heartbeat.objects.exists()
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.text == "failed: worker: no sweep recorded yet"
    assert response["Content-Type"].startswith("text/plain")


def test_the_demo_runs_no_worker_and_is_healthy_without_one(client, db, settings):
    settings.DEMO = True
    assert client.get(reverse("core:health")).text == "ok"
