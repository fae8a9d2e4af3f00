"""Each role's own front page and the case page on a phone, as the demo's people meet them,
with axe-core checking every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.login import log_in
from tests.incidents.factories import make_incident
from tryghed.accounts.models import User
from tryghed.demo import seed as demo


def email(local):
    return f"{local}@{demo.DEMO_DOMAIN}"


@pytest.mark.parametrize(
    ("who", "shown", "switch"),
    [
        ("medarbejder", "Mine episoder", None),
        ("leder", "Dine opgaver, sag for sag", "Leder"),
        ("amr", "Sager, du følger", "Tillidsvalgt"),
        ("tr", "Sager, du følger", "Tillidsvalgt"),
        ("konsulent", "Alvorlige sager", "Overblik"),
        ("direktion", "Alvorlige sager", "Overblik"),
        ("hr", "Alvorlige sager", "Overblik"),
        ("centervagt", "Aktive alarmer", "Vagt"),
    ],
)
def test_each_role_starts_on_its_own_page(phone, demo_site, who, shown, switch):
    log_in(phone, demo_site, email(who))
    phone.goto(demo_site + "/")
    main = phone.locator("main")
    expect(main.get_by_role("heading", name=shown)).to_be_visible()
    switcher = main.get_by_role("navigation", name="Vis forsiden som")
    if switch is None:
        expect(switcher).to_have_count(0)
    else:
        expect(switcher.locator('[aria-current="page"]')).to_have_text(switch)
    assert_accessible(phone)


def test_a_manager_switches_to_the_employees_page_and_back(page, demo_site):
    log_in(page, demo_site, email("leder"))
    page.goto(demo_site + "/")
    page.get_by_role("navigation", name="Vis forsiden som").get_by_role(
        "link", name="Medarbejder"
    ).click()
    expect(page).to_have_url(re.compile(r"\?som=medarbejder$"))
    expect(page.locator("main").get_by_role("heading", name="Mine episoder")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Vis forsiden som").get_by_role(
        "link", name="Leder"
    ).click()
    expect(page.get_by_role("heading", name="Dine opgaver, sag for sag")).to_be_visible()


def a_new_case():
    """An episode in Borgerservice, reported by its employee: the manager "leder" follows it."""
    reporter = User.objects.get(email=email("medarbejder"))
    return make_incident(reporter, reporter.memberships.get().unit)


def test_the_managers_cases_come_overdue_first_and_lead_to_the_case(page, demo_site):
    incident = a_new_case()
    incident.tasks.update(due_at=timezone.now() - timedelta(days=60))
    log_in(page, demo_site, email("leder"))
    page.goto(demo_site + "/")
    first = page.locator(".tryghed-case-group").first
    expect(first).to_contain_text(f"Sag {incident.number}")
    expect(first).to_contain_text("overskredet for 60 dage")
    first.get_by_role("link", name=f"Sag {incident.number}").click()
    expect(page).to_have_url(re.compile(rf"/episoder/{incident.pk}/opfoelgning/$"))


def test_on_a_phone_the_case_page_shows_the_facts_and_the_next_steps(phone, demo_site):
    incident = a_new_case()
    total = incident.tasks.count()
    log_in(phone, demo_site, email("leder"))
    phone.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    card = phone.locator(".tryghed-case-card")
    expect(card).to_contain_text(incident.get_kind_display())
    expect(card).to_contain_text("Politianmeldelse:")
    expect(card.locator(".tryghed-deadlines")).to_contain_text(re.compile(r"om |overskredet"))
    expect(phone.get_by_role("heading", name="Næste skridt")).to_be_visible()
    expect(phone.locator(".tryghed-progress")).to_have_text(re.compile(f"0 af {total} gjort"))
    assert phone.evaluate("document.documentElement.scrollHeight") <= 2100
    assert_accessible(phone)

    first = phone.locator(".tryghed-next-steps .tryghed-task").first
    done_button = first.get_by_role("button", name=re.compile("^Markér som udført"))
    expect(done_button).to_be_hidden()
    first.locator("summary").first.click()
    expect(done_button).to_be_visible()
    # Unfolded to the next step, the page is at most two and a half screens of 844 px.
    assert phone.evaluate("document.documentElement.scrollHeight") <= 2110
    assert_accessible(phone)
    done_button.click()

    expect(phone.locator(".tryghed-progress")).to_have_text(re.compile(f"1 af {total} gjort"))
    done = phone.locator("#done-tasks")
    # Back at the task just done (the address ends in its #task-…): the browser unfolds it.
    expect(done.locator(".tryghed-task")).to_be_visible()
    expect(done.locator(".tryghed-task")).to_contain_text("Udført")
    phone.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    expect(done.locator(".tryghed-task")).to_be_hidden()
    done.locator("summary").click()
    expect(done.locator(".tryghed-task")).to_be_visible()
    timeline = phone.locator("#timeline")
    expect(timeline.locator("ol")).to_be_hidden()
    timeline.locator("summary").click()
    expect(timeline.locator("ol")).to_contain_text("Opgave udført")
    assert_accessible(phone)
