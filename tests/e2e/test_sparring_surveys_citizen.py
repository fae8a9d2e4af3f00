"""Issue 20, points 5-7 in the browser: sparring offered after an episode and recorded when it
took place; APV results beside the risk assessment's figures; a conversation with a citizen
recorded and read before the next meeting with the same person."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.flows import open_kloeverengen, task_item
from tests.e2e.login import log_in
from tests.incidents.factories import make_incident
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.followup.models import TaskKind
from tryghed.incidents.models import Perpetrator
from tryghed.organizations.models import Unit

SOSU = f"sosu@{demo.DEMO_DOMAIN}"  # Ayşe Demir, Kløverengen, afsnit Æblehaven
MANAGER = f"yasmin.ali@{demo.DEMO_DOMAIN}"  # the manager of Æblehaven
SAFETY_REP = f"tina.skov@{demo.DEMO_DOMAIN}"
AGREED = "Borgeren ringer før fremmøde; mødet holdes med to ansatte i samtalerum 2."


def episode_in_aeblehaven(reference=None):
    unit = Unit.objects.get(code="kloeverengen-a")
    reporter = User.objects.get(email=SOSU)
    perpetrator = None
    if reference:
        perpetrator, _created = Perpetrator.objects.get_or_create(unit=unit, reference=reference)
    return make_incident(reporter, unit, perpetrator=perpetrator)


def test_sparring_is_offered_planned_and_recorded(page, demo_site):
    incident = episode_in_aeblehaven()
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    sparring = task_item(page, incident, TaskKind.SPARRING)
    expect(sparring.get_by_role("link", name="70 00 00 00")).to_have_attribute(
        "href", "tel:70000000"
    )
    sparring.get_by_text("Supervision med en ekstern supervisor").click()
    day = timezone.localdate() + timedelta(days=10)
    sparring.get_by_label("Planlagt til").fill(day.isoformat())
    sparring.get_by_role("button", name="Planlæg det").click()

    sparring = task_item(page, incident, TaskKind.SPARRING)
    expect(sparring).to_contain_text("Planlagt: Supervision med en ekstern supervisor")
    sparring.get_by_role("button", name="Registrér, at det har fundet sted").click()
    sparring = task_item(page, incident, TaskKind.SPARRING)
    expect(sparring.locator(".tryghed-task-meta")).to_contain_text("Udført")
    expect(sparring).to_contain_text("Supervision med en ekstern supervisor fandt sted")


def test_apv_results_show_beside_the_figures_of_the_risk_assessment(page, demo_site):
    findings = "Hver femte har oplevet trusler fra pårørende det seneste år."
    log_in(page, demo_site, SAFETY_REP)
    open_kloeverengen(page)
    page.get_by_role("link", name="Registrér resultater af målinger").click()
    page.get_by_text("APV (arbejdspladsvurdering)").click()
    page.get_by_label("Dato for målingen").fill(timezone.localdate().isoformat())
    page.get_by_label("Vigtigste resultater om vold og trusler").fill(findings)
    page.get_by_label("Adresse på resultaterne i målingssystemet").fill("https://example.org/x")
    page.get_by_role("button", name="Gem resultaterne").click()
    expect(page.locator("#error-summary")).to_contain_text("https://apv.ishoj.example/")
    page.get_by_label("Adresse på resultaterne i målingssystemet").fill(
        "https://apv.ishoj.example/kloeverengen/2025"
    )
    page.get_by_role("button", name="Gem resultaterne").click()
    expect(page.get_by_text("Resultaterne af målingen er gemt")).to_be_visible()

    open_kloeverengen(page)
    page.get_by_role("link", name="Lav en ny risikovurdering").click()
    aside = page.locator(".tryghed-figures")
    expect(aside).to_contain_text("Enhedens episoder de seneste 12 måneder")
    expect(aside).to_contain_text(findings)
    expect(aside.get_by_role("link", name="Resultaterne i målingssystemet")).to_have_attribute(
        "href", "https://apv.ishoj.example/kloeverengen/2025"
    )


def test_a_conversation_with_a_citizen_is_recorded_and_read_before_the_next_meeting(
    page, demo_site
):
    first = episode_in_aeblehaven(reference="KR-77")
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{first.pk}/opfoelgning/")
    citizen = page.locator("#citizen")
    citizen.get_by_text("Registrér en samtale med borgeren").click()
    citizen.get_by_text("Samtale om tidligere trusler").click()
    citizen.get_by_label("Hvad blev sagt og aftalt").fill(AGREED)
    citizen.get_by_role("button", name="Gem samtalen").click()
    expect(page.get_by_text("Samtalen med borgeren er gemt.")).to_be_visible()

    # The person comes back: the next case with the same reference shows what was agreed.
    later = episode_in_aeblehaven(reference="KR-77")
    page.goto(f"{demo_site}/episoder/{later.pk}/opfoelgning/")
    expect(page.locator("#citizen")).to_contain_text(AGREED)
    page.locator("#citizen").get_by_role("link", name="Alle samtaler med borgere").click()
    expect(page.locator(".tryghed-conversation").filter(has_text="KR-77")).to_contain_text(AGREED)
