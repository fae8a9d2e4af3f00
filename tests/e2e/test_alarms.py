"""The panic button in two browsers at once, behind the ASGI server with WebSockets (the
demo_site fixture), with the clock moved on by time-machine to make an alarm escalate."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, in_a_thread
from tests.e2e.login import log_in
from tryghed.accounts.models import User
from tryghed.alarms import services
from tryghed.alarms.models import Alarm, Level
from tryghed.demo import seed as demo

EMPLOYEE = f"medarbejder@{demo.DEMO_DOMAIN}"
TEMP = f"vikar@{demo.DEMO_DOMAIN}"
GUARD = f"centervagt@{demo.DEMO_DOMAIN}"
HR = f"hr@{demo.DEMO_DOMAIN}"


def eventually(check, seconds=5):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"{check} did not come true in {seconds} s"
        time.sleep(0.1)


@pytest.fixture
def alarm_site(demo_site, settings):
    """The demo escalating after 30 seconds and looking for unanswered alarms twice a second;
    a two-second countdown."""
    settings.ALARM_ESCALATION_SECONDS = 30
    settings.ALARM_CHECK_SECONDS = 0.5
    settings.ALARM_CANCEL_SECONDS = 2
    return demo_site


@pytest.mark.slow
@pytest.mark.also_on_postgresql  # two browsers and the sweep act on one alarm at once
def test_an_alarm_reaches_the_guard_at_once_escalates_unanswered_and_ends_in_a_report(
    browser, alarm_site, console_errors
):
    base = alarm_site
    guard = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(guard, base, GUARD)
    guard.goto(base + "/alarm/vagt/")
    expect(guard.locator("p[data-alarm-connection]")).to_have_text(
        "Forbundet: alarmer kommer frem her."
    )
    # A browser makes no sound on a page nobody has touched: the console offers to turn it on.
    sound_on = guard.locator("main").get_by_role("button", name="Slå alarmlyden til")
    sound_on.click()
    expect(sound_on).to_be_hidden()
    expect(guard.get_by_role("status").filter(has_text="Alarmlyden er slået til.")).to_be_focused()

    # An employee at Borgerservice, on her phone, uses the big button on the front page.
    employee = browser.new_context(**PHONE).new_page()
    employee.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    log_in(employee, base, EMPLOYEE)
    employee.get_by_role("link", name="Alarm: få hjælp nu").click()
    employee.get_by_role("button", name=re.compile("Hjælp nu")).click()
    expect(employee.locator(".tryghed-countdown-text")).to_contain_text("Alarmen sendes om")

    # The guard's open page shows it without a reload: level, place and name.
    banner = guard.locator(".tryghed-alarm-banner").first
    expect(banner).to_contain_text("Hjælp nu: Rådhuset, Borgerservice, Skranke 2 (Stueetagen)")
    expect(banner).to_contain_text("Alarm fra Maja Nørgaard")
    expect(banner.get_by_role("button", name="Slå alarmlyden til")).to_be_hidden()
    expect(guard.locator("#guard-alarms")).to_contain_text("Hjælp nu: Rådhuset")
    banner.get_by_role("button", name="Jeg kommer").click()
    expect(employee.locator("#alarm-mine")).to_contain_text(
        re.compile("På vej: 1 . Kim Vestergaard")
    )
    # The guard's page confirmed the delivery on its own (within a second, at a random moment).
    first = Alarm.objects.get(raised_by__email=EMPLOYEE)
    guard_got_it = first.recipients.filter(person__email=GUARD, delivered_at__isnull=False)
    eventually(guard_got_it.exists)

    # A second alarm that nobody answers goes to the whole site when the clock has run on.
    temp = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(temp, base, TEMP)
    temp.get_by_role("link", name="Alarm", exact=True).click()
    temp.get_by_role("button", name=re.compile("Kom forbi")).click()
    second = guard.locator(".tryghed-alarm-banner", has_text="Emil Løvgren")
    expect(second).to_contain_text("Kom forbi")
    hr = browser.new_context().new_page()
    log_in(hr, base, HR)
    expect(hr.locator("p[data-alarm-connection]")).to_have_count(0)
    expect(hr.locator(".tryghed-alarm-banner")).to_have_count(0)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        expect(second).to_contain_text("Ingen svarede i tide", timeout=10_000)
        expect(hr.locator(".tryghed-alarm-banner")).to_contain_text("Emil Løvgren")
    assert Alarm.objects.get(raised_by__email=TEMP).escalation_step == 1

    # A guard whose page was closed gets every active alarm when it opens again.
    guard.close()
    guard = browser.new_context().new_page()
    log_in(guard, base, GUARD)
    expect(guard.locator(".tryghed-alarm-banner")).to_have_count(2)

    # Resolving opens the quick report, filled in from the alarm.
    employee.locator("#alarm-mine").get_by_role("link", name="Åbn alarmen").click()
    employee.get_by_role("button", name="Løst").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text("Registrér episode")
    expect(employee.locator(".alert")).to_contain_text("Kim Vestergaard")
    expect(employee.get_by_label("Hvad skete der, kort fortalt?")).to_have_value(
        re.compile("Hjælp nu.*Rådhuset")
    )
    employee.get_by_text("Trusler eller anden krænkende adfærd").click()
    employee.get_by_text("Alvorligt", exact=True).click()
    employee.get_by_role("button", name="Send").click()
    employee.wait_for_url("**/kvittering/")
    alarm = Alarm.objects.get(raised_by__email=EMPLOYEE)
    assert alarm.incident is not None
    assert [p.email for p in alarm.incident.witnesses.all()] == [GUARD]
    assert console_errors == []


def test_a_page_that_loses_the_server_shows_the_guards_phone(browser, demo_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, EMPLOYEE)
    expect(page.locator("#alarm-link-lost")).to_be_hidden()
    context.set_offline(True)
    lost = page.locator("#alarm-link-lost")
    expect(lost).to_be_visible(timeout=15_000)
    expect(lost.get_by_role("link", name="28 88 09 01")).to_have_attribute("href", "tel:28880901")
    context.close()


def test_an_alarm_that_ended_while_a_page_was_offline_leaves_it_on_reconnect(browser, demo_site):
    employee = User.objects.get(email=EMPLOYEE)
    alarm, _created = in_a_thread(services.raise_alarm, by=employee, level=Level.HELP_NOW)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # On a dead network a socket's closing handshake never ends (and whether Chromium's offline
    # mode holds it back differs between builds): here it never ends, so the page must not wait.
    context.add_init_script("WebSocket.prototype.close = function () {};")
    guard = context.new_page()
    log_in(guard, demo_site, GUARD)
    guard.goto(demo_site + "/alarm/vagt/")
    banner = guard.locator(".tryghed-alarm-banner")
    expect(banner).to_have_count(1)
    expect(guard.locator("#guard-alarms")).to_contain_text("Hjælp nu")
    context.set_offline(True)
    expect(guard.locator("p[data-alarm-connection]")).not_to_have_text(
        "Forbundet: alarmer kommer frem her."
    )
    in_a_thread(services.resolve_alarm, alarm=alarm, by=employee)
    context.set_offline(False)
    expect(guard.locator("p[data-alarm-connection]")).to_have_text(
        "Forbundet: alarmer kommer frem her.", timeout=15_000
    )
    expect(banner).to_have_count(0)
    expect(guard.locator("#guard-alarms")).to_have_text("Ingen aktive alarmer.")
    context.close()


def test_a_connection_that_goes_quiet_is_given_up_and_made_again(
    browser, demo_site, settings, monkeypatch
):
    """A network that silently drops everything leaves a socket "open" for minutes: the page
    asks the server every heartbeat and, without an answer, says it is not connected."""
    from tryghed.alarms.consumers import AlarmConsumer

    settings.ALARM_HEARTBEAT_SECONDS = 1
    answer = AlarmConsumer.receive_json

    async def unanswered(self, content, **kwargs):  # the server's pong never gets through
        if content.get("type") != "ping":
            await answer(self, content, **kwargs)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = context.new_page()
    log_in(guard, demo_site, GUARD)
    guard.goto(demo_site + "/alarm/vagt/")
    status = guard.locator("p[data-alarm-connection]")
    expect(status).to_have_text("Forbundet: alarmer kommer frem her.")
    guard.wait_for_timeout(2500)  # two heartbeats, answered: still connected
    expect(status).to_have_text("Forbundet: alarmer kommer frem her.")

    monkeypatch.setattr(AlarmConsumer, "receive_json", unanswered)
    expect(status).not_to_have_text("Forbundet: alarmer kommer frem her.")

    monkeypatch.setattr(AlarmConsumer, "receive_json", answer)
    expect(status).to_have_text("Forbundet: alarmer kommer frem her.")
    context.close()
