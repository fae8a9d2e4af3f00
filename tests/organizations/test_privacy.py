"""The privacy page: the municipality's filled-in record of processing, for every person whose
data Tryghed holds (GDPR art. 13, 14 and 30), and promising nothing the system does not do."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ContactFactory, person
from tryghed.core import sweep
from tryghed.organizations import privacy
from tryghed.organizations.access import Role
from tryghed.organizations.models import ContactKind, Municipality


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


def test_the_retention_periods_on_the_page_are_the_schedules(client, employee, settings):
    """Every period the page states comes from the schedule: change the data, the page says
    the new number; nothing on the page names a period the schedule does not have."""
    settings.NOTIFICATION_RETENTION_DAYS = 47
    html = page_text(client, employee)
    rows = dict(re.findall(r'<tr data-retention="(\w+)">(.*?)</tr>', html, re.S))
    schedule = {row.key: row for row in privacy.retention_schedule()}
    assert (
        set(rows)
        == set(schedule)
        == {
            "case",
            "evidence",
            "perpetrator",
            "audit",
            "alarm",
            "notification",
        }
    )
    assert "47 dage efter de blev læst" in plain(rows["notification"])
    assert "5 år efter sagen blev lukket" in plain(rows["case"])
    assert "1 år efter sagen blev lukket" in plain(rows["evidence"])
    assert "5 år" in plain(rows["audit"])
    assert "1 år" in plain(rows["alarm"])
    stated = re.findall(r"(\d+) (år|dage?)\b", plain(html[html.index('id="retention"') :]))
    allowed = {(str(row.amount), row.unit) for row in schedule.values() if row.amount}
    for number, word in stated:
        assert (number, "years" if word == "år" else "days") in allowed, (number, word)


def test_the_page_says_automatic_only_where_a_sweep_job_carries_it_out(client, employee):
    """Today only read notifications are removed by the sweep; every other row says the data
    is kept until its rule is carried out. A rule whose job is registered says nothing of
    the kind."""
    html = page_text(client, employee)
    rows = dict(re.findall(r'<tr data-retention="(\w+)">(.*?)</tr>', html, re.S))
    not_yet = "Sker ikke automatisk endnu"
    for default in privacy.RETENTION_DEFAULTS:
        automatic = bool(default.job) and default.job in sweep.JOBS
        assert (not_yet in rows[default.key]) == (not automatic), default.key
    assert "notifications.purge_read" in sweep.JOBS
    assert not_yet not in rows["notification"]


def test_the_page_is_linked_from_the_footer_and_the_profile(client, employee):
    client.force_login(employee)
    url = reverse("privacy:page")
    assert f'href="{url}"' in client.get(reverse("core:home")).text
    assert f'href="{url}"' in client.get(reverse("accounts:profile")).text


def test_an_administrator_edits_the_municipalitys_privacy_fields(client, tree, municipality):
    admin = person(tree["root"], Role.ADMIN)
    client.force_login(admin)
    url = reverse("admin:organizations_municipality_change", args=[municipality.pk])
    page = client.get(url).text
    for field in ("data_controller", "privacy_reviewed_on", "privacy_notes"):
        assert f'name="{field}"' in page


def test_docs_privacy_md_states_the_same_default_periods_as_the_schedule():
    """docs/privacy.md is a promise too: its retention table names the periods in the code."""
    from django.conf import settings as django_settings

    doc = (django_settings.BASE_DIR / "docs" / "privacy.md").read_text(encoding="utf-8")
    table = doc[doc.index("| data | kept | then |") :].split("\n\n")[0]
    stated = re.findall(r"\| (\d+) years?\b", table)
    assert sorted(int(n) for n in stated) == sorted(
        d.amount for d in privacy.RETENTION_DEFAULTS if d.amount is not None
    )
    assert "NOTIFICATION_RETENTION_DAYS" in table
