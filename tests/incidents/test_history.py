"""The case's history stores codes and data, and reads in the reader's language, whatever the
language of the person who made the change (incidents.history)."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from tests.incidents.factories import make_incident
from tests.incidents.test_case import details
from tryghed.incidents import history
from tryghed.incidents.models import Act, IncidentChange, Severity


@pytest.fixture
def incident(employee, tree):
    return make_incident(employee, tree["own"], severity=Severity.SERIOUS)


def change_the_report(client, manager, incident, language):
    client.cookies["django_language"] = language
    client.force_login(manager)
    client.post(reverse("incidents:edit", args=[incident.pk]), details(incident, is_injured="True"))
    client.post(
        reverse("incidents:assess", args=[incident.pk]),
        {"manager_severity": Severity.VERY_SERIOUS},
    )


def history_page(client, incident, language):
    client.cookies["django_language"] = language
    return html.unescape(strip_tags(client.get(incident.get_absolute_url()).text))


def test_a_change_made_in_danish_reads_in_english(client, manager, incident):
    change_the_report(client, manager, incident, "da")
    injured = IncidentChange.objects.get(field="is_injured")
    assessed = IncidentChange.objects.get(field="manager_severity")
    assert (injured.old_value, injured.new_value) == ("false", "true")
    assert assessed.new_value == str(Severity.VERY_SERIOUS.value)
    with translation.override("en"):
        assert (injured.label, injured.shown_old, injured.shown_new) == (
            "Physical injury",
            "No",
            "Yes",
        )
        assert assessed.label == "The manager's assessment"
        assert assessed.shown_new == "Very serious: I was afraid"
    page = history_page(client, incident, "en")
    assert "Physical injury: No → Yes" in page
    assert "The manager's assessment: Very serious: I was afraid" in page


def test_a_change_made_in_english_reads_in_danish(client, manager, incident):
    change_the_report(client, manager, incident, "en")
    injured = IncidentChange.objects.get(field="is_injured")
    with translation.override("da"):
        assert (injured.label, injured.shown_new) == ("Fysisk skade", "Ja")
    page = history_page(client, incident, "da")
    assert "Fysisk skade: Nej → Ja" in page
    assert "Lederens vurdering: Meget alvorligt: jeg var bange" in page


def test_acts_are_stored_by_their_codes_and_read_in_the_readers_language(client, manager, incident):
    kick = Act.objects.get(code="kick")
    client.force_login(manager)
    client.post(reverse("incidents:edit", args=[incident.pk]), details(incident, acts=[kick.pk]))
    change = IncidentChange.objects.get(field="acts")
    assert change.new_value == '["kick"]'
    with translation.override("en"):
        english = change.shown_new
    with translation.override("da"):
        danish = change.shown_new
    assert (english, danish) == ("Kick", "Spark")


def test_a_code_no_app_registered_is_refused_when_written(manager, incident):
    with pytest.raises(ValueError, match="not registered"):
        history.record(incident=incident, by=manager, code="no_such_event")


def test_a_line_written_before_codes_reads_as_it_was_written(manager, incident):
    line = IncidentChange.objects.create(
        incident=incident, changed_by=manager, field="written", new_value="Sag lukket"
    )
    with translation.override("en"):
        assert (line.label, line.shown_new) == ("Earlier entry", "Sag lukket")
