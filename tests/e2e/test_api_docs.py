"""The API's browsable page (/api/v1/docs): Swagger UI from Tryghed's own static files, whole
under the site's Content-Security-Policy, with every operation listed. axe checks the page's
own frame; Swagger UI's markup inside it is upstream's (docs/api.md says what axe finds there)."""

from playwright.sync_api import expect

from tests.e2e.axe import AXE, RULES

OPERATIONS = [
    "POST /api/v1/episodes",
    "GET /api/v1/episodes",
    "GET /api/v1/cases/{case_id}",
    "GET /api/v1/tasks",
    "GET /api/v1/statistics",
]


def _violations_outside_swagger(page):
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run({exclude: [['#swagger-ui']]},"
        " {runOnly: {type: 'tag', values: tags}})).violations.map(v => v.id)",
        RULES,
    )


def test_the_docs_page_lists_every_operation_with_no_console_error(page, demo_site, console_errors):
    response = page.goto(f"{demo_site}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    blocks = page.locator(".opblock-summary")
    expect(blocks).to_have_count(len(OPERATIONS))
    listed = [
        " ".join(
            block.locator(selector).inner_text().strip()
            for selector in (".opblock-summary-method", ".opblock-summary-path")
        )
        for block in blocks.all()
    ]
    assert [text.replace("\u200b", "") for text in listed] == OPERATIONS
    page.locator(".opblock-summary-get").first.click()  # an operation opens, with its answers
    expect(page.locator(".responses-table").first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert _violations_outside_swagger(page) == []
    assert console_errors == []
