"""The host names Tryghed answers to come from the environment and from the municipalities'
data (organizations.hosts): a municipality's host works as soon as it is saved and stops when it
is taken away, an unknown host gets 400, and CSRF follows the host without a list of origins."""

import pytest
from asgiref.sync import async_to_sync
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from tests.factories import UnitFactory
from tryghed.organizations import hosts
from tryghed.organizations.models import Municipality, UnitKind

GUIDE = "/lyn-guide/"


@pytest.fixture
def vallensbaek(db):
    root = UnitFactory(name="Vallensbæk Kommune", code="vallensbaek", kind=UnitKind.MUNICIPALITY)
    return Municipality.objects.create(unit=root, hosts="tryghed.vallensbaek.dk")


def test_a_municipalitys_host_is_answered_and_an_unknown_one_is_refused(client, vallensbaek):
    assert client.get(GUIDE, HTTP_HOST="tryghed.vallensbaek.dk").status_code == 200
    assert client.get(GUIDE, HTTP_HOST="TRYGHED.Vallensbaek.dk:443").status_code == 200
    assert client.get(GUIDE, HTTP_HOST="tryghed.albertslund.dk").status_code == 400
    assert client.get(GUIDE, HTTP_HOST="vallensbaek.dk").status_code == 400
    assert client.get(GUIDE, HTTP_HOST="tryghed.vallensbaek.dk.evil.example").status_code == 400
    assert client.get(GUIDE, HTTP_HOST="bad host").status_code == 400
    # The environment's hosts are still answered, and the health checks answer any.
    assert client.get(GUIDE).status_code == 200
    assert client.get("/sundhed/live", HTTP_HOST="10.0.0.7").status_code == 200


def test_a_new_municipalitys_host_works_once_saved_and_stops_once_removed(client, vallensbaek):
    assert client.get(GUIDE, HTTP_HOST="tryghed.ishoj.dk").status_code == 400
    root = UnitFactory(name="Ishøj Kommune", code="ishoej", kind=UnitKind.MUNICIPALITY)
    ishoej = Municipality.objects.create(unit=root, hosts="tryghed.ishoj.dk")
    assert client.get(GUIDE, HTTP_HOST="tryghed.ishoj.dk").status_code == 200
    ishoej.hosts = "ny.ishoj.dk"
    ishoej.save()
    assert client.get(GUIDE, HTTP_HOST="tryghed.ishoj.dk").status_code == 400
    assert client.get(GUIDE, HTTP_HOST="ny.ishoj.dk").status_code == 200
    ishoej.delete()
    assert client.get(GUIDE, HTTP_HOST="ny.ishoj.dk").status_code == 400
    assert client.get(GUIDE, HTTP_HOST="tryghed.vallensbaek.dk").status_code == 200


def test_another_processs_change_is_seen_without_a_restart(client, vallensbaek, monkeypatch):
    """A change made by another app process sends this one no signal (an update() sends none
    either): an unknown host reads the names again, and so does a known one after a while."""
    assert client.get(GUIDE, HTTP_HOST="tryghed.vallensbaek.dk").status_code == 200
    Municipality.objects.filter(pk=vallensbaek.pk).update(hosts="vallensbaek.tryghed.dk")
    monkeypatch.setattr(hosts, "HOSTS_MISS_SECONDS", 0)
    assert client.get(GUIDE, HTTP_HOST="vallensbaek.tryghed.dk").status_code == 200
    Municipality.objects.filter(pk=vallensbaek.pk).update(hosts="")
    assert client.get(GUIDE, HTTP_HOST="vallensbaek.tryghed.dk").status_code == 200
    monkeypatch.setattr(hosts, "HOSTS_REFRESH_SECONDS", 0)
    assert client.get(GUIDE, HTTP_HOST="vallensbaek.tryghed.dk").status_code == 400


def test_known_hosts_cost_no_query(vallensbaek, django_assert_num_queries):
    hosts.known.forget()
    with django_assert_num_queries(1):
        assert hosts.known.contains("tryghed.vallensbaek.dk")
    with django_assert_num_queries(0):
        assert hosts.known.contains("tryghed.vallensbaek.dk")
        assert not hosts.known.contains("scanner.example")  # read again at most once a second
        assert hosts.known.contains("tryghed.vallensbaek.dk")


def test_under_asgi_the_same_hosts_pass(async_client, vallensbaek):
    async def fetch(host):
        # The scope itself: get(headers=...) would add a second Host beside "testserver".
        scope = {"method": "GET", "path": GUIDE, "query_string": "", "headers": [(b"host", host)]}
        return (await async_client.request(**scope)).status_code

    assert async_to_sync(fetch)(b"tryghed.vallensbaek.dk") == 200
    assert async_to_sync(fetch)(b"tryghed.albertslund.dk") == 400


def test_a_form_posted_on_a_municipalitys_host_passes_csrf_without_trusted_origins(
    vallensbaek, settings
):
    """Django checks the Origin of a form posted over HTTPS against the request's own host: a
    municipality's host needs no CSRF_TRUSTED_ORIGINS. Another origin is refused."""
    settings.CSRF_TRUSTED_ORIGINS = []
    browser = Client(enforce_csrf_checks=True, HTTP_HOST="tryghed.vallensbaek.dk")
    login = reverse("account_login")
    assert browser.get(login, secure=True).status_code == 200
    token = browser.cookies["csrftoken"].value
    form = {"login": "nobody@vallensbaek.dk", "password": "wrong", "csrfmiddlewaretoken": token}

    def post(origin):
        return browser.post(login, form, secure=True, headers={"origin": origin}).status_code

    assert post("https://tryghed.vallensbaek.dk") == 200  # the form again, with its error
    assert post("https://tryghed.ishoj.dk") == 403
    assert post("http://tryghed.vallensbaek.dk") == 403


def test_the_host_check_must_be_first_while_django_s_is_off(settings):
    assert not [m for m in run_checks() if m.id == "organizations.E001"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != hosts.MIDDLEWARE]
    assert [m.id for m in run_checks() if m.id == "organizations.E001"] == ["organizations.E001"]
    settings.ALLOWED_HOSTS = ["tryghed.ishoj.dk"]
    assert not [m for m in run_checks() if m.id == "organizations.E001"]


def test_a_password_reset_link_is_built_only_from_a_known_host(client, vallensbaek, employee):
    """Host-header poisoning: an unknown host gets no e-mail with a link to itself."""
    from django.core import mail

    reset = "/konto/password/reset/"
    form = {"email": employee.email}
    assert client.post(reset, form, HTTP_HOST="tryghed.evil.example").status_code == 400
    assert mail.outbox == []
    assert client.post(reset, form, HTTP_HOST="tryghed.vallensbaek.dk").status_code == 302
    [message] = mail.outbox
    assert "http://tryghed.vallensbaek.dk/konto/password/reset/key/" in message.body


def test_only_a_superuser_changes_a_municipalitys_host_names(rf, administrator):
    from django.contrib import admin as django_admin

    from tryghed.organizations.admin import MunicipalityAdmin

    admin = MunicipalityAdmin(Municipality, django_admin.site)
    request = rf.get("/")
    request.user = administrator
    assert "hosts" in admin.get_readonly_fields(request)
    administrator.is_superuser = True
    assert "hosts" not in admin.get_readonly_fields(request)
