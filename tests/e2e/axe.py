"""axe-core (from node_modules, an npm dev dependency) run in the page: the WCAG 2.1 A and AA
rules, and any violation fails the test with the rule, its help and the elements it found."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN = """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}}).then((result) =>
  result.violations.map((v) => [v.id, v.help, v.nodes.map((node) => node.target.join(" "))]))"""


@cache
def _source():
    return AXE.read_text()


def violations(page):
    """The page's violations as short lines. Evaluated through the DevTools protocol, so the
    page's Content-Security-Policy does not stop it."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(_source())
    found = page.evaluate(RUN, WCAG_21_AA)
    return [f"{rule}: {help_text} {nodes[:5]}" for rule, help_text, nodes in found]


def assert_accessible(page):
    found = violations(page)
    assert found == [], "\n".join(found)
