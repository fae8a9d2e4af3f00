"""Two-factor login in the browser, as a manager meets it: a password alone leads to the set-up,
the app is set up with the key shown on the page (pyotp plays the phone), and the next login
asks for a code. A recovery code works once."""

import pyotp
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.flows import log_out
from tests.e2e.login import submit_login
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.incidents.models import Incident

MANAGER = f"leder@{demo.DEMO_DOMAIN}"


def a_case_of(email):
    return Incident.objects.visible_to(User.objects.get(email=email)).order_by("pk").first()


def log_in_with_password(page, base_url, email=MANAGER):
    submit_login(page, base_url, email, demo.DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/konto/login/" not in url)


def test_a_manager_sets_up_the_app_and_logs_in_with_a_code(page, demo_site, console_errors):
    case = a_case_of(MANAGER)
    log_in_with_password(page, demo_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinsbekræftelse")
    expect(page.get_by_text("Slå totrinsbekræftelse til for at fortsætte")).to_be_visible()
    # A case's address leads back to the set-up, without anything of the case.
    page.goto(demo_site + case.get_absolute_url())
    expect(page).to_have_url(demo_site + "/konto/2fa/")
    assert case.description not in page.content()

    page.get_by_role("link", name="Opret godkendelsesapp").click()
    expect(page.get_by_role("img", name="QR-kode til din godkendelsesapp")).to_be_visible()
    phone = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.get_by_label("Kode").fill(phone.now())
    page.get_by_role("button", name="Slå til").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reservekoder")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.goto(demo_site + case.get_absolute_url())
    expect(page.locator("main")).to_contain_text(case.description[:40])

    log_out(page)
    log_in_with_password(page, demo_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind: andet trin")
    wrong = str((int(phone.now()) + 500_000) % 1_000_000).zfill(6)
    page.get_by_label("Kode").fill(wrong)
    page.get_by_role("button", name="Log ind", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("Koden er ikke rigtig")
    expect(page.get_by_label("Kode")).to_have_value(wrong)
    page.get_by_label("Kode").fill(phone.now())
    page.get_by_role("button", name="Log ind", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Lars")
    assert console_errors == []


def test_on_a_phone_a_recovery_code_logs_in_once(browser, demo_site):
    # Without the service worker: it fetches the report form for use offline, and its answer,
    # arriving after the cookies were cleared below, once set a CSRF cookie that the next
    # login form did not match (a 403). tests/e2e/test_offline_report.py tests it.
    phone = browser.new_context(**PHONE, service_workers="block").new_page()
    manager = User.objects.get(email=f"centerchef@{demo.DEMO_DOMAIN}")
    TOTP.activate(manager, pyotp.random_base32())
    code = RecoveryCodes.activate(manager).generate_codes()[0]
    log_in_with_password(phone, demo_site, manager.email)
    phone.get_by_label("Kode").fill(code)
    phone.get_by_role("button", name="Log ind", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hej Hanne")
    phone.goto(demo_site + "/konto/2fa/")
    expect(phone.get_by_text("9 ubrugte reservekoder ud af 10")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.context.clear_cookies()
    log_in_with_password(phone, demo_site, manager.email)
    phone.get_by_label("Kode").fill(code)
    phone.get_by_role("button", name="Log ind", exact=True).click()
    expect(phone.locator("#error-summary")).to_contain_text("Koden er ikke rigtig")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()


def test_a_manager_adds_a_passkey_and_logs_in_with_it_alone(page, demo_site, console_errors):
    """Chromium's virtual authenticator plays the phone's passkey (through the DevTools
    protocol): the browser's own WebAuthn, allauth's scripts and fido2 on the server are real."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    case = a_case_of(MANAGER)
    log_in_with_password(page, demo_site)
    page.get_by_role("link", name="Tilføj adgangsnøgle eller sikkerhedsnøgle").click()
    page.get_by_label("Navn på nøglen").fill("Min telefon")
    page.get_by_label("Brug den som adgangsnøgle").check()
    page.get_by_role("button", name="Tilføj nøglen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reservekoder")
    page.goto(demo_site + case.get_absolute_url())
    expect(page.locator("main")).to_contain_text(case.description[:40])

    log_out(page)
    page.goto(demo_site + "/konto/login/")
    page.get_by_role("button", name="Log ind med adgangsnøgle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Lars")
    page.goto(demo_site + case.get_absolute_url())
    expect(page.locator("main")).to_contain_text(case.description[:40])
    assert console_errors == []
