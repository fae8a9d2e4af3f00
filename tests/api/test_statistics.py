"""The statistics as the overview shows them to the same viewer: small counts protected and
counts rounded where the page protects them, exact where it does not; and every read of the API
is in the audit log."""

import pytest
from django.urls import reverse

from tests.api.conftest import ApiClient, personal_key, statistics_key
from tests.incidents.factories import make_incident
from tryghed.api import figures
from tryghed.audit.models import Action, AuditEvent


@pytest.fixture
def episodes(tree, employee):
    """One physical episode among seven: a count of one that the protected must not see."""
    made = [make_incident(employee, tree["own"], kind="physical")]
    made += [
        make_incident(employee, tree["own"], description=f"Trussel nr. {n}.") for n in range(7)
    ]
    return made


def _page_tables(client, person):
    client.force_login(person)
    response = client.get(reverse("stats:overview"))
    return [figures._table(table) for table in response.context["tables"]], response.context


def _kinds(tables):
    return {
        row["label"]: row["value"]
        for row in next(t for t in tables if t["slug"] == "kinds")["rows"]
    }


@pytest.mark.parametrize("who", ["executive", "hr", "manager", "center_head", "advisor"])
def test_the_figures_are_the_overviews_for_the_same_viewer(request, client, episodes, who):
    person = request.getfixturevalue(who)
    answer = ApiClient(personal_key(person)).get("/statistics").json()
    tables, context = _page_tables(client, person)
    assert answer["tables"] == tables
    assert answer["protected"] == context["protected"]


def test_the_protected_see_a_small_count_hidden_and_the_others_exact(episodes, executive, manager):
    protected = ApiClient(personal_key(executive)).get("/statistics").json()
    exact = ApiClient(personal_key(manager)).get("/statistics").json()
    assert protected["protected"] and not exact["protected"]
    assert _kinds(protected["tables"])["Fysisk vold"] == {"number": None, "state": "small"}
    assert _kinds(exact["tables"])["Fysisk vold"] == {"number": 1, "state": "shown"}


def test_a_statistics_key_reads_its_municipality_protected_as_the_executives_see_it(
    client, tree, episodes, administrator, executive
):
    answer = ApiClient(statistics_key(tree["root"], administrator)).get("/statistics")
    tables, _context = _page_tables(client, executive)
    assert answer.status_code == 200
    assert answer.json()["protected"] is True and answer.json()["tables"] == tables
    event = AuditEvent.objects.get(action=Action.API_STATISTICS_READ)
    assert event.actor is None and event.unit == tree["root"] and event.data["token"]


def test_filters_are_the_overviews_and_a_wrong_one_is_refused(episodes, manager):
    api = ApiClient(personal_key(manager))
    physical = api.get("/statistics", kind="physical").json()
    assert _kinds(physical["tables"]) == {"Fysisk vold": {"number": 1, "state": "shown"}} or (
        _kinds(physical["tables"])["Fysisk vold"]["number"] == 1
    )
    refused = api.get("/statistics", period="never")
    assert refused.status_code == 422 and refused.json()["error"] == "invalid_filter"


def test_every_read_is_in_the_audit_log(episodes, employee, manager):
    api = ApiClient(personal_key(manager))
    case = episodes[0]
    api.get(f"/cases/{case.pk}")
    api.get("/episodes")
    api.get("/tasks")
    api.get("/statistics")
    events = AuditEvent.objects.filter(actor=manager)
    viewed = events.get(action=Action.INCIDENT_VIEWED)
    assert viewed.target_id == str(case.pk) and viewed.data == {"via": "api"}
    assert list(viewed.subjects.all()) == [employee]
    assert {Action.API_EPISODES_LISTED, Action.API_TASKS_LISTED, Action.API_STATISTICS_READ} <= set(
        events.values_list("action", flat=True)
    )


def test_a_case_not_seen_is_not_logged_as_read(episodes, outsider):
    assert ApiClient(personal_key(outsider)).get(f"/cases/{episodes[0].pk}").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.INCIDENT_VIEWED).exists()
