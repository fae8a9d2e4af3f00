"""ALARM_HEARTBEAT_SECONDS: how often a quiet alarm page asks whether its connection carries
(the page's side: tests/e2e/test_alarms.py)."""

import pytest

from tests.fresh_process import python

READ = "from django.conf import settings; print(settings.ALARM_HEARTBEAT_SECONDS)"


@pytest.mark.parametrize("value", ["5", "300"])
def test_a_heartbeat_from_5_to_300_seconds_is_taken(value):
    result = python(READ, ALARM_HEARTBEAT_SECONDS=value)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.split()[-1]) == float(value)


@pytest.mark.parametrize("value", ["0", "4.9", "301"])
def test_a_heartbeat_outside_5_to_300_seconds_is_refused_at_start(value):
    result = python(READ, ALARM_HEARTBEAT_SECONDS=value)
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "django.core.exceptions.ImproperlyConfigured: "
        "ALARM_HEARTBEAT_SECONDS must be between 5 and 300."
    )
