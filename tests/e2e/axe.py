"""axe-core (from npm, package.json) run in the page: fails a browser test on any violation of
WCAG 2.1 A and AA. The script is evaluated through the browser's tools, not added as a script
tag, so the page's Content-Security-Policy stays as strict as it is for users."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page):
    """Each violation axe finds on the page as it is now: its rule, what it asks, and where."""
    page.wait_for_load_state()  # not in the middle of a navigation, when there is no document
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target).join(', ')})`)",
        RULES,
    )


def assert_accessible(page):
    found = violations(page)
    assert not found, page.url + "\n" + "\n".join(found)
