"""Accessibility checks in the browser: axe-core (from npm, node_modules) run on the page as it
stands, failing on any WCAG 2.1 A or AA violation."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`
  );
}"""


def assert_accessible(page):
    """Fails with each violation axe finds on the page: its rule, what it asks, and where."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN)
    assert not violations, "\n".join(violations)
