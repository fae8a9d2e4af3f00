"""Reporting with no network, in a real browser with Playwright's offline mode: the quick
report form opens from the service worker's copy, the report is kept on the phone, encrypted,
and sent once when the network returns; a second send of its key makes no second case; logout
leaves no kept report behind (docs/offline.md)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_layout import log_in
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
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    if page.evaluate("() => navigator.serviceWorker.controller === null"):
        # The worker became active while this page loaded (an earlier page registered it, and
        # a busy machine took long to install it): as for a person, the next load is its.
        page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("async () => Boolean(await caches.match('/registrer/'))")
    page.wait_for_function(
        "async () => (await (await caches.open('tryghed-static')).keys()).length > 3"
    )


def report_offline(page):
    page.context.set_offline(True)
    page.reload()  # no network: the service worker's copy
    page.get_by_text("Trusler eller anden krænkende adfærd").click()
    page.get_by_text("Alvorligt", exact=True).click()
    page.get_by_label("Hvad skete der, kort fortalt?").fill(TEXT)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()
    assert page.evaluate(KEPT_REPORTS) == 1


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
