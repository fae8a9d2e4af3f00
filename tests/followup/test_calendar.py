"""The calendar feed: a person's own open task deadlines as iCalendar at a secret address that
calendar apps fetch without logging in; renewable, revocable, never cached, audited, and
with no names or free text in what it says."""

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup import calendar_feed, services
from tryghed.followup.models import CalendarFeed
from tryghed.organizations.roles import Role

TITLE = "Tryghed: opgave forfalder – sag"  # noqa: RUF001 (the Danish text's dash)


@pytest.fixture
def cases(tree, employee):
    """Two cases in Kløverengen (tasks for its manager and safety rep), one at the school."""
    own = make_incident(employee, tree["own"], description="Borgeren råbte Lars Bøghs navn.")
    second = make_incident(employee, tree["own"])
    stranger = person(tree["school"], name="Ole Bæk", email="ole@ishoj.example")
    school_manager = person(tree["school"], Role.MANAGER, name="Karin Skov")
    other = make_incident(stranger, tree["school"])
    return {"own": own, "second": second, "other": other, "school_manager": school_manager}


def turn_on(client, someone):
    client.force_login(someone)
    page = client.post(reverse("followup:calendar"))
    assert page.status_code == 200
    url = re.search(r'id="calendar-url" type="text" value="([^"]+)"', page.text).group(1)
    client.logout()
    return url


def fetch(client, url):
    return client.get(url.removeprefix("http://testserver"))


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_feed_holds_the_persons_open_deadlines_and_nobody_elses(client, manager, cases):
    done = cases["own"].tasks.get(kind="acknowledge")
    services.complete_task(task=done, by=manager)
    url = turn_on(client, manager)
    found = events(fetch(client, url))  # no session: calendar apps do not log in
    mine = [
        task
        for case in (cases["own"], cases["second"])
        for task in case.tasks.filter(assignees=manager, status="open")
    ]
    assert {str(event["uid"]) for event in found} == {
        f"tryghed-task-{task.pk}@127.0.0.1:8000" for task in mine
    }
    due = {task.pk: task.due_at for task in mine}
    for event in found:
        pk = int(str(event["uid"]).split("-")[2].split("@")[0])
        assert event.decoded("dtend") == due[pk].replace(microsecond=0)
        assert str(event["url"]).endswith(
            f"/episoder/{cases['own'].pk}/opfoelgning/#task-{pk}"
        ) or (str(event["url"]).endswith(f"/episoder/{cases['second'].pk}/opfoelgning/#task-{pk}"))
    assert done.pk not in {int(str(e["uid"]).split("-")[2].split("@")[0]) for e in found}


def test_the_school_managers_feed_holds_only_the_schools_case(client, cases):
    url = turn_on(client, cases["school_manager"])
    summaries = {str(event["summary"]) for event in events(fetch(client, url))}
    assert summaries == {f"{TITLE} {cases['other'].number}"}


def test_titles_and_descriptions_carry_no_names_or_free_text(client, manager, employee, cases):
    url = turn_on(client, manager)
    body = fetch(client, url).content.decode()
    found = Calendar.from_ical(body).walk("VEVENT")
    assert found
    for event in found:
        assert re.fullmatch(rf"{TITLE} \d{{4}}-\d{{5}}", str(event["summary"]))
    unfolded = body.replace("\r\n ", "")
    for word in ("Maja", "Nørgaard", "Lars", "Bøgh", "Borgeren", "Anerkend", "Kløverengen"):
        assert word not in unfolded


def test_a_renewed_address_makes_the_old_one_404_at_once(client, manager, cases):
    old = turn_on(client, manager)
    assert fetch(client, old).status_code == 200
    new = turn_on(client, manager)
    assert new != old
    assert fetch(client, old).status_code == 404
    assert fetch(client, new).status_code == 200


def test_a_feed_turned_off_404s(client, manager, cases):
    url = turn_on(client, manager)
    client.force_login(manager)
    assert client.post(reverse("followup:calendar_off")).status_code == 302
    client.logout()
    assert fetch(client, url).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_an_unknown_token_and_a_person_who_left_get_404(client, manager, cases):
    url = turn_on(client, manager)
    assert client.get(reverse("followup:calendar_feed", args=["x" * 43])).status_code == 404
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    assert fetch(client, url).status_code == 404


def test_only_the_tokens_hash_is_kept_and_the_page_shows_the_address_once(client, manager, cases):
    url = turn_on(client, manager)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    feed = CalendarFeed.objects.get(person=manager)
    assert feed.token_hash == calendar_feed.token_hash(token)
    assert token not in feed.token_hash
    client.force_login(manager)
    page = client.get(reverse("followup:calendar")).text
    assert token not in page
    assert "Forny adressen" in page


def test_each_fetch_is_audited_without_the_token_and_never_cached(client, manager, cases):
    url = turn_on(client, manager)
    response = fetch(client, url)
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action=Action.CALENDAR_FEED_READ)
    assert event.actor == manager
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token not in str(event.data)
    assert event.data["tasks"] == len(events(response))
    changed = AuditEvent.objects.get(action=Action.CALENDAR_FEED_CHANGED)
    assert changed.data == {"change": "turned_on"}
