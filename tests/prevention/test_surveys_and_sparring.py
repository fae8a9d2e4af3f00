"""APV and well-being results beside the risk assessment's figures, and sparring planned as a
recurring measure (issue 20, points 5 and 6)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations.models import Contact
from tryghed.prevention import services
from tryghed.prevention.models import Measure, MeasureSource, SurveyKind, SurveyResult

FINDINGS = "12 % har oplevet trusler det seneste år; flest ved skranken i Æblehaven."


def survey_system(tree):
    return Contact.objects.create(
        unit=tree["root"],
        kind=Contact.Kind.SURVEY_SYSTEM,
        name="Målesystemet",
        url="https://apv.ishoj.example/",
    )


def test_the_results_are_recorded_and_shown_beside_the_figures(client, tree, safety_rep, manager):
    survey_system(tree)
    unit = tree["own"]
    client.force_login(safety_rep)
    response = client.post(
        reverse("prevention:survey_result_new", args=[unit.pk]),
        {
            "kind": SurveyKind.APV,
            "conducted_on": timezone.localdate().isoformat(),
            "findings": FINDINGS,
            "link": "https://apv.ishoj.example/resultater/42",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.SURVEY_RESULT_RECORDED).exists()
    assessment = services.save_risk_assessment(
        unit=unit,
        by=manager,
        answers=[],
        assessed_on=timezone.localdate(),
        risk_level="medium",
        reasons="Trusler ved skranken.",
    )
    page = client.get(reverse("prevention:risk_assessment", args=[assessment.pk])).text
    assert FINDINGS in page and "https://apv.ishoj.example/resultater/42" in page
    assert "Enhedens episoder de seneste 12 måneder" in page


def test_a_link_outside_the_survey_system_is_refused(client, tree, safety_rep):
    survey_system(tree)
    client.force_login(safety_rep)
    response = client.post(
        reverse("prevention:survey_result_new", args=[tree["own"].pk]),
        {
            "kind": SurveyKind.WELL_BEING,
            "conducted_on": timezone.localdate().isoformat(),
            "findings": FINDINGS,
            "link": "https://example.org/anden",
        },
    )
    assert response.status_code == 200
    assert "den begynder med https://apv.ishoj.example/" in response.text
    assert FINDINGS in response.text and not SurveyResult.objects.exists()


def test_a_complete_assessment_shows_the_results_it_was_made_with(tree, manager):
    unit = tree["own"]
    for day, text in [(date(2024, 3, 1), "Før"), (date(2025, 3, 1), "Efter")]:
        services.record_survey_result(
            unit=unit, by=manager, kind=SurveyKind.APV, conducted_on=day, findings=text, link=""
        )
    [before] = SurveyResult.objects.latest_of_each_kind(unit, on=date(2024, 12, 31))
    [latest] = SurveyResult.objects.latest_of_each_kind(unit)
    assert (before.findings, latest.findings) == ("Før", "Efter")


def test_recurring_sparring_comes_back_when_it_is_done(client, tree, manager, employee):
    first_on = timezone.localdate() + timedelta(days=3)
    client.force_login(manager)
    client.post(
        reverse("prevention:sparring_new", args=[tree["own"].pk]),
        {
            "title": "Sparring om svære samtaler",
            "owner": manager.pk,
            "first_on": first_on.isoformat(),
            "repeat_every_weeks": 4,
        },
    )
    planned = Measure.objects.get()
    assert (planned.source, planned.repeat_every_weeks) == (MeasureSource.PLANNED, 4)
    client.post(reverse("prevention:complete_measure", args=[planned.pk]))
    following = Measure.objects.exclude(pk=planned.pk).get()
    assert following.due_on == first_on + timedelta(weeks=4)
    assert following.title == "Sparring om svære samtaler" and following.done_at is None

    client.post(reverse("prevention:stop_repeating", args=[following.pk]))
    client.post(reverse("prevention:complete_measure", args=[following.pk]))
    assert Measure.objects.count() == 2


def test_a_missed_time_is_not_planned_in_the_past():
    today = date(2025, 6, 10)
    assert services.next_due(date(2025, 4, 1), 2, today) == date(2025, 6, 24)
    assert services.next_due(date(2025, 6, 5), 1, today) == date(2025, 6, 12)


def test_only_those_who_may_stop_a_series_see_its_button(client, tree, manager, employee):
    """The owner carries out the sparring; stopping the series is the unit's decision."""
    client.force_login(manager)
    client.post(
        reverse("prevention:sparring_new", args=[tree["own"].pk]),
        {
            "title": "Sparring om svære samtaler",
            "owner": employee.pk,
            "first_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "repeat_every_weeks": 4,
        },
    )
    stop = reverse("prevention:stop_repeating", args=[Measure.objects.get().pk])
    assert stop in client.get(reverse("prevention:measures")).content.decode()
    client.force_login(employee)
    page = client.get(reverse("prevention:measures"))
    assert page.status_code == 200 and "Sparring om svære samtaler" in page.content.decode()
    assert stop not in page.content.decode()
