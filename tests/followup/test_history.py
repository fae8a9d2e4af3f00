"""The follow-up's lines on a case's history read in the reader's language, whatever the
language of the person who did the task (incidents.history, followup.history)."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from tests.incidents.factories import make_incident
from tryghed.incidents.models import IncidentChange


def complete_the_talk(client, manager, incident, language):
    talk = incident.tasks.get(kind="acknowledge")
    client.cookies["django_language"] = language
    client.force_login(manager)
    client.post(
        reverse("followup:task_action", args=[talk.pk, "done"]),
        {f"t{talk.pk}-completed_on": timezone.localdate().isoformat(), f"t{talk.pk}-note": "Ok"},
    )
    return IncidentChange.objects.get(incident=incident, field="task_done")


def timeline(client, incident, language):
    client.cookies["django_language"] = language
    page = client.get(reverse("followup:case", args=[incident.pk])).text
    return html.unescape(strip_tags(page))


@pytest.mark.parametrize(
    ("written", "read", "line"),
    [
        ("da", "en", "Task done: Acknowledge the episode and talk to the employee today: Ok"),
        ("en", "da", "Opgave udført: Anerkend episoden og tal med medarbejderen i dag: Ok"),
    ],
)
def test_a_task_done_reads_in_the_readers_language(
    client, tree, employee, manager, written, read, line
):
    incident = make_incident(employee, tree["own"])
    change = complete_the_talk(client, manager, incident, written)
    with translation.override(read):
        assert f"{change.label}: {change.shown_new}" == line
    assert line in timeline(client, incident, read)
