"""The layout every logged-in page shares is cheap: at most three queries for the header, the
menu, the counters and the panic button, whatever the person's roles, and the unit tree read
once per request. What it shows stays the same."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from tests.factories import ContactFactory, UserFactory, person
from tests.incidents.factories import make_incident
from tryghed.alarms import header as alarm_header
from tryghed.alarms.models import DoorLock, Site
from tryghed.core import memo
from tryghed.home import layout as layouts
from tryghed.notifications.services import notify
from tryghed.organizations.models import ContactKind, Membership
from tryghed.organizations.roles import Role

ROLES = [
    "employee",
    "manager",
    "safety_rep",
    "union_rep",
    "advisor",
    "center_head",
    "executive",
    "hr",
    "administrator",
    "guard",
    "superuser",
]
TREE_QUERY = (
    '"organizations_unit"."parent_id" AS "parent_id", "organizations_unit"."name" AS "name", '
    '"organizations_unit"."kind" AS "kind" FROM "organizations_unit"'
)


@pytest.fixture
def site(tree):
    return Site.objects.create(unit=tree["own"], is_town_hall=True)


@pytest.fixture
def guard(tree, site):
    guard = person(tree["other_center"], name="Kim Vagt", email="kim@ishoj.example")
    site.guards.add(guard)
    return guard


@pytest.fixture
def superuser(db):
    return UserFactory(name="Ada Øberg", email="ada@ishoj.example", is_superuser=True)


def layout_request(user, path="/"):
    """A request as the middleware leaves it, for a person read afresh (nothing kept)."""
    request = RequestFactory().get(path)
    request.user = get_user_model().objects.get(pk=user.pk)
    request.session = {}
    request.resolver_match = resolve(path)
    return request


def tree_loads(queries):
    return sum(TREE_QUERY in query["sql"] and "WHERE" not in query["sql"] for query in queries)


def get_counting(client, user, url):
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries


@pytest.mark.parametrize("role", ROLES)
def test_the_layout_costs_at_most_three_queries(request, role, site, django_assert_max_num_queries):
    user = request.getfixturevalue(role)
    layout = layout_request(user)
    with memo.request_scope(), django_assert_max_num_queries(3):
        page = render_to_string("base.html", request=layout)
    assert user.name in page


@pytest.mark.parametrize("role", ROLES)
def test_the_front_page_reads_the_tree_once(request, role, client, site):
    user = request.getfixturevalue(role)
    assert tree_loads(get_counting(client, user, reverse("home:home"))) == 1


def test_the_case_page_and_the_quick_report_read_the_tree_once(
    client, tree, site, employee, manager
):
    incident = make_incident(employee, tree["own"])
    case = get_counting(client, manager, reverse("followup:case", args=[incident.pk]))
    assert tree_loads(case) == 1
    assert tree_loads(get_counting(client, employee, reverse("incidents:report"))) == 1


def test_a_fragment_without_the_layout_asks_nothing_of_it(employee):
    fragment = engines["django"].from_string("<p>{{ request.path }}</p>")
    request = layout_request(employee)
    with memo.request_scope(), CaptureQueriesContext(connection) as queries:
        fragment.render(request=request)
    assert len(queries) == 0


def test_the_header_shows_titles_guarded_sites_and_counters(client, tree, site, guard, manager):
    make_incident(guard, tree["own"])
    notify(recipients=[manager], title="Noget nyt")
    client.force_login(manager)
    page = client.get(reverse("home:home")).text
    assert "Leder, Kløverengen" in page
    assert '1<span class="sr-only"> ulæste</span>' in page
    assert '<span class="sr-only"> åbne</span>' in page
    client.force_login(guard)
    assert "Centervagt, Kløverengen" in client.get(reverse("home:home")).text


def test_the_panic_button_gives_the_guard_nearest_the_first_unit_at_a_site(
    client, tree, site, employee, outsider
):
    ContactFactory(unit=tree["own"], kind=ContactKind.SITE_GUARD, phone="44 55 66 77")
    below = person(tree["below"], Role.EMPLOYEE, name="Ib Ørsted", email="ib@ishoj.example")
    for someone in (employee, below):
        client.force_login(someone)
        page = client.get(reverse("home:home")).text
        assert 'id="alarm-button"' in page
        assert 'href="tel:44556677">44 55 66 77</a>' in page, "the site's own guard"
    client.force_login(outsider)
    page = client.get(reverse("home:home")).text
    assert 'id="alarm-button"' not in page, "Strandgårdskolen is at no site"


def fresh_layout(user):
    with memo.request_scope():
        page = layouts.Layout(get_user_model().objects.get(pk=user.pk))
        return page.rows, page.alarm_place


def test_the_layouts_query_kept_compiled_reads_the_figures_of_the_moment(tree, site, manager):
    """The layout's query is compiled once per person and place (core/prepared.py), and each
    run reads what is true then: a new message, a door lock that starts later."""
    layouts._prepared.clear()
    rows, place = fresh_layout(manager)
    assert rows[0]["unread"] == 0 and not place.locks_in_force
    notify(recipients=[manager], title="Noget nyt")
    later = timezone.now() + timedelta(hours=2)
    DoorLock.objects.create(
        site=site, locked_from=later, reason="Truende borger", decided_by=manager
    )
    rows, place = fresh_layout(manager)
    assert len(layouts._prepared._kept) == 1, "the same compiled query"
    assert rows[0]["unread"] == 1 and not place.locks_in_force, "not locked before it starts"
    with time_machine.travel(later + timedelta(minutes=1)):
        assert fresh_layout(manager)[1].locks_in_force
        with memo.request_scope():
            page = layouts.Layout(manager)
            root = tree["root"].pk
            chains = alarm_header.chains_of(manager)
            assert page.rows == list(page._query(root, chains, timezone.now())), "as the ORM"


def test_a_person_placed_elsewhere_gets_the_guard_of_the_new_place(tree, site, employee):
    ContactFactory(unit=tree["own"], kind=ContactKind.SITE_GUARD, phone="44 55 66 77")
    assert fresh_layout(employee)[1].guard.phone == "44 55 66 77"
    Membership.objects.filter(user=employee).update(unit=tree["school"])
    place = fresh_layout(employee)[1]
    assert not place.may_raise and place.guard is None, "Strandgårdskolen is at no site"


def _menu(page):
    """The desktop menu's items as (label, current): those in sight, then those under "More
    pages"."""
    nav = page.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]
    return [_items(part) for part in nav.split('<li class="tryghed-more-pages">')]


def _items(html):
    items = re.findall(
        r'<li( class="active current")?><a class="nav-link" href="[^"]+"'
        r'( aria-current="page")?><span>([^<]+)',
        html,
    )
    assert all(bool(current) == bool(link) for current, link, _label in items)
    return [(label.strip(), bool(current)) for current, _link, label in items]


def test_the_menu_marks_the_page_one_is_on_and_shows_what_the_roles_allow(
    client, tree, site, guard, manager, employee, settings
):
    settings.DEMO = True  # the demo's outbox is in the menu too, and is not the messages
    client.force_login(employee)
    assert _menu(client.get(reverse("notifications:inbox")).text) == [
        [("Forside", False), ("Mine episoder", False), ("Forebyggelse", False), ("Beskeder", True)],
        [("Alarm og vagt", False), ("Enheder", False), ("Udbakke (demo)", False)],
    ]
    primary, _more = _menu(client.get(reverse("notifications:outbox")).text)
    assert ("Beskeder", False) in primary
    client.force_login(manager)
    primary, _more = _menu(client.get(reverse("followup:my_tasks")).text)
    assert primary[2:5] == [
        ("Enhedens episoder", False),
        ("Mine opgaver", True),
        ("Overblik", False),
    ]
    response = client.get("/ingen-side/")
    assert response.status_code == 404
    primary, more = _menu(response.text)  # a page that does not exist: no item is current
    assert primary[0] == ("Forside", False)
    assert not any(current for _label, current in primary + more)
    client.force_login(guard)  # a guard has the alarms at hand
    primary, more = _menu(client.get(reverse("alarms:guard_console")).text)
    assert primary[-1] == ("Alarm og vagt", True)
    assert more == [("Enheder", False), ("Udbakke (demo)", False)]
