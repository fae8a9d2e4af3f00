"""What a person does in the browser, step by step, shared by the browser tests and
benchmarks/quick_report.py so the figures the benchmark prints are the ones the tests hold."""

import time
from dataclasses import dataclass, field

# The questions of the quick report that a person must answer (with or without a default).
REQUIRED_QUESTIONS_SCRIPT = """
() => {
  const form = document.querySelector("form.tryghed-quick-report");
  const outside = [...form.querySelectorAll("input, select, textarea")].filter(
    (el) => el.name && !el.closest("details") && el.type !== "hidden" && el.offsetParent !== null
  );
  const labelOf = (el) => {
    const fieldset = el.closest("fieldset");
    const label = fieldset
      ? fieldset.querySelector("legend")
      : form.querySelector(`label[for="${el.id}"]`);
    return label ? label.textContent : "";
  };
  return [...new Set(outside.filter((el) => !/valgfrit/.test(labelOf(el))).map((el) => el.name))];
}
"""


@dataclass
class Counted:
    """A page whose taps and typed fields are counted: each click, fill or key press is one."""

    page: object
    interactions: list = field(default_factory=list)

    def click(self, locator, what):
        self.interactions.append(what)
        locator.click()

    def fill(self, locator, text, what):
        self.interactions.append(what)
        locator.fill(text)


def report_about_oneself(page, base_url, description):
    """From the front page to the receipt, as a person reporting about themselves does it.
    Returns (counted interactions, the required questions, seconds the submit took)."""
    page.goto(base_url + "/")
    counted = Counted(page)
    counted.click(page.locator("header").get_by_role("link", name="Registrér episode"), "open")
    page.wait_for_url("**/registrer/")  # the questions are read from the new page, not the old
    required = page.evaluate(REQUIRED_QUESTIONS_SCRIPT)
    counted.click(page.get_by_text("Trusler eller anden krænkende adfærd"), "what")
    counted.click(page.get_by_text("Alvorligt", exact=True), "how serious")
    counted.fill(page.get_by_label("Hvad skete der, kort fortalt?"), description, "description")
    started = time.perf_counter()
    counted.click(page.get_by_role("button", name="Send"), "send")
    page.wait_for_url("**/kvittering/")
    return counted.interactions, required, time.perf_counter() - started


def pick(page, name, typed, option):
    """Choose in a picker the way a person does: type part of the name, see the option, Enter.
    Waits for the search box itself (its script loads after the page), not the plain select."""
    box = page.get_by_role("combobox", name=name).and_(page.locator(".ts-control input"))
    box.focus()
    page.keyboard.type(typed)
    page.locator(".ts-dropdown .option.active", has_text=option).wait_for()
    page.keyboard.press("Enter")


def step_to(page, locator):
    """The full report shows one step at a time: press Næste until `locator` shows."""
    page.locator("form.tryghed-stepped").wait_for()  # report.js has set the steps up
    for _ in range(4):
        if locator.is_visible():
            break
        page.locator(".tryghed-step:not([hidden])").get_by_role("button", name="Næste").click()
    return locator


def log_out(page):
    """Log out with the header's button, and wait for the logged-out page: the page's script
    first deletes what it kept for use without a network (offline.js), then sends the logout,
    so the next step must not begin before the browser has left."""
    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").click()


def task_item(page, incident, kind):
    return unfold(page, page.locator(f"#task-{incident.tasks.get(kind=kind).pk}"))


def unfold(page, item):
    """A task on the case page, opened as a person opens it: an open task shows its guidance
    and actions once its title is clicked; a later one sits in the folded list of later tasks,
    a settled one in the folded list of done tasks."""
    item.wait_for(state="attached")
    for fold in ("#later-tasks", "#done-tasks"):
        folded = page.locator(f"{fold}:not([open])", has=item)
        if folded.count():
            folded.locator("> summary").click()
    title = item.locator("details.tryghed-task-work:not([open]) > summary")
    if title.count():
        title.click()
    return item


def open_kloeverengen(page):
    page.locator("header").get_by_role("link", name="Forebyggelse").click()
    page.get_by_role("link", name="Plejecenter Kløverengen", exact=True).first.click()
