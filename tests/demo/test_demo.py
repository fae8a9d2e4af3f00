import re
from collections import Counter
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from tests.html import duplicate_ids
from tryghed.accounts.models import EmploymentType, User
from tryghed.demo import seed as demo
from tryghed.demo import vallensbaek
from tryghed.notifications.models import Notification
from tryghed.organizations import access
from tryghed.organizations.access import Perm
from tryghed.organizations.models import ContactKind, Membership, Municipality, Unit
from tryghed.organizations.roles import Role
from tryghed.prevention.models import OnboardingChecklist


@pytest.fixture
def demo_data(db, settings):
    settings.DEMO = True
    demo._demo_password_hash.cache_clear()
    call_command("load_demo", incidents=40)
    yield
    demo._demo_password_hash.cache_clear()


# `tryghed demo` runs on SQLite: the whole demo and the walk through its links, the slowest
# tests of the suite, run there; on PostgreSQL a quarter of the walk (below). load_demo is
# tested on PostgreSQL by the rest of this file, and every view by the tests of its app and
# test_access_url_conf.py.
demo_database_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the demo's database is SQLite (`tryghed demo`)"
)


def by_email(local):
    return User.objects.get(email=f"{local}@{demo.DEMO_DOMAIN}")


def test_the_demo_is_ishoej_with_its_tree_and_contacts(demo_data):
    root = Unit.objects.get(code="ishoej")
    assert root.name == "Ishøj Kommune"
    high = set(Unit.objects.filter(risk_level="high").values_list("name", flat=True))
    assert {"Borgerservice", "Plejecenter Kløverengen"} <= high
    assert Unit.objects.get(code="borgerservice").parent.name == "Rådhuset"
    settings_ = Municipality.objects.get(unit=root)
    assert settings_.contact(ContactKind.SITE_GUARD).phone == "28 88 09 01"
    assert settings_.contact(ContactKind.COUNSELLING).phone == "70 10 20 12"
    assert settings_.contact(ContactKind.POLICE_REPORT).email == "skr@ishoj.dk"
    assert settings_.hr_unit.name == "Center for Ledelse og Strategi"


def test_the_demo_has_about_sixty_people_in_every_role_and_employment_type(demo_data):
    assert 55 <= User.objects.exclude(email__endswith=vallensbaek.DOMAIN).count() <= 90
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(User.objects.values_list("employment_type", flat=True)) == set(EmploymentType.values)
    assert Counter(login.label for login in demo.DEMO_LOGINS).most_common(1)[0][1] == 1


def test_each_demo_login_holds_what_its_role_gives(demo_data):
    borgerservice = Unit.objects.get(code="borgerservice")
    kloeverengen = Unit.objects.get(code="kloeverengen")
    assert access.has_perm(by_email("leder"), Perm.VIEW_CASES, borgerservice)
    assert not access.has_perm(by_email("leder"), Perm.VIEW_CASES, kloeverengen)
    assert access.has_perm(by_email("amr"), Perm.VIEW_CASES, borgerservice)
    assert not access.has_perm(by_email("tr"), Perm.VIEW_CASES, borgerservice)
    assert not access.has_perm(by_email("medarbejder"), Perm.VIEW_CASES, borgerservice)
    assert access.has_perm(by_email("centerchef"), Perm.VIEW_CASES, kloeverengen)
    assert access.has_perm(by_email("konsulent"), Perm.VIEW_STATS, kloeverengen)
    for local in ("direktion", "hr"):
        assert access.has_perm(by_email(local), Perm.VIEW_STATS, kloeverengen)
        assert not access.has_perm(by_email(local), Perm.VIEW_CASES, kloeverengen)
    assert access.may_administer(by_email("admin"))
    assert not access.units_where(by_email("admin"), Perm.VIEW_CASES)


def test_loading_twice_keeps_the_data(demo_data, capsys):
    before = User.objects.count()
    call_command("load_demo", if_empty=True)
    assert User.objects.count() == before
    assert "bevares" in capsys.readouterr().out


def test_the_login_page_offers_one_click_demo_logins_in_the_demo_only(client, demo_data, settings):
    response = client.get(reverse("account_login"))
    assert "Centerchef" in response.text
    assert "Hanne Østergaard" in response.text
    response = client.post(reverse("demo:login"), {"email": by_email("centerchef").email})
    assert response.status_code == 302
    assert "Hanne Østergaard" in client.get(reverse("home:home")).text
    settings.DEMO = False
    client.logout()
    assert "Hanne Østergaard" not in client.get(reverse("account_login")).text
    response = client.post(reverse("demo:login"), {"email": by_email("centerchef").email})
    assert response.status_code == 404


def test_the_demo_shows_a_second_municipality_kept_apart_from_ishoej(client, demo_data):
    assert set(Unit.objects.roots().values_list("name", flat=True)) == {
        "Ishøj Kommune",
        "Vallensbæk Kommune",
    }
    page = client.get(reverse("account_login")).text
    assert "Vallensbæk Kommune" in page and "Vita Berg" in page
    client.post(reverse("demo:login"), {"email": f"direktion@{vallensbaek.DOMAIN}"})
    home = client.get(reverse("home:home")).text
    assert "Vallensbæk Kommune" in home and "Ishøj Kommune" not in home
    overview = client.get(reverse("stats:overview"))
    assert overview.status_code == 200 and "Kløverengen" not in overview.text
    client.post(reverse("demo:login"), {"email": f"medarbejder@{vallensbaek.DOMAIN}"})
    own = client.get(reverse("home:home")).text
    assert "43 79 99 01" in own and "28 88 09 01" not in own
    ishoej_case = Unit.objects.get(code="borgerservice").incidents.first()
    assert client.get(ishoej_case.get_absolute_url()).status_code == 404


def test_the_login_page_offers_the_people_the_case_flows_need(client, demo_data):
    page = client.get(reverse("account_login")).text
    for name in ("Dorthe Bech", "Tina Skov", "Yasmin Ali"):
        assert name in page
    kloeverengen = Unit.objects.get(code="kloeverengen")
    dorthe = User.objects.get(name="Dorthe Bech")
    assert access.has_perm(dorthe, Perm.VIEW_CASES, kloeverengen)
    response = client.post(reverse("demo:login"), {"email": dorthe.email})
    assert response.status_code == 302
    assert "Dorthe Bech" in client.get(reverse("home:home")).text
    client.logout()
    staff = User.objects.filter(memberships__role=Role.EMPLOYEE).exclude(
        email__in=demo.login_emails()
    )
    response = client.post(reverse("demo:login"), {"email": staff.first().email})
    assert response.status_code == 404, "only the people on the login page"


def test_the_demo_password_works_only_in_the_demo(client, db, settings):
    settings.DEMO = False
    demo._demo_password_hash.cache_clear()
    call_command("load_demo", incidents=40)
    assert not client.login(username=by_email("leder").email, password=demo.DEMO_PASSWORD)
    demo._demo_password_hash.cache_clear()


def test_the_demo_password_logs_in_through_the_login_form(client, demo_data):
    response = client.post(
        reverse("account_login"), {"login": by_email("leder").email, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.slow
@demo_database_only
def test_the_full_demo_has_two_years_of_episodes_with_real_patterns(db, settings):
    from django.db.models import Count
    from django.db.models.functions import ExtractHour, ExtractWeekDay

    from tryghed.incidents.models import Incident, Kind

    # A Monday afternoon, when the demo has episodes of the same day: none is reported later
    # than the demo was loaded (one was, a day ahead, and sat in the statistics' live tail).
    with time_machine.travel(datetime(2026, 12, 7, 14, 0, tzinfo=UTC), tick=True):
        call_command("load_demo")
        assert not Incident.objects.filter(reported_at__gt=timezone.now()).exists()
    incidents = Incident.objects.all()
    assert 390 <= incidents.count() <= 420
    by_unit = dict(incidents.values_list("unit__code").annotate(n=Count("pk")))
    top_two = sorted(by_unit, key=by_unit.get, reverse=True)[:3]
    assert "borgerservice" in top_two and any(code.startswith("kloeverengen") for code in top_two)
    kinds = dict(incidents.values_list("kind").annotate(n=Count("pk")))
    assert kinds[Kind.PSYCHOLOGICAL] > kinds[Kind.PHYSICAL] > kinds[Kind.ONLINE] > 0
    hours = dict(
        incidents.annotate(h=ExtractHour("occurred_at")).values_list("h").annotate(n=Count("pk"))
    )
    afternoon = sum(n for h, n in hours.items() if 11 <= h <= 15)  # UTC: 12-16 in Copenhagen
    assert afternoon > incidents.count() / 2
    days = dict(
        incidents.annotate(d=ExtractWeekDay("occurred_at")).values_list("d").annotate(n=Count("pk"))
    )
    assert days[2] == max(days.values()), "Mondays (2 in Django's numbering) are the busiest"
    assert incidents.filter(perpetrator__isnull=False).values("perpetrator").distinct().count() >= 4
    assert incidents.filter(attachments__isnull=False).exists()


SKIPPED_LINKS = ("/konto/logout/", "/static/", "/media/")
FILES = (".pdf", ".xlsx", ".csv", ".zip", "/pdf/", "/plakat/")


# The demo's people in eight groups: each group's test loads the demo once (it takes seconds,
# and a test per person loaded it twenty times) and walks as each of its people in turn. Eight,
# not four: the test workers finish together (a group of four took up to a minute, the last
# minute of a run with one worker idle).
GROUPS = 8

# The administration lists every object of a model, each with a link to its change page, the
# same view and form for each: the walk opens the first few of each model's (the
# administrator's walk opened 244 change pages, about two thirds of its requests).
ADMIN_OBJECTS = 5


# On PostgreSQL a quarter of the people walk (two groups): the broadest check on realistic data
# for what PostgreSQL refuses and SQLite lets pass (a GROUP BY or an ORDER BY with DISTINCT).
@pytest.mark.slow
@pytest.mark.parametrize(
    "group",
    [
        pytest.param(group, marks=() if group in (0, GROUPS // 2) else demo_database_only)
        for group in range(GROUPS)
    ],
)
def test_no_link_a_demo_person_is_shown_leads_to_a_missing_page(client, demo_data, group):
    """Every link on the front page and on the pages it leads to, three levels down, as each
    demo person sees them: a link shown is a page the person may open (no 404, no 500), and
    no page uses an id twice (a label would point at the wrong field). Every distinct link is
    opened, but only the first few change pages of each model in the administration; the links
    on a page are read from two pages of each view only, so the walk stays short."""
    problems = {}
    for email in sorted(demo.login_emails())[group::GROUPS]:
        client.logout()
        client.force_login(User.objects.get(email=email))
        broken, doubled, opened = _walk(client)
        assert opened > 15, f"the walk as {email} opened the pages"
        if broken or doubled:
            problems[email] = {"broken links": broken, "ids used twice": doubled}
    assert problems == {}


def _walk(client):
    # Each page is asked for once: the answer to a link is kept for the next level's reading.
    pages = {"/": _html(client.get("/", follow=True))}
    queue, seen, per_view, broken, doubled = ["/"], {"/"}, Counter(), [], []
    for _depth in range(3):
        found = []
        for path in queue:
            page = pages.pop(path)
            if page is None:
                continue
            if duplicate_ids(page):
                doubled.append((path, duplicate_ids(page)))
            for href in re.findall(r'href="(/[^"#]*)', page):
                href = href.replace("&amp;", "&")
                if href in seen or href.startswith(SKIPPED_LINKS) or href.endswith(FILES):
                    continue
                seen.add(href)
                view = _view_name(href)
                if _is_admin_change_page(view) and per_view[view] >= ADMIN_OBJECTS:
                    continue
                response = client.get(href, follow=True)
                if response.status_code != 200:
                    broken.append((path, href, response.status_code))
                    continue
                per_view[view] += 1
                if per_view[view] <= 2:
                    pages[href] = _html(response)
                    found.append(href)
        queue = found
    return broken, doubled, sum(per_view.values())  # the pages opened, not only seen


def _view_name(href):
    """The name of the view a link leads to; None where no view does (the link is then broken,
    and the walk says so)."""
    try:
        return resolve(href.split("?")[0]).view_name
    except Resolver404:
        return None


def _is_admin_change_page(view):
    return view is not None and view.startswith("admin:") and view.endswith("_change")


def _html(response):
    """The page's text, or None for an answer that is not a page (a file, JSON)."""
    if response.status_code != 200 or "text/html" not in response["Content-Type"]:
        return None
    return response.content.decode()


def test_the_demos_messages_about_onboarding_lead_to_checklists_still_open(demo_data):
    """Onboarding of people who joined long ago was done back then; no message says otherwise."""
    about = [
        n for n in Notification.objects.exclude(url="") if resolve(n.url).url_name == "onboarding"
    ]
    open_ones = {
        reverse("prevention:onboarding", args=[pk])
        for pk in OnboardingChecklist.objects.filter(completed_at__isnull=True).values_list(
            "pk", flat=True
        )
    }
    assert about, "the demo has new people"
    assert {n.url for n in about} <= open_ones


def test_demo_addresses_spell_aeoeaa_as_danish_does():
    assert demo._local_part("Bjørn Larsen") == "bjoern.larsen"
    assert demo._local_part("Søren Bæk") == "soeren.baek"
    assert demo._local_part("Henrik Aagaard") == "henrik.aagaard"
    assert demo._local_part("Lone Dåsen") == "lone.daasen"
    assert demo._local_part("Ayşe Kjær") == "ayse.kjaer"


def test_every_demo_address_is_plain_ascii_with_no_lost_letters(demo_data):
    for email in User.objects.values_list("email", flat=True):
        assert email.isascii(), email
    assert not User.objects.filter(email__startswith="bjern.").exists()
