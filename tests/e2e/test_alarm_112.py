""" "Ring 112" in three browsers at once: the raiser on her phone has the number and the
address at once, the guard says he calls, the raiser and the manager see who, and the case made
from the alarm says the police were called during the episode (not a police report)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, in_a_thread
from tests.e2e.login import log_in
from tryghed.accounts.models import User
from tryghed.alarms import services
from tryghed.alarms.models import Alarm, Level
from tryghed.demo import seed as demo

EMPLOYEE = f"medarbejder@{demo.DEMO_DOMAIN}"
GUARD = f"centervagt@{demo.DEMO_DOMAIN}"
MANAGER = f"leder@{demo.DEMO_DOMAIN}"
ADDRESS = "Ishøj Store Torv 20, 2635 Ishøj"


@pytest.fixture
def alarm_site(demo_site, settings):
    settings.ALARM_CANCEL_SECONDS = 1
    return demo_site


def desktop(browser):
    return browser.new_context(viewport={"width": 1366, "height": 900}).new_page()


def raise_112_on_the_phone(browser, base):
    employee = browser.new_context(**PHONE).new_page()
    log_in(employee, base, EMPLOYEE)
    employee.get_by_role("link", name="Alarm: få hjælp nu").click()
    employee.get_by_role("button", name=re.compile("Ring 112")).click()
    return employee


def test_ring_112_one_responder_calls_everyone_sees_who_and_the_case_says_police_called(
    browser, alarm_site, console_errors
):
    base = alarm_site
    guard = desktop(browser)
    guard.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    log_in(guard, base, GUARD)
    guard.goto(base + "/alarm/vagt/")
    expect(guard.locator("p[data-alarm-connection]")).to_have_text(
        "Forbundet: alarmer kommer frem her."
    )
    manager = desktop(browser)
    log_in(manager, base, MANAGER)

    # The level says what happens, and no more.
    employee = browser.new_context(**PHONE).new_page()
    employee.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    log_in(employee, base, EMPLOYEE)
    employee.get_by_role("link", name="Alarm: få hjælp nu").click()
    level = employee.get_by_role("button", name=re.compile("Ring 112"))
    expect(level).to_contain_text("Din skærm viser straks 112 og adressen.")
    level.click()

    # At once on the raiser's phone: the number, the address, and that nobody has said yet.
    mine = employee.locator("#alarm-mine")
    call = mine.get_by_role("link", name="Ring 112 nu")
    expect(call).to_have_attribute("href", "tel:112")
    expect(call).to_be_visible()
    expect(mine).to_contain_text(f"Sig adressen til politiet: {ADDRESS}")
    expect(mine).to_contain_text("Ingen har endnu meldt, at de ringer 112.")
    box = call.bounding_box()
    assert box["width"] <= 390 and box["height"] >= 44  # large, and within the phone's width

    # The guard and the manager get "Politi er nødvendig"; the guard says he calls.
    banner = guard.locator(".tryghed-alarm-banner", has_text="Maja Nørgaard")
    expect(banner).to_contain_text("Politi er nødvendig")
    expect(banner).to_contain_text(ADDRESS)
    manager_banner = manager.locator(".tryghed-alarm-banner", has_text="Maja Nørgaard")
    expect(manager_banner.get_by_role("button", name="Jeg ringer 112")).to_be_visible()
    banner.get_by_role("button", name="Jeg ringer 112").click()
    expect(banner).to_contain_text("Du ringer 112.")
    expect(banner.get_by_role("link", name="Ring 112 nu")).to_have_attribute("href", "tel:112")

    # Everyone else is shown who calls, live; the manager can no longer claim it.
    who = "Kim Vestergaard (centervagt) ringer 112."
    expect(mine).to_contain_text(who)
    expect(manager_banner).to_contain_text(who)
    expect(manager_banner.get_by_role("button", name="Jeg ringer 112")).to_have_count(0)
    alarm = Alarm.objects.get(raised_by__email=EMPLOYEE)
    assert alarm.police_called_by.email == GUARD and alarm.police_called_at is not None

    # The alarm page, rendered by the server, says the same to the manager.
    manager.goto(base + alarm.get_absolute_url())
    section = manager.locator("#police_call")
    expect(section).to_contain_text(who)
    expect(section).to_contain_text(ADDRESS)
    expect(section.get_by_role("button", name="Jeg ringer 112")).to_have_count(0)

    # The raiser ends the alarm and reports the episode; the case says the police were called.
    mine.get_by_role("link", name="Åbn alarmen").click()
    employee.get_by_role("button", name="Løst").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text("Registrér episode")
    employee.get_by_text("Trusler eller anden krænkende adfærd").click()
    employee.get_by_text("Alvorligt", exact=True).click()
    employee.get_by_role("button", name="Send").click()
    employee.wait_for_url("**/kvittering/")
    alarm.refresh_from_db()
    assert alarm.incident is not None and alarm.incident.police_called

    manager.goto(base + alarm.incident.get_absolute_url())
    facts = manager.locator("main")
    expect(facts).to_contain_text(
        re.compile(r"Politiet tilkaldt under episoden\s*Ja \(det er ikke en politianmeldelse\)")
    )
    expect(facts).to_contain_text(
        "Kim Vestergaard: Politiet tilkaldt under episoden: Kim Vestergaard meldte under "
        "alarmen, at de ringede 112 (ikke en politianmeldelse)"
    )
    assert console_errors == []


def test_nobody_claiming_the_call_in_time_tells_the_raiser_to_call_herself(
    browser, alarm_site, settings
):
    """The raiser's page counts the escalation time on its own clock: it needs no server."""
    settings.ALARM_ESCALATION_SECONDS = 3
    employee = raise_112_on_the_phone(browser, alarm_site)
    mine = employee.locator("#alarm-mine")
    expect(mine).to_contain_text("Ingen har endnu meldt, at de ringer 112.")
    told = "Ingen har meldt, at de ringer 112. Ring selv 112 nu."
    expect(mine).to_contain_text(told, timeout=10_000)
    expect(mine.get_by_role("link", name="Ring 112 nu")).to_have_attribute("href", "tel:112")
    # She says she calls herself; the alarm page shows it without a script's help.
    mine.get_by_role("button", name="Jeg ringer selv 112").click()
    expect(mine).to_contain_text("Du ringer 112.")
    employee.goto(alarm_site + Alarm.objects.get(raised_by__email=EMPLOYEE).get_absolute_url())
    expect(employee.locator("#police_call")).to_contain_text("Du ringer 112.")


def test_without_javascript_the_guard_claims_the_call_on_the_alarm_page(browser, alarm_site):
    raiser = User.objects.get(email=EMPLOYEE)
    alarm, _created = in_a_thread(services.raise_alarm, by=raiser, level=Level.CALL_112)
    context = browser.new_context(java_script_enabled=False, **PHONE)
    guard = context.new_page()
    log_in(guard, alarm_site, GUARD)
    guard.goto(alarm_site + alarm.get_absolute_url())
    section = guard.locator("#police_call")
    expect(section).to_contain_text("Politi er nødvendig")
    expect(section).to_contain_text(ADDRESS)
    expect(section).to_contain_text("Ingen har endnu meldt, at de ringer 112.")
    section.get_by_role("button", name="Jeg ringer 112").click()
    guard.wait_for_url(re.compile(rf"{alarm.get_absolute_url()}$"))  # redirected after the POST
    expect(guard.locator("main")).to_contain_text("Alle, der har alarmen, kan nu se, at du ringer")
    expect(section).to_contain_text("Du ringer 112.")
    expect(section.get_by_role("link", name="Ring 112 nu")).to_have_attribute("href", "tel:112")
    context.close()
