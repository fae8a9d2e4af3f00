"""Reporting with no network, in a real browser with Playwright's offline mode: the quick
report form opens from the service worker's copy, the report is kept on the phone, encrypted
with the login's key, and sent once when the network returns; a second send of its key makes
no second case; a phone that says it is online but gets nothing through keeps the report too;
a report kept when the login ended is sent after the next login, or, where no login can open
it, the person is told to report it again; logout leaves no kept report behind
(docs/offline.md)."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.incidents.models import Incident

EMPLOYEE = f"vikar@{demo.DEMO_DOMAIN}"
TEXT = "Borgeren truede mig i opgangen, hvor der ikke var dækning."
SAVED = "Gemt på telefonen \u2013 sendes, når du er online"

KEPT_REPORTS = """
async () => {
  const names = (await indexedDB.databases()).map((db) => db.name);
  if (!names.includes("tryghed-offline")) { return 0; }
  return await new Promise((resolve, reject) => {
    const opening = indexedDB.open("tryghed-offline");
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains("reports")) { db.close(); resolve(0); return; }
      const counting = db.transaction("reports").objectStore("reports").count();
      counting.onsuccess = () => { db.close(); resolve(counting.result); };
    };
  });
}
"""
# What the browser keeps of a kept report: nothing of its text in the clear.
KEPT_BYTES = """
async () => await new Promise((resolve) => {
  const opening = indexedDB.open("tryghed-offline");
  opening.onsuccess = () => {
    const db = opening.result;
    const all = db.transaction("reports").objectStore("reports").getAll();
    all.onsuccess = () => {
      db.close();
      resolve(all.result.map((r) => Array.from(new Uint8Array(r.data))));
    };
  };
})
"""
SEND_AGAIN = """
async (key) => {
  const form = document.querySelector("form.tryghed-quick-report");
  const body = new FormData();
  [["kind", "psychological"], ["when", "now"], ["unit", form.unit.value], ["severity", "3"],
   ["description", "Sendt igen med samme nøgle"], ["submission_key", key],
   ["csrfmiddlewaretoken", form.csrfmiddlewaretoken.value]].forEach(([n, v]) => body.append(n, v));
  const answer = await fetch("/registrer/", { method: "POST", body });
  return answer.url;
}
"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, service_workers="allow"
    )
    page = context.new_page()
    yield page
    context.close()


def open_the_form_kept_for_offline(page, base_url):
    """The quick report form, with the service worker in charge and the form kept."""
    page.goto(base_url + "/registrer/")
    # (Waited for with a timeout: an evaluate that awaits a worker which never comes waits forever.)
    page.wait_for_function("async () => Boolean(await navigator.serviceWorker.getRegistration())")
    if page.evaluate("() => navigator.serviceWorker.controller === null"):
        # The worker became active while this page loaded (an earlier page registered it, and
        # a busy machine took long to install it): as for a person, the next load is its.
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("async () => Boolean(await caches.match('/registrer/'))")
    page.wait_for_function(
        "async () => (await (await caches.open('tryghed-static')).keys()).length > 3"
    )


def fill_and_send(page, saved=SAVED):
    page.get_by_text("Trusler eller anden krænkende adfærd").click()
    page.get_by_text("Alvorligt", exact=True).click()
    page.get_by_label("Hvad skete der, kort fortalt?").fill(TEXT)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").filter(has_text=saved)).to_be_visible()
    assert page.evaluate(KEPT_REPORTS) == 1


def report_offline(page):
    page.context.set_offline(True)
    page.reload()  # no network: the service worker's copy
    fill_and_send(page)


def tryghed_does_not_answer(page):
    """The phone believes it is online (a weak signal, a captive portal): nothing of Tryghed's
    gets through, while the browser's page and worker keep running."""
    page.route("**/offline/noegle/", lambda route: route.abort())
    page.route(
        "**/registrer/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )


@pytest.mark.also_on_postgresql  # sent again with its key: still one case
def test_a_report_made_offline_is_kept_encrypted_and_arrives_once(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    report_offline(phone)
    assert not Incident.objects.filter(description=TEXT).exists()
    kept = bytes(phone.evaluate(KEPT_BYTES)[0])
    assert b"opgangen" not in kept and b"psychological" not in kept
    phone.goto(demo_site + "/lyn-guide/")  # still no network: the quick guide and its numbers
    expect(phone.get_by_role("link", name=re.compile("70 10 20 12")).first).to_be_visible()
    phone.goto(demo_site + "/")  # the installed app's start page leads to the kept form
    phone.wait_for_url("**/registrer/")

    phone.context.set_offline(False)
    expect(phone.get_by_text("Episoden, der var gemt på telefonen, er sendt.")).to_be_visible()
    assert phone.evaluate(KEPT_REPORTS) == 0
    incident = Incident.objects.get(description=TEXT)
    assert incident.reported_by.email == EMPLOYEE

    receipt_url = phone.evaluate(SEND_AGAIN, str(incident.submission_key))
    assert receipt_url.endswith(f"/episoder/{incident.pk}/kvittering/")
    assert Incident.objects.filter(submission_key=incident.submission_key).count() == 1
    assert not Incident.objects.filter(description="Sendt igen med samme nøgle").exists()

    phone.get_by_role("link", name="Se kvitteringen").click()
    phone.wait_for_url(f"**/episoder/{incident.pk}/kvittering/")


def test_logout_leaves_no_kept_report_and_no_kept_form(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    report_offline(phone)
    # The network returns, but the report cannot get through before the person logs out.
    phone.route(
        "**/registrer/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    phone.context.set_offline(False)
    assert phone.evaluate(KEPT_REPORTS) == 1
    phone.get_by_role("button", name=re.compile("^Menu")).click()
    phone.get_by_role("dialog", name="Menu").get_by_role("button", name="Log ud").click()
    phone.wait_for_url("**/konto/login/")
    assert phone.evaluate(KEPT_REPORTS) == 0
    assert phone.evaluate("async () => !(await caches.match('/registrer/'))")
    assert not Incident.objects.filter(description=TEXT).exists()


def test_a_phone_online_without_a_connection_keeps_the_report(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    tryghed_does_not_answer(phone)
    assert phone.evaluate("() => navigator.onLine")
    fill_and_send(phone)
    assert phone.url.endswith("/registrer/"), "no error page: the form stays"
    assert not Incident.objects.filter(description=TEXT).exists()

    phone.unroute_all()
    # No "online" event comes (the phone was online all along): the page tries again by itself
    # (after 3, 6, 12 s).
    expect(phone.get_by_text("Episoden, der var gemt på telefonen, er sendt.")).to_be_visible(
        timeout=30_000
    )
    assert Incident.objects.filter(description=TEXT).count() == 1


def test_a_report_kept_when_the_login_ended_is_sent_after_the_next_login(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    old_key = phone.evaluate("() => sessionStorage.getItem('tryghed-offline-key')")
    report_offline(phone)
    phone.context.clear_cookies(name="sessionid")  # the login's 10 hours pass meanwhile
    phone.context.set_offline(False)
    log_in(phone, demo_site, EMPLOYEE)  # the same tab: it still holds the last login's key
    expect(phone.get_by_text("Episoden, der var gemt på telefonen, er sendt.")).to_be_visible()
    assert phone.evaluate("() => sessionStorage.getItem('tryghed-offline-key')") != old_key
    assert Incident.objects.filter(description=TEXT).count() == 1


def test_a_report_sent_after_the_login_ended_is_kept_until_the_next_login(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    phone.context.clear_cookies(name="sessionid")  # online, but the login's 10 hours have passed
    fill_and_send(phone, saved="sendes, når du logger ind igen i dette vindue")
    phone.get_by_role("status").get_by_role("link", name="Log ind").click()
    log_in(phone, demo_site, EMPLOYEE)
    expect(phone.get_by_text("Episoden, der var gemt på telefonen, er sendt.")).to_be_visible()
    assert Incident.objects.filter(description=TEXT).count() == 1


def test_a_new_window_sends_what_an_open_window_of_an_earlier_login_kept(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    report_offline(phone)
    phone.context.clear_cookies(name="sessionid")
    phone.context.set_offline(False)
    window = phone.context.new_page()  # the first window stays open, with the old login's key
    log_in(window, demo_site, EMPLOYEE)
    # The new window asks the old one to seal the report under the new login's key; then one of
    # the two sends it (the old one may, when its retry comes first) and says so, and it is one
    # case.
    sent = "Episoden, der var gemt på telefonen, er sendt."
    deadline = time.monotonic() + 20
    while not any(page.get_by_text(sent).is_visible() for page in (window, phone)):
        assert time.monotonic() < deadline, "neither window says the report was sent"
        window.wait_for_timeout(250)
    assert Incident.objects.filter(description=TEXT).count() == 1


def test_a_report_no_login_can_open_is_not_dropped_in_silence(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    report_offline(phone)
    phone.context.clear_cookies(name="sessionid")
    phone.context.set_offline(False)
    # The tab that held the login's key is closed; a new login in a new tab has a new key.
    tab = phone.context.new_page()
    phone.close()
    log_in(tab, demo_site, EMPLOYEE)
    expect(tab.get_by_role("status")).to_contain_text("Registrér den igen")
    assert tab.evaluate(KEPT_REPORTS) == 0
    assert not Incident.objects.filter(description=TEXT).exists()


def test_a_window_opened_with_no_network_and_no_key_says_so_and_keeps_the_text(phone, demo_site):
    log_in(phone, demo_site, EMPLOYEE)
    open_the_form_kept_for_offline(phone, demo_site)
    phone.context.set_offline(True)
    window = phone.context.new_page()  # the app opened again, with no network: no key in it
    phone.close()
    window.goto(demo_site + "/registrer/")
    window.get_by_text("Trusler eller anden krænkende adfærd").click()
    window.get_by_label("Hvad skete der, kort fortalt?").fill(TEXT)
    window.get_by_role("button", name="Send").click()
    notice = window.get_by_role("status").filter(has_text="Uden netværk")
    expect(notice).to_contain_text("ikke gemmes på telefonen")
    expect(notice).to_contain_text("ring 112")
    expect(window.get_by_label("Hvad skete der, kort fortalt?")).to_have_value(TEXT)
    assert window.evaluate(KEPT_REPORTS) == 0
