"""Pages with personal data are never kept in a cache, the browser's included: on a shared PC,
Back after logout must not show a case."""

import pytest
from django.urls import reverse

from tests.incidents.factories import make_incident


@pytest.fixture
def pages(tree, employee):
    incident = make_incident(employee, tree["own"])
    return [
        reverse("home:home"),
        reverse("incidents:detail", args=[incident.pk]),
        reverse("incidents:receipt", args=[incident.pk]),
        reverse("incidents:mine"),
        reverse("notifications:inbox"),
        reverse("audit:about_me"),
        reverse("accounts:profile"),
    ]


def test_every_page_with_personal_data_is_no_store(client, employee, pages):
    client.force_login(employee)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_the_login_page_is_no_store(client, db):
    response = client.get(reverse("account_login"))
    assert "no-store" in response["Cache-Control"]


def test_static_files_may_be_cached(client, db):
    static = client.get("/static/tryghed/favicon.svg")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_the_health_check_is_never_cached_and_starts_no_session(client, db):
    """It sets no-store itself: a health answer is about now."""
    for name in ("core:live", "core:ready", "core:health_app"):
        health = client.get(reverse(name))
        assert "no-store" in health["Cache-Control"], name
        assert not health.cookies, name


def test_a_view_that_chooses_its_own_caching_keeps_it(client, employee):
    client.force_login(employee)
    response = client.get(reverse("incidents:report"))
    # never_cache's own header, not replaced by the middleware's
    assert "must-revalidate" in response["Cache-Control"]
