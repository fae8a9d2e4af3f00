"""The privacy page: the municipality's filled-in record of processing, for every person whose
data Tryghed holds (GDPR art. 13, 14 and 30), and promising nothing the system does not do."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ContactFactory, person
from tryghed.core import sweep
from tryghed.organizations import privacy
from tryghed.organizations.models import (
    RETENTION_DEFAULTS,
    ContactKind,
    Municipality,
    RetentionKind,
    RetentionRule,
)
from tryghed.organizations.roles import Role


@pytest.fixture
def municipality(tree):
    return Municipality.objects.create(
        unit=tree["root"],
        hr_unit=tree["root"],
        data_controller="Ishøj Kommune, Ishøj Store Torv 20, 2635 Ishøj",
        privacy_notes="Skriv til os om indsigt: Ærø-vej 1.",
    )


@pytest.fixture
def dpo(tree):
    return ContactFactory(
        unit=tree["root"],
        kind=ContactKind.DATA_PROTECTION_OFFICER,
        name="Databeskyttelsesrådgiver Søs Ørsted",
        email="dpo@ishoj.example",
        phone="43 57 70 00",
    )


def page_text(client, who):
    client.force_login(who)
    response = client.get(reverse("privacy:page"))
    assert response.status_code == 200
    return response.text


def plain(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("role", list(Role))
def test_every_logged_in_person_reads_the_page(client, tree, municipality, role):
    assert "Databeskyttelse i Tryghed" in page_text(client, person(tree["own"], role))


def test_anonymous_visitors_are_sent_to_login(client, tree):
    response = client.get(reverse("privacy:page"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_shows_the_municipalitys_own_data(client, employee, municipality, dpo, tree):
    ContactFactory(
        unit=tree["root"],
        kind=ContactKind.POLICE_REPORT,
        name="Direktionssekretær",
        email="skr@x.dk",
    )
    ContactFactory(unit=tree["root"], kind=ContactKind.WORK_INJURY_SYSTEM, name="InsuBiz")
    text = plain(page_text(client, employee))
    assert "Ishøj Kommune, Ishøj Store Torv 20, 2635 Ishøj" in text
    assert "Databeskyttelsesrådgiver Søs Ørsted" in text
    assert "dpo@ishoj.example" in text
    assert "43 57 70 00" in text
    assert "Skriv til os om indsigt: Ærø-vej 1." in text
    assert "Direktionssekretær (skr@x.dk)" in text
    assert "InsuBiz" in text
    assert "Falck Healthcare" in text  # the counselling contact of the cast
    assert "HR er Ishøj Kommune." in text
    assert "Ikke endnu." in text  # not confirmed by the DPO until the date is set
    municipality.privacy_reviewed_on = date(2026, 11, 3)
    municipality.save()
    text = plain(page_text(client, employee))
    assert "3. november 2026" in text
    assert "Ikke endnu." not in text


def test_without_the_municipalitys_data_the_page_says_so(client, employee):
    text = plain(page_text(client, employee))
    assert text.count("Ikke udfyldt af kommunen endnu.") == 2  # controller and DPO
    assert "ingen endnu: der er ikke sat en modtager op." in text


def test_the_page_names_every_category_of_people_and_data(client, employee, municipality):
    text = plain(page_text(client, employee))
    with translation.override("da"):
        for category in privacy.PEOPLE + privacy.DATA:
            assert str(category.name) in text
            assert str(category.about) in text
        for line in privacy.PURPOSES + privacy.LEGAL_BASES:
            assert str(line) in text
    for must in [
        "Medarbejdere",
        "Ledere",
        "Dem, der registrerer episoder",
        "De medarbejdere, episoden skete for.",
        "Vidner",
        "Krænkere",
        "pseudonym reference",
        "Centervagter",
        "Helbred: skade og fravær (følsomme oplysninger)",
        "Beviser for chikane på nettet",
        "art. 9, stk. 2, litra b",
        "databeskyttelseslovens § 12",
        "Datatilsynet",
    ]:
        assert must in text, must


def retention_rows(html):
    return {
        key: plain(row)
        for key, row in re.findall(r'<tr data-retention="(\w+)">(.*?)</tr>', html, re.S)
    }


def retention_section(html):
    start = html.index('id="retention"')
    return plain(html[start : html.index("<h2", start)])


def test_the_retention_periods_on_the_page_are_the_municipalitys_rules(
    client, employee, municipality, settings
):
    """Every period the page states comes from the municipality's rules: change a rule, the
    page says the new number; nothing on the page names a period the rules do not have."""
    settings.NOTIFICATION_RETENTION_DAYS = 47
    RetentionRule.objects.add_missing(municipality)
    RetentionRule.objects.filter(municipality=municipality, kind=RetentionKind.CASES).update(
        months=30
    )
    RetentionRule.objects.filter(municipality=municipality, kind=RetentionKind.AUDIT).update(
        months=24
    )
    html = page_text(client, employee)
    rows = retention_rows(html)
    schedule = {row.key: row for row in privacy.retention_schedule(municipality)}
    assert set(rows) == set(schedule) == {*RetentionKind.values, "notifications"}
    assert "30 måneder efter sagen blev lukket" in rows["cases"]
    assert "2 år efter den blev registreret" in rows["audit"]
    assert "1 år efter sagen blev lukket" in rows["files"]
    assert "0 måneder efter revurderingsdatoen" in rows["blocks"]
    assert "47 dage efter de blev læst" in rows["notifications"]
    stated = re.findall(r"(\d+) (år|måneder|måned|dage|dag)\b", retention_section(html))
    assert stated
    units = {"år": "years", "måned": "months", "måneder": "months", "dag": "days", "dage": "days"}
    allowed = {(str(row.amount), row.unit) for row in schedule.values()}
    for number, word in stated:
        assert (number, units[word]) in allowed, (number, word)


def test_without_rules_the_page_shows_the_defaults_and_nothing_automatic(client, employee):
    """No municipality, or one whose rules are not made yet: the defaults, none carried out."""
    rows = retention_rows(page_text(client, employee))
    assert "5 år efter sagen blev lukket" in rows["cases"]
    for kind in RetentionKind.values:
        assert "Sker automatisk" not in rows[kind], kind
        assert "venter på, at administratorerne bekræfter den" in rows[kind], kind


def test_the_page_says_automatic_only_for_a_rule_the_sweep_acts_on(
    client, employee, municipality, tree
):
    """The sweep acts on a rule only once an administrator has confirmed it as it stands
    (RetentionRule.objects.confirmed()): only such a rule, and read notifications, whose job
    is registered, say they are carried out automatically; every other rule says plainly it
    waits for the administrators. A changed rule waits again."""
    automatic, waits = "Sker automatisk.", "Sker ikke endnu: reglen venter på"
    RetentionRule.objects.add_missing(municipality)
    rule = RetentionRule.objects.get(municipality=municipality, kind=RetentionKind.CASES)
    rule.confirm(by=person(tree["root"], Role.ADMIN), at=timezone.now())
    confirmed = set(
        RetentionRule.objects.filter(municipality=municipality)
        .confirmed()
        .values_list("kind", flat=True)
    )
    assert confirmed == {RetentionKind.CASES}
    rows = retention_rows(page_text(client, employee))
    for kind in RetentionKind.values:
        assert (automatic in rows[kind]) == (kind in confirmed), kind
        assert (waits in rows[kind]) == (kind not in confirmed), kind
    assert "notifications.purge_read" in sweep.JOBS
    assert automatic in rows["notifications"]

    rule.months = 72  # changed: must be confirmed again before the sweep acts on it
    rule.save()
    rows = retention_rows(page_text(client, employee))
    assert "6 år efter sagen blev lukket" in rows["cases"]
    assert automatic not in rows["cases"]
    assert waits in rows["cases"]


def test_the_retention_page_is_linked_for_those_who_may_see_it(
    client, employee, municipality, tree
):
    url = reverse("retention:overview")
    assert f'href="{url}"' not in page_text(client, employee)
    assert f'href="{url}"' in page_text(client, person(tree["root"], Role.ADMIN))


def test_the_page_is_linked_from_the_footer_and_the_profile(client, employee):
    client.force_login(employee)
    url = reverse("privacy:page")
    assert f'href="{url}"' in client.get(reverse("home:home")).text
    assert f'href="{url}"' in client.get(reverse("accounts:profile")).text


def test_an_administrator_edits_the_municipalitys_privacy_fields(client, tree, municipality):
    admin = person(tree["root"], Role.ADMIN)
    client.force_login(admin)
    url = reverse("admin:organizations_municipality_change", args=[municipality.pk])
    page = client.get(url).text
    for field in ("data_controller", "privacy_reviewed_on", "privacy_notes"):
        assert f'name="{field}"' in page


def test_docs_privacy_md_states_the_same_default_periods_as_the_rules():
    """docs/privacy.md is a promise too: its retention table names the default periods the
    code gives a municipality (organizations.models.RETENTION_DEFAULTS)."""
    from django.conf import settings as django_settings

    doc = (django_settings.BASE_DIR / "docs" / "privacy.md").read_text(encoding="utf-8")
    table = doc[doc.index("| kind of data | default | counted from | then |") :].split("\n\n")[0]
    stated = re.findall(r"\| (\d+) months?\b", table)
    assert sorted(int(n) for n in stated) == sorted(months for _, months, _ in RETENTION_DEFAULTS)
    for kind, _, _ in RETENTION_DEFAULTS:
        assert f"`{kind}`" in table, kind
    assert "NOTIFICATION_RETENTION_DAYS" in table
