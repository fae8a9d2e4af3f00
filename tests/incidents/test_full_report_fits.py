"""The full report keeps only the answers that fit the episode, whatever the browser sends: the
page hides what does not fit, and the server clears it."""

import uuid

from django.urls import reverse

from tests.incidents.factories import make_incident
from tests.incidents.test_case import details
from tryghed.incidents.forms import QuickReportForm
from tryghed.incidents.models import Incident, IncidentChange, Kind, Platform

ONLINE_ANSWERS = {
    "platform": Platform.FACEBOOK,
    "links": "https://www.facebook.com/groups/ishoej/posts/1",
    "on_own_page": "on",
    "harasser_type": "aggrieved_citizen",
}


def edit(client, incident, **changes):
    return client.post(reverse("incidents:edit", args=[incident.pk]), details(incident, **changes))


def test_a_physical_report_with_posted_online_answers_saves_none_of_them(client, employee, tree):
    incident = make_incident(employee, tree["own"], kind=Kind.PHYSICAL)
    client.force_login(employee)
    response = edit(client, incident, place="Ved skranken", **ONLINE_ANSWERS)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.place == "Ved skranken"
    assert (incident.platform, incident.links, incident.on_own_page, incident.harasser_type) == (
        "",
        "",
        False,
        "",
    )
    assert set(
        IncidentChange.objects.filter(incident=incident).values_list("field", flat=True)
    ) == {"place"}


def test_an_online_case_made_physical_loses_its_online_answers_with_a_history_line(
    client, employee, tree
):
    incident = make_incident(employee, tree["own"], kind=Kind.ONLINE, platform=Platform.FACEBOOK)
    client.force_login(employee)
    assert edit(client, incident, kind=Kind.PHYSICAL, **ONLINE_ANSWERS).status_code == 302
    incident.refresh_from_db()
    assert incident.kind == Kind.PHYSICAL and incident.platform == ""
    line = IncidentChange.objects.get(incident=incident, field="platform")
    assert line.old_value == Platform.FACEBOOK and line.new_value == ""


def test_an_online_report_keeps_its_online_answers_and_saves_no_injury(client, employee, tree):
    incident = make_incident(employee, tree["own"], kind=Kind.ONLINE)
    client.force_login(employee)
    response = edit(
        client,
        incident,
        is_injured="True",
        injury="Blå mærker",
        property_damage="Briller",
        **ONLINE_ANSWERS,
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.platform == Platform.FACEBOOK and incident.on_own_page
    assert incident.links == ONLINE_ANSWERS["links"]
    assert not incident.is_injured and incident.injury == "" and incident.property_damage == ""


def test_no_to_injury_and_absence_clears_what_was_typed_below_them(client, employee, tree):
    incident = make_incident(employee, tree["own"], kind=Kind.PHYSICAL)
    Incident.objects.filter(pk=incident.pk).update(absence_days=3, injury="Rift")
    client.force_login(employee)
    response = edit(
        client,
        incident,
        is_injured="False",
        injury="Rift",
        has_absence="False",
        absence_from="2026-03-02",
        absence_days="3",
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.injury == "" and incident.absence_days is None and incident.absence_from is None
    assert "has_absence" not in IncidentChange.objects.values_list("field", flat=True)


def test_yes_to_absence_saves_it(client, employee, tree):
    incident = make_incident(employee, tree["own"], kind=Kind.PHYSICAL)
    client.force_login(employee)
    assert edit(client, incident, has_absence="True", absence_days="2").status_code == 302
    incident.refresh_from_db()
    assert incident.absence_days == 2


def test_a_refused_report_shows_everything_typed_again_with_a_danish_message(
    client, employee, tree
):
    incident = make_incident(employee, tree["own"], kind=Kind.PHYSICAL)
    client.force_login(employee)
    response = edit(
        client, incident, has_absence="True", absence_days="400", links="https://x.dk/opslag"
    )
    assert response.status_code == 200
    assert "Skriv antal fraværsdage som et tal fra 0 til 365." in response.text
    assert 'value="400"' in response.text and "https://x.dk/opslag" in response.text
    incident.refresh_from_db()
    assert incident.absence_days is None and incident.links == ""


def test_the_full_report_offers_the_episodes_own_acts_first(client, employee, tree):
    incident = make_incident(employee, tree["own"], kind=Kind.ONLINE)
    client.force_login(employee)
    page = client.get(reverse("incidents:edit", args=[incident.pk])).text
    groups = [page.index(f'data-kind="{kind}"') for kind in ("online", "physical", "psychological")]
    assert groups == sorted(groups)
    assert '<details class="tryghed-act-group tryghed-acts-online" data-kind="online" open>' in page


def test_the_quick_report_saves_no_online_answers_for_a_physical_episode(employee, tree):
    data = {
        "kind": Kind.PHYSICAL,
        "when": "now",
        "unit": tree["own"].pk,
        "severity": 2,
        "description": "Skubbet i døren.",
        "submission_key": str(uuid.uuid4()),
        **ONLINE_ANSWERS,
        "links": "ikke en adresse",
    }
    form = QuickReportForm(data, reporter=employee)
    assert form.is_valid(), form.errors  # no message about a question that was not asked
    kwargs = form.report_kwargs()
    assert (kwargs["platform"], kwargs["links"], kwargs["on_own_page"]) == ("", "", False)
    assert kwargs["harasser_type"] == ""
