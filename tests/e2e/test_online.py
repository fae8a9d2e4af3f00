"""Harassment on Facebook, in the browser: evidence, removal, blocking after a repeat."""

import csv
import hashlib
import io
import random
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.flows import log_out, step_to, unfold
from tests.e2e.login import log_in
from tryghed.demo import seed as demo
from tryghed.demo.incidents import _png
from tryghed.followup.models import Block, PostRemoval, TaskKind
from tryghed.incidents.models import Incident

EMPLOYEE = f"medarbejder@{demo.DEMO_DOMAIN}"  # Borgerservice
MANAGER = f"leder@{demo.DEMO_DOMAIN}"
OUTSIDER = f"centerchef@{demo.DEMO_DOMAIN}"  # Sundhed og Omsorg


def report_facebook_comment(page, base_url, text):
    page.goto(base_url + "/registrer/")
    page.get_by_text("Chikane på sociale medier", exact=True).click()
    page.get_by_text("Alvorligt", exact=True).click()
    page.get_by_label("Hvad skete der, kort fortalt?").fill(text)
    page.get_by_text("Flere detaljer (valgfrit)").click()
    page.get_by_label("Hvor på sociale medier?").select_option(label="Facebook")
    page.get_by_label("Links til opslagene").fill("https://facebook.com/ishoj/posts/77")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("link", name="Tilføj detaljer nu").click()
    return Incident.objects.latest("pk")


def secure(page, name, content):
    step_to(page, page.get_by_label("Skærmbillede, print eller PDF")).set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": content}
    )
    page.get_by_label("Adressen, det kommer fra").fill("https://facebook.com/ishoj/posts/77")
    page.get_by_role("button", name="Sikr beviset").click()
    expect(page.get_by_text("Beviset er sikret.")).to_be_visible()


def set_reference(page, base_url, incident, reference):
    page.goto(f"{base_url}/episoder/{incident.pk}/detaljer/")
    step_to(page, page.get_by_label("Reference til den, der gjorde det")).fill(reference)
    page.locator(".tryghed-step:not([hidden])").get_by_role("button", name="Gem").click()


@pytest.mark.slow
def test_a_facebook_threat_from_evidence_to_a_block(page, demo_site):
    log_in(page, demo_site, EMPLOYEE)
    first = report_facebook_comment(
        page, demo_site, "Truende kommentar om mig under kommunens opslag."
    )
    shots = [_png(random.Random(n)) for n in (7, 8)]
    secure(page, "kommentar-1.png", shots[0])
    secure(page, "kommentar-2.png", shots[1])

    log_out(page)
    log_in(page, demo_site, MANAGER)
    set_reference(page, demo_site, first, "FB-profil-77")
    page.goto(f"{demo_site}/episoder/{first.pk}/opfoelgning/")
    removal = unfold(page, page.locator(f"#task-{first.tasks.get(kind=TaskKind.POST_REMOVAL).pk}"))
    removal.get_by_label("Opslagets adresse").fill("https://facebook.com/ishoj/posts/77")
    removal.get_by_text("Skal slettes: chikanerer navngivne medarbejdere").click()
    removal.get_by_role("button", name="Registrér beslutningen om sletning").click()
    expect(removal.locator(".tryghed-task-meta")).to_contain_text("Udført")
    page.get_by_role("button", name="Registrér, at det er slettet").click()
    assert PostRemoval.objects.get(incident=first).removed_at is not None

    blocking_task = first.tasks.get(kind=TaskKind.BLOCKING)
    blocking = unfold(page, page.locator(f"#task-{blocking_task.pk}"))
    blocking.get_by_label("Profilen").fill("facebook.com/profil-77")
    blocking.get_by_label("Hvorfor blokeres borgeren?").fill("Trusler mod navngiven medarbejder")
    blocking.get_by_role("button", name="Blokér borgeren").click()
    expect(
        page.locator(".form-error-message").filter(has_text="Blokering kræver gentagelse")
    ).to_be_visible()
    assert page.url.endswith(f"/episoder/{first.pk}/opfoelgning/#task-{blocking_task.pk}")
    expect(blocking.get_by_label("Profilen")).to_have_value("facebook.com/profil-77")
    page.reload()  # a reload asks for the page again; it sends no block
    assert not Block.objects.filter(incident=first).exists()

    log_out(page)
    log_in(page, demo_site, EMPLOYEE)
    second = report_facebook_comment(page, demo_site, "Samme profil skriver igen om mig.")
    log_out(page)
    log_in(page, demo_site, MANAGER)
    set_reference(page, demo_site, second, "FB-profil-77")
    page.goto(f"{demo_site}/episoder/{second.pk}/")
    expect(page.get_by_text("Episode 2 fra denne person inden for 12 måneder.")).to_be_visible()
    page.goto(f"{demo_site}/episoder/{second.pk}/opfoelgning/")
    blocking = unfold(page, page.locator(f"#task-{second.tasks.get(kind=TaskKind.BLOCKING).pk}"))
    blocking.get_by_label("Profilen").fill("facebook.com/profil-77")
    blocking.get_by_label("Hvorfor blokeres borgeren?").fill(
        "Gentagne trusler mod navngiven medarbejder"
    )
    blocking.get_by_role("button", name="Blokér borgeren").click()
    assert Block.objects.filter(incident=second, profile="facebook.com/profil-77").exists()

    archive = page.request.get(f"{demo_site}/episoder/{first.pk}/beviser.zip")
    files = zipfile.ZipFile(io.BytesIO(archive.body()))
    manifest = list(
        csv.reader(io.StringIO(files.read("manifest.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert len(manifest) == 3
    for row in manifest[1:]:
        assert hashlib.sha256(files.read(row[0])).hexdigest() == row[1]
    assert sorted(hashlib.sha256(s).hexdigest() for s in shots) == sorted(
        r[1] for r in manifest[1:]
    )

    log_out(page)
    log_in(page, demo_site, OUTSIDER)
    evidence = first.evidence.first()
    for path in (
        f"/episoder/{first.pk}/",
        f"/episoder/{first.pk}/beviser.zip",
        evidence.get_absolute_url(),
    ):
        assert page.request.get(demo_site + path).status == 404, path
