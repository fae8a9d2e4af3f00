"""Information after an episode: the center head of the area has the inform task, chooses other
center heads, and they get a fixed summary (never the story); who was told when is on the case
and in the audit log. In serious cases the executives and HR are recorded as told too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UnitFactory, person
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup import briefings
from tryghed.followup.models import Audience, Briefing
from tryghed.incidents.models import Severity
from tryghed.notifications.models import Notification
from tryghed.organizations import directory
from tryghed.organizations.models import UnitKind
from tryghed.organizations.roles import Role
from tryghed.retention.services import anonymise_cases

STORY = "Borgeren råbte og truede ved skranken på Kløverengen."


@pytest.fixture
def other_heads(tree):
    third = UnitFactory(name="Center for Ejendomme", kind=UnitKind.CENTER, parent=tree["root"])
    return [
        person(tree["other_center"], Role.MANAGER, name="Anders Winther", email="aw@ishoj.example"),
        person(third, Role.MANAGER, name="Poul Ebbesen", email="pe@ishoj.example"),
    ]


def inform(client, task, **data):
    prefixed = {f"t{task.pk}-{key}": value for key, value in data.items()}
    return client.post(reverse("followup:task_action", args=[task.pk, "inform"]), prefixed)


def test_the_inform_task_goes_to_the_center_head_of_the_area(tree, employee, center_head):
    incident = make_incident(employee, tree["own"], description=STORY)
    assert list(incident.tasks.get(kind="inform").assignees.all()) == [center_head]


def test_the_other_center_heads_are_those_of_the_municipality_but_the_areas_own(
    tree, center_head, other_heads, executive
):
    assert list(directory.other_center_heads(tree["own"])) == other_heads
    assert center_head in directory.center_heads_in_municipality(tree["own"])


def test_the_case_page_reads_the_centers_of_every_center_head_at_once(
    client, tree, employee, center_head, other_heads
):
    incident = make_incident(employee, tree["own"], description=STORY)
    client.force_login(center_head)
    url = reverse("followup:case", args=[incident.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for n in range(3):
        center = UnitFactory(name=f"Center {n}", kind=UnitKind.CENTER, parent=tree["root"])
        person(center, Role.MANAGER, name=f"Chef {n}", email=f"chef{n}@ishoj.example")
    assert queries() == before
    assert "Chef 2 (Center 2)" in client.get(url).text


def test_the_chosen_center_heads_get_a_summary_without_the_story(
    client, tree, employee, center_head, other_heads
):
    incident = make_incident(employee, tree["own"], description=STORY)
    client.force_login(center_head)
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    assert "Anders Winther (Center for Børn og Læring)" in page
    inform(client, incident.tasks.get(kind="inform"), center_heads=[p.pk for p in other_heads])

    for head in other_heads:
        message = Notification.objects.get(recipient=head)
        assert message.title.startswith("Til orientering: en episode")
        assert "Kløverengen" in message.title and STORY not in message.title
        assert message.url == "", "the summary is the message: the case is not theirs to read"
        client.force_login(head)
        assert client.get(incident.get_absolute_url()).status_code == 404
    told = Briefing.objects.filter(incident=incident)
    assert {b.person for b in told} == set(other_heads)
    assert {b.audience for b in told} == {Audience.CENTER_HEAD}
    assert AuditEvent.objects.filter(action=Action.CASE_BRIEFED).count() == 2

    client.force_login(center_head)
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    assert "Hvem er orienteret" in page and "Poul Ebbesen (Centerchef)" in page


def test_a_center_head_outside_the_municipalitys_list_cannot_be_chosen(
    client, tree, employee, center_head, outsider
):
    incident = make_incident(employee, tree["own"])
    client.force_login(center_head)
    inform(client, incident.tasks.get(kind="inform"), center_heads=[outsider.pk])
    assert not Briefing.objects.exists()
    assert incident.tasks.get(kind="inform").is_open


def test_a_serious_case_records_the_executives_and_hr_as_told(
    client, tree, employee, center_head, executive, hr, other_heads
):
    incident = make_incident(employee, tree["own"], severity=Severity.VERY_SERIOUS)
    client.force_login(center_head)
    inform(client, incident.tasks.get(kind="inform"), center_heads=[other_heads[0].pk])
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    assert "Orienteret indtil nu: Anders Winther" in page
    serious = incident.tasks.get(kind="serious_case")
    client.post(
        reverse("followup:task_action", args=[serious.pk, "done"]),
        {f"t{serious.pk}-completed_on": serious.created_at.date().isoformat()},
    )
    told = {b.person: b.audience for b in Briefing.objects.filter(incident=incident)}
    assert told == {
        other_heads[0]: Audience.CENTER_HEAD,
        executive: Audience.EXECUTIVES_AND_HR,
        hr: Audience.EXECUTIVES_AND_HR,
    }
    assert "alvorlig episode" in Briefing.objects.get(person=executive).summary
    assert Notification.objects.filter(recipient=executive).count() == 1, "told once, by the share"


def test_anonymising_the_case_forgets_who_was_told(tree, employee, center_head, other_heads):
    incident = make_incident(employee, tree["own"])
    briefings.brief(incident=incident, people=other_heads, by=center_head)
    anonymise_cases([incident.pk], None, timezone.now())
    assert not Briefing.objects.filter(incident=incident).exists()
