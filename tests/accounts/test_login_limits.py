"""Login limits behind the municipality's proxy: every person comes from the proxy's address,
so wrong passwords for one person must not block anyone else, and nobody can keep a named
person (the site guard) locked out: an account is slowed down, never locked."""

import os
import subprocess
import sys

import time_machine
from allauth.account.adapter import get_adapter
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tryghed.organizations.roles import Role

PASSWORD = "kodeord-æøå-123"
PROXY = "10.20.30.40"


def log_in(client, who, password=PASSWORD, **headers):
    return client.post(
        reverse("account_login"),
        {"login": who.email, "password": password},
        REMOTE_ADDR=PROXY,
        **headers,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == reverse("home:home")


def test_ten_wrong_passwords_for_one_person_do_not_block_another_persons_login(
    client, tree, employee, manager
):
    for _attempt in range(10):
        log_in(client, manager, password="forkert")
    assert logged_in(log_in(client, employee))


def test_the_named_person_waits_a_growing_while_and_then_logs_in(client, tree):
    guard = person(tree["own"], Role.EMPLOYEE, name="Jørn Vagt", email="vagt@ishoj.example")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(3):
            assert "forkert" in log_in(client, guard, password="forkert").text.lower()
        log_in(client, guard, password="forkert")  # the fourth: a wait of 15 seconds begins
        refused = log_in(client, guard)
        assert not logged_in(refused)
        assert "Vent 15 sekunder, og prøv igen" in refused.text
        clock.shift(16)
        assert logged_in(log_in(client, guard))


def test_the_wait_is_capped_at_a_few_minutes_however_many_wrong_passwords(client, tree, settings):
    guard = person(tree["own"], Role.EMPLOYEE, name="Jørn Vagt", email="vagt@ishoj.example")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(20):
            log_in(client, guard, password="forkert")
            clock.shift(settings.LOGIN_WAIT_MAX_SECONDS + 1)  # every one of them counts
        log_in(client, guard, password="forkert")
        refused = log_in(client, guard)
        assert "Vent 5 minutter, og prøv igen" in refused.text
        clock.shift(settings.LOGIN_WAIT_MAX_SECONDS - 2)
        assert not logged_in(log_in(client, guard))
        clock.shift(3)
        assert logged_in(log_in(client, guard))


def test_tries_inside_the_wait_do_not_lengthen_it(client, tree):
    guard = person(tree["own"], Role.EMPLOYEE, name="Jørn Vagt", email="vagt@ishoj.example")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(4):
            log_in(client, guard, password="forkert")
        for _attempt in range(50):  # someone keeps guessing during the wait
            log_in(client, guard, password="forkert")
        clock.shift(16)
        assert logged_in(log_in(client, guard))


def client_ip(rf, **meta):
    request = rf.post(reverse("account_login"), REMOTE_ADDR=PROXY, **meta)
    return get_adapter(request).get_client_ip(request)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_x_forwarded_for_is_ignored_without_trusted_proxies(rf):
    assert client_ip(rf, HTTP_X_FORWARDED_FOR="192.0.2.7") == PROXY


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_x_forwarded_for_is_used_through_one_trusted_proxy(rf):
    assert client_ip(rf, HTTP_X_FORWARDED_FOR="192.0.2.7") == "192.0.2.7"
    # What the client wrote itself, left of what our proxy added, is not believed.
    assert client_ip(rf, HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.7") == "192.0.2.7"


def test_the_setting_comes_from_trusted_proxy_count(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT == 0
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tryghed.settings"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**environment, "TRUSTED_PROXY_COUNT": "1"},
        check=True,
    )
    assert result.stdout.strip() == "1"


@override_settings(
    ALLAUTH_TRUSTED_PROXY_COUNT=1,
    ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"},
)
def test_with_a_trusted_proxy_the_per_address_limit_counts_each_client(client, tree, employee):
    strangers = person(tree["own"], Role.EMPLOYEE, name="Ukendt", email="ukendt@ishoj.example")
    for number in range(3):
        log_in(client, strangers, password="forkert", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert logged_in(log_in(client, employee, HTTP_X_FORWARDED_FOR="192.0.2.200"))


@override_settings(
    ALLAUTH_TRUSTED_PROXY_COUNT=0,
    ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"},
)
def test_without_a_trusted_proxy_every_try_counts_for_the_connecting_address(
    client, tree, employee
):
    strangers = person(tree["own"], Role.EMPLOYEE, name="Ukendt", email="ukendt@ishoj.example")
    for number in range(3):
        log_in(client, strangers, password="forkert", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert not logged_in(log_in(client, employee, HTTP_X_FORWARDED_FOR="192.0.2.200"))
