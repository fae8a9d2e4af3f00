"""A care worker's day on a phone: the minor episodes of a shift, support contacts, and what
the manager then sees."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.login import log_in
from tryghed.accounts.models import User
from tryghed.demo import seed as demo
from tryghed.incidents import services
from tryghed.incidents.models import Incident, Kind
from tryghed.organizations.models import Unit
from tryghed.prevention.models import Measure, MeasureSource

SOSU = f"sosu@{demo.DEMO_DOMAIN}"  # Ayşe Demir, Kløverengen, afsnit Æblehaven
MANAGER = f"yasmin.ali@{demo.DEMO_DOMAIN}"


def test_minor_episodes_of_a_shift_on_a_phone(phone, demo_site):
    log_in(phone, demo_site, SOSU)
    phone.goto(demo_site + "/registrer/")
    phone.get_by_role("link", name="Registrér flere mindre episoder fra en vagt").click()
    # Yesterday's shift: today's 13:10 lies in the future until the afternoon.
    yesterday = timezone.localdate() - timedelta(days=1)
    phone.get_by_label("Hvilken dag?").fill(yesterday.isoformat())
    rows = [("07:40", "Niv", "Ubehageligt"), ("13:10", "Krads", "Belastende")]
    for number, (at, act, felt) in enumerate(rows):
        phone.locator(f"#id_rows-{number}-at_time").fill(at)
        phone.locator(f"#id_rows-{number}-act").select_option(label=act)
        phone.locator(f"#id_rows-{number}-severity").select_option(label=felt)
    expect(phone.locator(".tryghed-cell-label").first).to_be_visible()  # each cell says what it is
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Registrér episoderne").click()
    expect(phone.get_by_text("2 episoder er registreret.")).to_be_visible()
    logged = Incident.objects.filter(is_minor_log=True, reported_by__email=SOSU)
    assert sorted(str(i.acts.get()) for i in logged) == ["Krads", "Niv"]


def test_support_contacts_are_named_on_the_profile_and_shown_to_the_manager(phone, page, demo_site):
    log_in(phone, demo_site, SOSU)
    phone.goto(demo_site + "/profil/")
    phone.get_by_role("link", name="Ret mine støttepersoner").click()
    phone.get_by_label("Pårørende 1, navn").fill("Elif Demir")
    phone.get_by_label("Pårørende 1, relation").fill("søster")
    phone.get_by_label("Pårørende 1, telefon").fill("20 30 40 50")
    phone.get_by_role("button", name="Gem").click()
    expect(phone.get_by_text("Dine støttepersoner er gemt.")).to_be_visible()

    worker = User.objects.get(email=SOSU)
    incident = services.report_incident(
        reporter=worker,
        unit=Unit.objects.get(code="kloeverengen-a"),
        kind=Kind.PHYSICAL,
        occurred_at=timezone.now() - timedelta(hours=1),
        severity=3,
        description="Beboeren slog ud efter mig.",
        notify_people=False,
    )
    log_in(page, demo_site, MANAGER)
    page.goto(f"{demo_site}/episoder/{incident.pk}/opfoelgning/")
    support = page.locator(".tryghed-support")
    support.locator("summary").click()  # folded below the next steps
    expect(support).to_contain_text("Elif Demir")
    expect(support.get_by_role("link", name="20 30 40 50")).to_have_attribute(
        "href", "tel:20304050"
    )


def test_a_manager_marks_a_measure_done(page, demo_site):
    manager = User.objects.get(email=MANAGER)
    Measure.objects.create(
        unit=Unit.objects.get(code="kloeverengen-a"),
        title="Alarm på badeværelset",
        owner=manager,
        due_on=timezone.localdate() - timedelta(days=1),
        source=MeasureSource.EVALUATION,
        created_by=manager,
    )
    log_in(page, demo_site, MANAGER)
    page.locator("header").get_by_role("link", name="Forebyggelse").click()
    page.get_by_role("link", name="Alle tiltag").click()
    row = page.get_by_role("row").filter(has_text="Alarm på badeværelset")
    expect(row).to_contain_text("Over fristen")
    row.get_by_role("button", name="Markér som udført").click()
    expect(page.get_by_text("Tiltaget er markeret som udført.")).to_be_visible()
    assert Measure.objects.get(title="Alarm på badeværelset").done_by == manager
