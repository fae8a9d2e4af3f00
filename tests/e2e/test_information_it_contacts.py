"""Issue 20, points 1-3 in the browser: the center head informs two other center heads with a
summary; a block waits for IT until IT records it; every contact the guideline names is there
with a link that calls or writes, where the user needs it."""

import re

from playwright.sync_api import expect

from tests.e2e.flows import log_out, unfold
from tests.e2e.login import log_in
from tests.incidents.factories import make_incident
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.followup.models import Block, TaskKind
from tryghed.incidents.models import Kind, Perpetrator
from tryghed.organizations.models import Unit

SOSU = f"sosu@{demo.DEMO_DOMAIN}"  # Kløverengen, afsnit Æblehaven
CENTER_HEAD = f"centerchef@{demo.DEMO_DOMAIN}"  # Center for Sundhed og Omsorg
JOBCENTER_HEAD = f"kirsten.holm@{demo.DEMO_DOMAIN}"
EMPLOYEE = f"medarbejder@{demo.DEMO_DOMAIN}"  # Borgerservice
MANAGER = f"leder@{demo.DEMO_DOMAIN}"
IT = f"it@{demo.DEMO_DOMAIN}"
STORY = "Borgeren slog ud efter mig i fællesstuen."


def test_the_center_head_informs_two_other_center_heads_with_a_summary(page, demo_site):
    reporter = User.objects.get(email=SOSU)
    incident = make_incident(reporter, Unit.objects.get(code="kloeverengen-a"), description=STORY)
    log_in(page, demo_site, CENTER_HEAD)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    inform = unfold(page, page.locator(f"#task-{incident.tasks.get(kind=TaskKind.INFORM).pk}"))
    expect(inform.locator(".tryghed-task-meta")).to_contain_text("dig")  # the center head
    inform.get_by_label("Kirsten Holm (Jobcenter Ishøj)").check()
    inform.get_by_label("Anders Winther (Center for Børn og Læring)").check()
    inform.get_by_role("button", name="Udført").click()
    told = page.locator("#briefings + p + ul")
    expect(told).to_contain_text("Kirsten Holm (Centerchef)")
    expect(told).to_contain_text("Anders Winther (Centerchef)")

    log_out(page)
    log_in(page, demo_site, JOBCENTER_HEAD)
    page.goto(f"{demo_site}/beskeder/")
    message = page.locator(".tryghed-inbox").get_by_text("Til orientering: en episode")
    expect(message).to_contain_text("Kløverengen, afsnit Æblehaven")
    expect(page.locator("main")).not_to_contain_text(STORY)
    assert page.request.get(f"{demo_site}/episoder/{incident.pk}/").status == 404


def _online_repeat(reporter, unit):
    perpetrator = Perpetrator.objects.create(unit=unit, reference="FB-profil-91")
    for _ in range(2):
        incident = make_incident(reporter, unit, kind=Kind.ONLINE)
        incident.perpetrator = perpetrator
        incident.save()
    return incident


def test_a_block_waits_for_it_and_it_closes_it(page, demo_site):
    incident = _online_repeat(
        User.objects.get(email=EMPLOYEE), Unit.objects.get(code="borgerservice")
    )
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    blocking = unfold(page, page.locator(f"#task-{incident.tasks.get(kind=TaskKind.BLOCKING).pk}"))
    blocking.get_by_label("Profilen").fill("facebook.com/profil-91")
    blocking.get_by_label("Hvorfor blokeres borgeren?").fill("Gentagne trusler")
    blocking.get_by_role("button", name="Blokér borgeren").click()
    block = Block.objects.get(incident=incident)
    expect(page.locator(f"#block-{block.pk}")).to_contain_text("Venter på IT")
    page.goto(f"{demo_site}/blokeringer/")
    expect(page.locator("main")).to_contain_text("Venter på IT")

    log_out(page)
    log_in(page, demo_site, IT)
    page.goto(f"{demo_site}/beskeder/")
    page.get_by_role("link", name=re.compile("En profil skal blokeres på")).click()
    row = page.locator(f"#block-{block.pk}")
    expect(row).to_contain_text("facebook.com/profil-91")
    expect(page.locator("main")).not_to_contain_text("Gentagne trusler")
    row.get_by_role("button", name=re.compile("Blokeret på platformen")).click()
    expect(page.get_by_text("Ingen blokeringer venter på IT.")).to_be_visible()

    log_out(page)
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    expect(page.locator(f"#block-{block.pk}")).to_contain_text("Blokeret af IT")
    confirm = unfold(page, page.locator(f"#task-{block.it_task_id}"))
    expect(confirm.locator(".tryghed-task-meta")).to_contain_text("Udført")


def expect_contact(scope, kind, href):
    """The contact is shown, with its link to call or write."""
    contact = scope.locator(f'[data-contact-kind="{kind}"]')
    expect(contact.locator(f'a[href="{href}"]')).to_be_visible()


def test_each_named_contact_is_reachable_where_it_is_needed(page, demo_site):
    incident = _online_repeat(
        User.objects.get(email=EMPLOYEE), Unit.objects.get(code="borgerservice")
    )
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    for kind, href in (
        (TaskKind.WORK_INJURY, "mailto:arbejdsskade@ishoj.example"),
        (TaskKind.INFORM, "mailto:ftr@ishoj.example"),
        (TaskKind.BLOCKING, "mailto:it-support@ishoj.example"),
        (TaskKind.COUNSELLING, "tel:70102012"),
    ):
        task = unfold(page, page.locator(f"#task-{incident.tasks.get(kind=kind).pk}"))
        if kind == TaskKind.COUNSELLING:
            expect(task.locator('a[href="tel:70102012"]').first).to_be_visible()
        else:
            expect_contact(task, kind_of_contact(kind), href)

    page.goto(f"{demo_site}/alarm/opnormering/")
    expect_contact(page, "security", "mailto:forsikring@ishoj.example")
    expect(page.locator("main .alert").locator('a[href="tel:28880901"]')).to_be_visible()
    page.goto(f"{demo_site}/forebyggelse/kurser/")
    expect_contact(page, "competence", "mailto:hr@ishoj.example")
    page.goto(f"{demo_site}/blokeringer/")
    expect_contact(page, "it", "mailto:it-support@ishoj.example")
    unit = Unit.objects.get(code="borgerservice")
    page.goto(f"{demo_site}/forebyggelse/enhed/{unit.pk}/retningslinje/")
    expect_contact(page, "occupational_health", "mailto:ishoej@arbejdsmiljoecentret.example")


def kind_of_contact(task_kind):
    return {
        TaskKind.WORK_INJURY: "work_injury_help",
        TaskKind.INFORM: "union",
        TaskKind.BLOCKING: "it",
    }[task_kind]
