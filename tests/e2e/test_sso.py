"""Logging in through the municipality's own login: a real OpenID Connect provider in a process
of its own (tests/oidc_provider) stands in for Entra ID, and Chromium walks through both."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import expect

from tests.oidc_provider.fixture import PASSWORD
from tryghed.accounts.models import User
from tryghed.accounts.sso import AMR_SESSION_KEY
from tryghed.audit.models import Action, AuditEvent
from tryghed.demo import seed as demo
from tryghed.incidents import services
from tryghed.incidents.models import Incident, Kind
from tryghed.organizations.models import Contact, ContactKind, Unit

MAJA = f"medarbejder@{demo.DEMO_DOMAIN}"


def log_in_at_the_municipality(page, base_url, oidc, username):
    page.goto(base_url + "/konto/login/")
    page.get_by_role("button", name="Log ind med Ishøj Kommune").click()
    page.wait_for_url(oidc.issuer.removesuffix("/o") + "/login/**")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind hos kommunen").click()
    page.wait_for_url(lambda url: url.startswith(base_url))


def session_of(page, base_url):
    cookie = next(c for c in page.context.cookies(base_url) if c["name"] == "sessionid")
    return SessionStore(cookie["value"])


def test_a_person_logs_in_through_the_municipality_and_sees_their_own_cases(
    page, demo_site, oidc, settings, console_errors
):
    maja = User.objects.get(email=MAJA)
    own = services.report_incident(
        reporter=maja,
        unit=Unit.objects.get(code="borgerservice"),
        kind=Kind.PSYCHOLOGICAL,
        occurred_at=timezone.now() - timedelta(hours=2),
        severity=2,
        description="En borger truede mig ved skranken.",
        notify_people=False,
    )
    not_hers = Incident.objects.exclude(pk__in=Incident.objects.concerning(maja)).first()
    # As Entra ID answers: the object id as `sub`, the UPN, no verified-e-mail flag, and only a
    # password behind it (no "mfa" in amr).
    oidc.add_person("maja.n", sub="4f1c8a1e-entra-oid", preferred_username=MAJA, amr=["pwd"])
    oidc.configure(settings, email_domains=[demo.DEMO_DOMAIN])

    log_in_at_the_municipality(page, demo_site, oidc, "maja.n")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Maja")
    expect(page.locator("header")).to_contain_text("Maja Nørgaard")
    # No "mfa" in the provider's answer: the second factor is then asked for by Tryghed.
    assert session_of(page, demo_site)[AMR_SESSION_KEY] == ["pwd"]

    page.goto(demo_site + "/episoder/")
    expect(page.locator(f'a[href="/episoder/{own.pk}/"]')).to_have_count(1)
    expect(page.locator(f'a[href="/episoder/{not_hers.pk}/"]')).to_have_count(0)
    assert console_errors == []


def test_an_unknown_person_is_refused_on_a_phone_with_the_danish_page(phone, demo_site, oidc):
    Contact.objects.create(
        unit=Unit.objects.roots().get(name="Ishøj Kommune"),
        kind=ContactKind.ACCESS,
        name="IT-servicedesk",
        phone="43 57 70 00",
    )
    people = User.objects.count()
    oidc.add_person("ny", sub="ny-i-kommunen", email="ny@ishoj.dk", email_verified=True)

    phone.goto(demo_site + "/konto/login/")
    expect(phone.get_by_role("button", name="Log ind med Ishøj Kommune")).to_be_in_viewport()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    log_in_at_the_municipality(phone, demo_site, oidc, "ny")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Du findes ikke i Tryghed endnu")
    expect(phone.get_by_role("link", name="43 57 70 00")).to_have_attribute("href", "tel:43577000")
    expect(phone.get_by_role("link", name="Åbn lyn-guiden")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert User.objects.count() == people
    assert AuditEvent.objects.filter(action=Action.SSO_REFUSED).count() == 1
    phone.goto(demo_site + "/episoder/")
    assert "/konto/login/" in phone.url  # not logged in


LARS = f"leder@{demo.DEMO_DOMAIN}"


def test_a_manager_whose_provider_did_not_use_mfa_meets_the_second_factor_here(
    page, demo_site, oidc, settings
):
    """A password alone at the provider is not enough for a role that reads others' cases:
    Tryghed asks for its own second factor, and shows no case before it."""
    oidc.add_person("lars.h", sub="lars-entra-oid", preferred_username=LARS, amr=["pwd"])
    oidc.configure(settings, email_domains=[demo.DEMO_DOMAIN])

    log_in_at_the_municipality(page, demo_site, oidc, "lars.h")
    page.wait_for_url("**/konto/2fa/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Totrinsbekræftelse")
    page.goto(demo_site + "/episoder/")
    assert "/konto/2fa/" in page.url


def test_a_manager_whose_provider_used_mfa_goes_straight_in(page, demo_site, oidc, settings):
    oidc.add_person("lars.h", sub="lars-entra-oid", preferred_username=LARS, amr=["pwd", "mfa"])
    oidc.configure(settings, email_domains=[demo.DEMO_DOMAIN])

    log_in_at_the_municipality(page, demo_site, oidc, "lars.h")
    page.goto(demo_site + "/episoder/")
    assert "/konto/2fa/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_be_visible()
