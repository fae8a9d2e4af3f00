import uuid
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import Incident, Kind, NewestConcerning, Severity
from tryghed.notifications.models import Notification


def test_my_episodes_lists_what_i_reported_and_what_happened_to_me(client, employee, tree):
    colleague = person(tree["own"], name="Freja Holm", email="freja@ishoj.example")
    mine = make_incident(employee, tree["own"])
    about_me = make_incident(colleague, tree["own"], affected=[employee])
    others = make_incident(colleague, tree["own"])
    client.force_login(employee)
    text = client.get(reverse("incidents:mine")).text
    assert mine.number in text and about_me.number in text
    assert others.number not in text


def test_my_episodes_pages_are_concerning_newest_first_read_page_by_page(employee, tree):
    colleague = person(tree["own"], name="Freja Holm", email="freja@ishoj.example")
    now = timezone.now()
    at = [now - timedelta(hours=hours) for hours in (5, 1, 9, 1, 3, 7, 2, 8)]  # a tie at 1 h
    for i, moment in enumerate(at):
        reporter, affected = [(employee, []), (colleague, [employee])][i % 2]
        make_incident(reporter, tree["own"], occurred_at=moment, affected=affected)
    make_incident(colleague, tree["own"], occurred_at=now - timedelta(hours=4))  # not hers
    expected = list(Incident.objects.concerning(employee).values_list("pk", flat=True))
    assert len(expected) == 8
    pages = Paginator(NewestConcerning(employee), 3)
    assert pages.count == 8 and pages.num_pages == 3
    shown = [incident.pk for number in pages.page_range for incident in pages.page(number)]
    assert shown == expected, "Incident's own order: newest first, the higher id first on a tie"
    with CaptureQueriesContext(connection) as queries:
        list(pages.page(1))
    assert all("LIMIT 3" in query["sql"] for query in queries[:2]), "only the newest three each"


def test_the_unit_list_shows_the_units_below_and_not_beside(client, manager, employee, tree):
    own = make_incident(employee, tree["own"])
    below = make_incident(employee, tree["below"])
    beside = make_incident(employee, tree["beside"])
    client.force_login(manager)
    text = client.get(reverse("incidents:unit_list")).text
    assert own.number in text and below.number in text
    assert beside.number not in text


def test_the_filters_narrow_the_list_and_the_list_is_audited(client, manager, employee, tree):
    physical = make_incident(
        employee, tree["own"], kind=Kind.PHYSICAL, severity=Severity.VERY_SERIOUS
    )
    old = make_incident(employee, tree["own"], occurred_at=timezone.now() - timedelta(days=60))
    client.force_login(manager)
    text = client.get(reverse("incidents:unit_list"), {"kind": "physical"}).text
    assert physical.number in text and old.number not in text
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    text = client.get(reverse("incidents:unit_list"), {"date_from": since, "severity": 4}).text
    assert physical.number in text and old.number not in text
    text = client.get(reverse("incidents:unit_list"), {"unit": tree["below"].pk}).text
    assert physical.number not in text
    event = AuditEvent.objects.filter(action=Action.INCIDENTS_LISTED).first()
    assert event.data == {"filters": ["unit"]}


def test_htmx_gets_only_the_results(client, manager, employee, tree):
    make_incident(employee, tree["own"])
    client.force_login(manager)
    response = client.get(reverse("incidents:unit_list"), headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="results"')
    assert "<html" not in response.text


def test_bad_filters_say_so_and_keep_the_values(client, manager):
    client.force_login(manager)
    response = client.get(
        reverse("incidents:unit_list"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert "Slutdatoen skal være samme dag som eller efter startdatoen." in response.text
    assert 'value="2026-05-01"' in response.text


def test_employees_have_no_unit_list(client, employee):
    client.force_login(employee)
    assert client.get(reverse("incidents:unit_list")).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_unit_list_runs_a_constant_number_of_queries(client, manager, employee, tree, count):
    for _ in range(count):
        make_incident(employee, tree["own"])
    client.force_login(manager)
    client.get(reverse("incidents:unit_list"))  # warm the session and the content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("incidents:unit_list")).status_code == 200
    # One list of 25 and a count, whatever the number of episodes (plus session, user, layout).
    assert len(queries) == EXPECTED_QUERIES, [q["sql"] for q in queries]


EXPECTED_QUERIES = 11  # 16 until the layout came down to three queries (home/layout.py)


def test_minor_episodes_from_a_shift_become_separate_cases_and_one_message(
    client, employee, manager, tree, django_capture_on_commit_callbacks
):
    from tryghed.incidents.models import Act

    pinch, scratch = Act.objects.get(code="pinch"), Act.objects.get(code="scratch")
    client.force_login(employee)
    today = timezone.localdate()
    data = {
        "unit": tree["own"].pk,
        "on_date": (today - timedelta(days=1)).isoformat(),
        "rows-TOTAL_FORMS": 6,
        "rows-INITIAL_FORMS": 0,
        "submission_key": str(uuid.uuid4()),
        "rows-0-at_time": "07:40",
        "rows-0-act": pinch.pk,
        "rows-0-severity": 1,
        "rows-1-at_time": "09:15",
        "rows-1-act": scratch.pk,
        "rows-1-severity": 2,
        "rows-2-at_time": "13:05",
        "rows-2-act": pinch.pk,
        "rows-2-severity": 1,
        "rows-2-note": "Under frokosten",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("incidents:minor_report"), data)
        client.post(reverse("incidents:minor_report"), data)  # a double tap
    assert response.status_code == 302
    incidents = Incident.objects.order_by("occurred_at")
    assert incidents.count() == 3
    assert [i.acts.get() for i in incidents] == [pinch, scratch, pinch]
    assert incidents[2].description == "Under frokosten"
    assert all(i.kind == Kind.PHYSICAL and i.unit == tree["own"] for i in incidents)
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_an_empty_shift_log_says_what_is_missing(client, employee, tree):
    client.force_login(employee)
    response = client.post(
        reverse("incidents:minor_report"),
        {
            "unit": tree["own"].pk,
            "on_date": timezone.localdate().isoformat(),
            "rows-TOTAL_FORMS": 6,
            "rows-INITIAL_FORMS": 0,
        },
    )
    assert "Udfyld mindst én episode." in response.text
