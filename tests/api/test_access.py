"""Every operation of the OpenAPI document, called with each person's key, answers as the
browser answers the same person: the case for those whose case page opens (404 for the
rest), the same episodes and tasks as their pages, the statistics where the overview opens,
and a report where the quick report form takes it."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import CAST, ApiClient, personal_key, statistics_key
from tests.incidents.factories import make_incident
from tryghed.followup.models import FollowUpTask
from tryghed.incidents.models import Incident

REPORT = {"kind": "psychological", "severity": 2, "description": "Borgeren råbte ad mig."}


def _browser(client, person):
    client.force_login(person)
    return client


def _case_pages(api, client, cases):
    """(case id, API status) == (case id, the follow-up page's status), for every case."""
    for case in cases:
        page = client.get(reverse("followup:case", args=[case.pk])).status_code
        yield (case.pk, api.get(f"/cases/{case.pk}").status_code), (case.pk, page)


def _ids(page_context_key, response):
    return sorted(item.pk for item in response.context[page_context_key].object_list)


def check_get_case(api, client, person, tree, cases):
    return list(zip(*_case_pages(api, client, cases), strict=True))


def check_list_my_episodes(api, client, person, tree, cases):
    answer = api.get("/episodes")
    page = client.get(reverse("incidents:mine"))
    ours = sorted(item["id"] for item in answer.json()["items"])
    return (answer.status_code, ours), (page.status_code, _ids("page", page))


def check_list_my_tasks(api, client, person, tree, cases):
    answer = api.get("/tasks")
    page = client.get(reverse("followup:my_tasks"))
    ours = sorted(item["id"] for item in answer.json())
    return (answer.status_code, ours), (page.status_code, _ids("page", page))


def check_get_statistics(api, client, person, tree, cases):
    return api.get("/statistics").status_code, client.get(reverse("stats:overview")).status_code


def check_report_episode(api, client, person, tree, cases):
    """The form's answer (a redirect to the receipt, or the form again) and the API's."""
    form = {**REPORT, "when": "now", "unit": tree["own"].pk, "submission_key": uuid.uuid4()}
    page = client.post(reverse("incidents:report"), form).status_code
    # Another text: the same one moments later would be asked about (test_report.py).
    body = {**REPORT, "description": "Pårørende truede mig.", "unit": tree["own"].pk}
    answer = api.post("/episodes", body, **{"Idempotency-Key": "1"})
    return answer.status_code, {302: 201, 200: 422}[page]


CHECKS = {
    "get_case": check_get_case,
    "list_my_episodes": check_list_my_episodes,
    "list_my_tasks": check_list_my_tasks,
    "get_statistics": check_get_statistics,
    "report_episode": check_report_episode,
}


def operations():
    document = Client().get("/api/v1/openapi.json").json()
    return [op["operationId"] for path in document["paths"].values() for op in path.values()]


@pytest.fixture
def cases(tree, employee, manager, outsider):
    """A case in each place: the cast's own unit, the unit below, beside, and a school."""
    beside = make_incident(manager, tree["beside"])
    return [
        make_incident(employee, tree["own"]),
        make_incident(manager, tree["below"], affected=[employee]),
        beside,
        make_incident(outsider, tree["school"]),
    ]


def test_every_operation_has_a_check(db):
    assert sorted(operations()) == sorted(CHECKS)


@pytest.mark.parametrize("who", CAST)
def test_every_operation_answers_as_the_browser_does(request, client, tree, cases, who):
    person = request.getfixturevalue(who)
    api, browser = ApiClient(personal_key(person)), _browser(client, person)
    for operation in operations():
        ours, theirs = CHECKS[operation](api, browser, person, tree, cases)
        assert ours == theirs, operation


def test_the_cast_meets_both_answers(request, client, tree, cases):
    """The comparison above is worth something: some of the cast get 200 and some 404."""
    seen = {"manager": 200, "outsider": 404, "executive": 404, "employee": 200}
    for who, status in seen.items():
        api = ApiClient(personal_key(request.getfixturevalue(who)))
        assert api.get(f"/cases/{cases[0].pk}").status_code == status, who
    assert FollowUpTask.objects.exists() and Incident.objects.count() == 4


# What a statistics key may call: the statistics, and nothing of a person's.
SYSTEM_CALLS = {
    "get_case": lambda api, case: api.get(f"/cases/{case.pk}"),
    "list_my_episodes": lambda api, case: api.get("/episodes"),
    "list_my_tasks": lambda api, case: api.get("/tasks"),
    "get_statistics": lambda api, case: api.get("/statistics"),
    "report_episode": lambda api, case: api.post(
        "/episodes", {**REPORT, "unit": case.unit_id}, **{"Idempotency-Key": "x"}
    ),
}


def test_a_statistics_key_reads_the_statistics_and_nothing_else(tree, administrator, cases):
    api = ApiClient(statistics_key(tree["root"], administrator))
    answers = {op: SYSTEM_CALLS[op](api, cases[0]) for op in operations()}
    assert {op: r.status_code for op, r in answers.items()} == {
        op: 200 if op == "get_statistics" else 403 for op in operations()
    }
    assert answers["get_case"].json()["error"] == "scope_not_allowed"
    assert Incident.objects.count() == 4
