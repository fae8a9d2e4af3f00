"""How long the main pages are, and how much they ask, on a phone and on a laptop.

For each main page (front, quick report, full report for a physical and an online episode,
the case page, my episodes, the manager's start page, the overview, the quick guide) at
390x844 and 1366x768 it prints the page's height in px and the number of visible form controls
in <main>. The case page is measured for the newest physical episode (often closed) and for the
newest episode with open tasks, unfolded to its next step (the first open task opened, as a
manager opens it). A page made of steps (elements with a `data-step` attribute, one shown at a
time) is measured step by step and its tallest step is printed; what a page shows with a step
must follow the step's `hidden` attribute, as this script shows each step by setting it. A page
without steps is measured whole. It also says whether the overview's key figures are above
the fold at 1366x768, and writes a screenshot of each page at each size (the first screen, and
the whole page) for review.

It starts `tryghed demo` (Ishøj's demo data) on a throwaway SQLite database in a temporary
folder (./var is not touched) and logs in with the demo's one-click logins.

Usage, from the repository root:
    uv run python benchmarks/page_heights.py [--port 8501] [--shots DIR] [--checkout PATH]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SIZES = {"phone": (390, 844), "desktop": (1366, 768)}
EMPLOYEE, MANAGER, EXECUTIVE = "medarbejder", "leder", "direktion"

# Visible form controls in <main>: what a person sees and may have to answer or press.
CONTROLS = """
() => {
  const main = document.querySelector("main") || document.body;
  // checkVisibility: not in a closed <details> either, whose content keeps its boxes.
  const visible = (el) => el.checkVisibility({ visibilityProperty: true });
  return [...main.querySelectorAll("input, select, textarea, button")]
    .filter((el) => el.type !== "hidden" && visible(el)).length;
}
"""

HEIGHT = "() => Math.ceil(document.documentElement.scrollHeight)"

# Each step of a stepped form shown alone in turn; returns [[height, controls], ...] or [].
STEPS = """
(controls) => {
  const steps = [...document.querySelectorAll("[data-step]")];
  if (steps.length < 2) return [];
  const kept = steps.map((el) => [el.hidden, el.style.display]);
  const measured = steps.map((step) => {
    steps.forEach((el) => {
      el.hidden = el !== step;
      el.style.display = el === step ? "block" : "none";
    });
    return [Math.ceil(document.documentElement.scrollHeight), eval(controls)()];
  });
  steps.forEach((el, i) => { el.hidden = kept[i][0]; el.style.display = kept[i][1]; });
  return measured;
}
"""

# The overview's key figures: an element marked data-key-figures, else the "key" section.
KEY_FIGURES = """
() => {
  const el = document.querySelector("[data-key-figures]") || document.getElementById("key");
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return [Math.round(box.top + scrollY), Math.round(box.bottom + scrollY)];
}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--shots", type=Path, help="folder for the screenshots")
    parser.add_argument("--checkout", type=Path, default=REPO, help="serve from this checkout")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tryghed-heights-"))
    shots = args.shots or work / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    base = f"http://127.0.0.1:{args.port}"
    server = start_demo(args.checkout, work, args.port)
    try:
        wait_for(base)
        ids = episode_ids(work)
        rows, fold = measure(base, pages(ids), shots)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(rows, fold)
    print(f"screenshots: {shots}")


def start_demo(checkout, work, port):
    env = {
        **os.environ,
        "TRYGHED_VAR_DIR": str(work),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    (work / "static").mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        ["uv", "run", "tryghed", "demo", "--port", str(port)],
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(base, seconds=300):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base + "/konto/login/", timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the demo did not answer within {seconds} s") from None
            time.sleep(1)


def episode_ids(work):
    """The newest physical and online episode of Borgerservice, whose manager is the demo's
    "Leder", and its newest episode with an open task: read straight from the demo's SQLite
    file."""
    import sqlite3

    db = sqlite3.connect(work / "tryghed.sqlite3")
    query = """
        SELECT i.id FROM incidents_incident i JOIN organizations_unit u ON u.id = i.unit_id
        WHERE u.code = 'borgerservice' AND i.kind = ? ORDER BY i.occurred_at DESC LIMIT 1
    """
    ids = {kind: db.execute(query, (kind,)).fetchone()[0] for kind in ("physical", "online")}
    ids["open"] = db.execute("""
        SELECT i.id FROM incidents_incident i JOIN organizations_unit u ON u.id = i.unit_id
        WHERE u.code = 'borgerservice' AND EXISTS (
            SELECT 1 FROM followup_followuptask t WHERE t.incident_id = i.id AND t.status = 'open'
        ) ORDER BY i.occurred_at DESC LIMIT 1
    """).fetchone()[0]
    db.close()
    return ids


def pages(ids):
    """(name, who, path, what to do on the page before measuring it, or None)."""
    physical, online, open_case = ids["physical"], ids["online"], ids["open"]
    return [
        ("front (employee)", EMPLOYEE, "/", None),
        ("quick report", EMPLOYEE, "/registrer/", None),
        ("full report, physical", MANAGER, f"/episoder/{physical}/detaljer/", choose_physical),
        ("full report, online", MANAGER, f"/episoder/{online}/detaljer/", choose_online),
        ("case page (follow-up)", MANAGER, f"/episoder/{physical}/opfoelgning/", None),
        ("case page (open, next)", MANAGER, f"/episoder/{open_case}/opfoelgning/", unfold_next),
        ("case page (report)", MANAGER, f"/episoder/{physical}/", None),
        ("my episodes", EMPLOYEE, "/episoder/", None),
        ("manager start", MANAGER, "/", None),
        ("overview (executive)", EXECUTIVE, "/overblik/", None),
        ("lyn-guide", EMPLOYEE, "/lyn-guide/", None),
    ]


def measure(base, wanted, shots):
    from playwright.sync_api import sync_playwright

    rows, fold = [], None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        for size, (width, height) in SIZES.items():
            contexts = {}
            for name, who, path, prepare in wanted:
                if who not in contexts:
                    contexts[who] = logged_in(browser, base, who, width, height)
                page = contexts[who]
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                if prepare:
                    prepare(page)
                rows.append((name, size, *page_figures(page)))
                slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
                page.screenshot(path=shots / f"{slug}-{size}.png")
                page.screenshot(path=shots / f"{slug}-{size}-whole.png", full_page=True)
                if name.startswith("overview") and size == "desktop":
                    fold = (page.evaluate(KEY_FIGURES), height)
            for page in contexts.values():
                page.context.close()
        browser.close()
    return rows, fold


def logged_in(browser, base, who, width, height):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        locale="da-DK",
    )
    page = context.new_page()
    page.goto(base + "/konto/login/")
    page.locator(f'form:has(input[name="email"][value^="{who}@"]) button').click()
    page.wait_for_url(lambda url: "/konto/login/" not in url)
    return page


def choose_kind(page, kind):
    """Says what happened where the page asks it (a select, or radio buttons or chips named
    "kind"), so the form shows what fits that kind of episode."""
    select = page.locator('main select[name="kind"]')
    if select.count() and select.first.is_visible():
        select.first.select_option(kind)
        select.first.dispatch_event("change")
        return
    choice = page.locator(f'main input[name="kind"][value="{kind}"]')
    if choice.count():
        choice.first.check(force=True)
        choice.first.dispatch_event("change")


def choose_physical(page):
    choose_kind(page, "physical")


def choose_online(page):
    choose_kind(page, "online")


def unfold_next(page):
    """Opens the first open task on a case page: its guidance and what to do, the next step."""
    title = page.locator("main .tryghed-next-steps details.tryghed-task-work > summary")
    if title.count():
        title.first.click()


def page_figures(page):
    """(height, controls, steps): the tallest step's height and controls on a stepped page."""
    steps = page.evaluate(STEPS, CONTROLS)
    if steps:
        height, controls = max(steps)
        return height, controls, len(steps)
    return page.evaluate(HEIGHT), page.evaluate(CONTROLS), 0


def report(rows, fold):
    print(f"{'page':<24} {'size':<8} {'height px':>10} {'controls':>9}  steps")
    for name, size, height, controls, steps in rows:
        shown = f"{steps} (tallest shown)" if steps else "-"
        print(f"{name:<24} {size:<8} {height:>10,} {controls:>9}  {shown}")
    if fold:
        box, viewport = fold
        if box is None:
            print("overview: no key figures found ([data-key-figures] or #key)")
        else:
            top, bottom = box
            where = "above" if bottom <= viewport else "below"
            print(
                f"overview at 1366x768: key figures from {top} to {bottom} px, "
                f"{where} the fold ({viewport} px)"
            )


if __name__ == "__main__":
    main()
