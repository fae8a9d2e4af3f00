"""Prevention before an episode: risk assessment, revision after an episode, the local
guideline, the crisis plan, courses and onboarding."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import person
from tests.incidents.factories import make_incident
from tryghed.accounts.models import EmploymentType
from tryghed.audit.models import Action, AuditEvent
from tryghed.core import workdays
from tryghed.core.sweep import run_sweep
from tryghed.followup.models import TaskKind, TaskStatus
from tryghed.notifications.models import Notification
from tryghed.organizations.roles import Role
from tryghed.prevention import services
from tryghed.prevention.defaults import seed_defaults
from tryghed.prevention.models import (
    Course,
    CourseSession,
    LocalGuideline,
    Measure,
    MeasureSource,
    OnboardingChecklist,
    RevisionRequest,
    RiskAssessment,
)

ESCAPE = "Både medarbejder og borger har en flugtvej ud af lokalet"


@pytest.fixture(autouse=True)
def defaults(db):
    seed_defaults()


def assessment_data(owner, **changes):
    """Every point fine but the escape routes, which need action."""
    points = services.checkpoints()
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        "risk_level": "high",
        "reasons": "Daglig kontakt med urolige borgere.",
        "points-TOTAL_FORMS": len(points),
        "points-INITIAL_FORMS": len(points),
    }
    for i, point in enumerate(points):
        data[f"points-{i}-answer"] = "fine"
        if str(point) == ESCAPE:
            data[f"points-{i}-answer"] = "needs_action"
            data[f"points-{i}-measure_title"] = "Ny dør fra samtalerummet"
            data[f"points-{i}-measure_owner"] = owner.pk
            data[f"points-{i}-measure_due_on"] = (
                timezone.localdate() + timedelta(days=60)
            ).isoformat()
    data.update(changes)
    return data


def escape_index():
    return [str(p) for p in services.checkpoints()].index(ESCAPE)


def test_a_risk_assessment_is_complete_when_manager_and_safety_rep_have_signed_it(
    client, tree, manager, safety_rep
):
    unit = tree["own"]
    client.force_login(safety_rep)
    new = reverse("prevention:risk_assessment_new", args=[unit.pk])
    form = client.get(new)
    assert ESCAPE in form.text and "Indretning og sikkerhed" in form.text

    i = escape_index()
    refused = client.post(new, assessment_data(manager, **{f"points-{i}-measure_owner": ""}))
    assert "Et tiltag skal have en ejer." in refused.text
    assert 'value="Ny dør fra samtalerummet"' in refused.text, "what was typed is kept"
    assert not RiskAssessment.objects.exists()

    response = client.post(new, assessment_data(manager))
    assessment = RiskAssessment.objects.get()
    assert response.url == assessment.get_absolute_url()
    sign = reverse("prevention:sign_risk_assessment", args=[assessment.pk])
    client.post(sign, {"role": "manager"})  # a safety rep cannot sign as manager
    assert client.post(sign, {"role": "manager"}).status_code == 403
    client.post(sign, {"role": "safety_rep"})
    assessment.refresh_from_db()
    assert assessment.safety_rep_signed_by == safety_rep and not assessment.is_complete
    assert not Measure.objects.exists(), "measures follow when the assessment is complete"

    client.force_login(manager)
    client.post(sign, {"role": "manager"})
    assessment.refresh_from_db()
    assert assessment.is_complete
    measure = Measure.objects.get()
    assert measure.title == "Ny dør fra samtalerummet" and measure.owner == manager
    assert measure.source == MeasureSource.RISK_ASSESSMENT
    assert measure.due_on == timezone.localdate() + timedelta(days=60)
    unit.refresh_from_db()
    assert unit.risk_level == "high"
    assert "Ny dør fra samtalerummet" in client.get(reverse("prevention:measures")).text
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {Action.RISK_ASSESSMENT_SAVED, Action.RISK_ASSESSMENT_SIGNED} <= actions


def test_a_changed_draft_loses_its_signatures_and_a_complete_one_is_never_changed(
    client, tree, manager, safety_rep
):
    client.force_login(safety_rep)
    client.post(
        reverse("prevention:risk_assessment_new", args=[tree["own"].pk]), assessment_data(manager)
    )
    assessment = RiskAssessment.objects.get()
    client.post(
        reverse("prevention:sign_risk_assessment", args=[assessment.pk]), {"role": "safety_rep"}
    )
    edit = reverse("prevention:risk_assessment_edit", args=[assessment.pk])
    client.post(edit, assessment_data(manager, reasons="Nye oplysninger."))
    assessment.refresh_from_db()
    assert assessment.reasons == "Nye oplysninger." and assessment.safety_rep_signed_at is None
    assert assessment.answers.count() == len(services.checkpoints())

    client.post(
        reverse("prevention:sign_risk_assessment", args=[assessment.pk]), {"role": "safety_rep"}
    )
    client.force_login(manager)
    client.post(
        reverse("prevention:sign_risk_assessment", args=[assessment.pk]), {"role": "manager"}
    )
    assert client.get(edit).status_code == 403


def test_an_assessment_in_the_future_is_refused(client, tree, manager, safety_rep):
    client.force_login(manager)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("prevention:risk_assessment_new", args=[tree["own"].pk]),
        assessment_data(manager, assessed_on=tomorrow),
    )
    assert "Datoen ligger i fremtiden." in response.text
    assert not RiskAssessment.objects.exists()


def test_the_units_figures_of_the_last_year_stand_beside_the_assessment(
    client, tree, employee, manager, executive
):
    make_incident(employee, tree["own"])
    make_incident(employee, tree["below"])
    make_incident(employee, tree["own"], occurred_at=timezone.now() - timedelta(days=400))
    make_incident(employee, tree["beside"])
    assert services.figures(tree["own"])["total"] == 2
    client.force_login(manager)
    page = client.get(reverse("prevention:risk_assessment_new", args=[tree["own"].pk]))
    assert "2 episoder" in page.text


def test_an_episode_that_showed_a_gap_flags_the_assessment_and_gives_the_manager_a_task(
    client, tree, employee, manager, safety_rep
):
    incident = make_incident(employee, tree["own"])
    evaluation = incident.tasks.get(kind="evaluation")
    client.force_login(manager)
    client.post(
        reverse("followup:evaluation", args=[evaluation.pk]),
        {
            "measures-TOTAL_FORMS": 3,
            "measures-INITIAL_FORMS": 0,
            "no_measures_reason": "Tiltagene følger af den nye risikovurdering.",
            "showed_gap": "on",
        },
    )
    revision = RevisionRequest.objects.get()
    assert revision.unit == tree["own"] and revision.incident == incident
    task = incident.tasks.get(kind=TaskKind.REVISE_RISK)
    assert list(task.assignees.all()) == [manager] and task.is_open
    unit_page = client.get(reverse("prevention:unit", args=[tree["own"].pk]))
    assert "Skal revideres" in unit_page.text

    client.force_login(safety_rep)
    client.post(
        reverse("prevention:risk_assessment_new", args=[tree["own"].pk]), assessment_data(manager)
    )
    assessment = RiskAssessment.objects.get()
    for who, role in ((safety_rep, "safety_rep"), (manager, "manager")):
        client.force_login(who)
        client.post(
            reverse("prevention:sign_risk_assessment", args=[assessment.pk]), {"role": role}
        )
    revision.refresh_from_db()
    task.refresh_from_db()
    assert revision.closed_by == assessment
    assert task.status == TaskStatus.DONE and task.completed_by == manager


def guideline_data(**changes):
    data = {
        "approved_on": timezone.localdate().isoformat(),
        "minutes_reference": "MED 2026-11, pkt. 3",
        "discuss_every_months": "6",
        "section_handling": "Afbryd samtalen og tilkald vagten.",
        "section_local_risks": "Smal gang bag skranken.",
    }
    data.update(changes)
    return data


def test_a_local_guideline_is_approved_in_med_and_published_in_versions(
    client, tree, manager, employee, outsider
):
    unit = tree["own"]
    new = reverse("prevention:guideline_new", args=[unit.pk, "retningslinje"])
    client.force_login(employee)
    assert client.get(new).status_code == 403
    client.force_login(manager)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = client.post(new, guideline_data(approved_on=tomorrow, discuss_every_months="0"))
    assert "Datoen ligger i fremtiden." in refused.text
    assert "Emnet skal drøftes mindst én gang" in refused.text
    assert "Smal gang bag skranken." in refused.text, "what was typed is kept"
    assert not LocalGuideline.objects.exists()

    approved_on = timezone.localdate() - timedelta(days=10)
    client.post(new, guideline_data(approved_on=approved_on.isoformat()))
    first = LocalGuideline.objects.get()
    assert first.version == 1 and first.next_discussion_on == services.add_months(approved_on, 6)
    client.post(new, guideline_data(section_handling="Ny tekst om håndtering."))
    assert LocalGuideline.objects.count() == 2

    client.force_login(employee)
    page = client.get(reverse("prevention:guideline", args=[unit.pk, "retningslinje"]))
    assert "Ny tekst om håndtering." in page.text and "Version 2" in page.text
    old = client.get(reverse("prevention:guideline_version", args=[first.pk]))
    assert "Afbryd samtalen og tilkald vagten." in old.text
    pdf = client.get(reverse("prevention:guideline_pdf", args=[unit.pk, "retningslinje"]))
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Ny tekst om håndtering." in text and "MED 2026-11" in text
    below = client.get(reverse("prevention:guideline", args=[tree["below"].pk, "retningslinje"]))
    assert "Ny tekst om håndtering." in below.text, "a unit below follows it until it has its own"

    client.force_login(outsider)
    assert (
        client.get(reverse("prevention:guideline", args=[unit.pk, "retningslinje"])).status_code
        == 404
    )


def test_social_media_guidance_uses_its_own_sections(client, tree, manager):
    client.force_login(manager)
    new = reverse("prevention:guideline_new", args=[tree["own"].pk, "sociale-medier"])
    assert "Venneanmodninger fra borgere" in client.get(new).text
    client.post(new, guideline_data(section_friend_requests="Vi siger nej tak."))
    assert LocalGuideline.objects.get().sections["friend_requests"] == "Vi siger nej tak."


def test_the_next_discussion_is_reminded_once_two_weeks_ahead(tree, manager, safety_rep):
    approved_on = timezone.localdate() - timedelta(days=30)
    services.publish_guideline(
        unit=tree["own"],
        kind="guideline",
        by=manager,
        sections={"handling": "Tilkald vagten."},
        approved_on=approved_on,
        minutes_reference="MED",
        discuss_every_months=2,
    )
    about = Notification.objects.filter(title__contains="drøftes i MED")
    run_sweep()
    assert not about.exists()
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        run_sweep()
        run_sweep()
    assert {n.recipient for n in about} == {manager, safety_rep}
    assert about.count() == 2


def test_the_crisis_plan_names_the_people_and_numbers_from_roles_and_contacts(
    client, tree, manager, safety_rep, employee
):
    client.force_login(employee)
    page = client.get(reverse("prevention:crisis_plan", args=[tree["own"].pk]))
    assert (
        "Lars Bøgh" in page.text and "tel:28880901" in page.text and "Falck Healthcare" in page.text
    )
    assert (
        client.get(reverse("prevention:crisis_plan_edit", args=[tree["own"].pk])).status_code == 403
    )

    client.force_login(safety_rep)
    edit = reverse("prevention:crisis_plan_edit", args=[tree["own"].pk])
    data = {"steps-TOTAL_FORMS": 3, "steps-INITIAL_FORMS": 3}
    refused = client.post(edit, {**data, "steps-0-action": "Ring til lederen"})
    assert "Sig, hvem der gør det." in refused.text
    client.post(
        edit,
        {
            **data,
            "steps-0-action": "Ring til lederen",
            "steps-0-responsible": "manager",
            "steps-1-action": "Tilkald vagten",
            "steps-1-responsible": "site_guard",
        },
    )
    assert list(tree["own"].crisis_steps.values_list("action", flat=True)) == [
        "Ring til lederen",
        "Tilkald vagten",
    ]
    page = client.get(reverse("prevention:crisis_plan", args=[tree["own"].pk]))
    assert "Ring til lederen" in page.text and "Lars Bøgh" in page.text


def test_the_manager_sees_who_lacks_the_course_the_units_risk_level_requires(
    client, tree, manager, employee, safety_rep
):
    unit = tree["own"]
    unit.risk_level = "medium"
    unit.save()
    colleague = person(unit, Role.EMPLOYEE, name="Bo Ærenfeldt", email="bo@ishoj.example")
    client.force_login(manager)
    new = reverse("prevention:course_session_new")
    high = Course.objects.get(risk_level="high")
    refused = client.post(
        new,
        {"course": high.pk, "unit": unit.pk, "place": "Lokale 2", "participants": [employee.pk]},
    )
    assert "Et kursus skal have en dato." in refused.text and 'value="Lokale 2"' in refused.text
    client.post(
        new,
        {
            "course": high.pk,
            "unit": unit.pk,
            "held_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "participants": [employee.pk],
        },
    )
    session = CourseSession.objects.get()
    assert list(session.participants.all()) == [employee]
    page = client.get(reverse("prevention:training"))
    lacking = page.text.split("Hvem mangler")[1].split("Kurser afholdt")[0]
    assert "Bo Ærenfeldt" in lacking and "Aisha Khan" in lacking
    assert "Maja Nørgaard" not in lacking, "a course for a higher level counts"
    assert "Konflikthåndtering, middel risikoniveau" in lacking
    client.force_login(colleague)
    assert client.get(reverse("prevention:training")).status_code == 404


def test_a_new_temp_gets_an_onboarding_checklist_and_the_manager_is_told(
    client, tree, manager, outsider
):
    permanent = person(tree["own"], name="Fast Ansat", email="fast@ishoj.example")
    assert not OnboardingChecklist.objects.filter(person=permanent).exists()
    temp = person(
        tree["own"],
        name="Vera Vikar",
        email="vera@ishoj.example",
        employment_type=EmploymentType.TEMP,
    )
    checklist = OnboardingChecklist.objects.get(person=temp)
    assert checklist.due_on == workdays.on_or_after(timezone.localdate() + timedelta(days=14))
    assert checklist.items.count() == 7
    assert Notification.objects.filter(recipient=manager, title__contains="Vera Vikar").exists()

    client.force_login(temp)
    own = client.get(checklist.get_absolute_url())
    assert "Gennemgå enhedens lokale retningslinje" in own.text
    assert client.post(checklist.get_absolute_url(), {"done": []}).status_code == 403
    assert "Din introduktion" in client.get(reverse("prevention:overview")).text

    client.force_login(manager)
    items = list(checklist.items.values_list("pk", flat=True))
    client.post(checklist.get_absolute_url(), {"done": items[:2]})
    assert checklist.items.filter(done_at__isnull=False).count() == 2
    client.post(checklist.get_absolute_url(), {"done": items})
    checklist.refresh_from_db()
    assert checklist.completed_at is not None

    client.force_login(outsider)
    assert client.get(checklist.get_absolute_url()).status_code == 404


def test_an_employee_reads_the_guideline_and_crisis_plan_but_not_the_risk_assessment(
    client, tree, employee, manager, safety_rep
):
    services.save_risk_assessment(
        unit=tree["own"],
        by=manager,
        answers=[],
        assessed_on=timezone.localdate(),
        risk_level="low",
        reasons="Få episoder.",
    )
    assessment = RiskAssessment.objects.get()
    client.force_login(employee)
    page = client.get(reverse("prevention:unit", args=[tree["own"].pk]))
    assert "Kriseplan" in page.text and assessment.get_absolute_url() not in page.text
    assert "Lav en ny risikovurdering" not in page.text
    assert client.get(assessment.get_absolute_url()).status_code == 404


def test_the_points_come_from_the_server_whatever_the_form_says(client, tree, manager):
    client.force_login(manager)
    new = reverse("prevention:risk_assessment_new", args=[tree["own"].pk])
    count = len(services.checkpoints())
    for total in (0, count - 1, count + 2):
        response = client.post(new, assessment_data(manager, **{"points-TOTAL_FORMS": total}))
        assert response.status_code == 200, total
    assert not RiskAssessment.objects.exists()
    client.post(new, assessment_data(manager, **{"points-0-point": "Noget andet"}))
    answers = RiskAssessment.objects.get().answers.all()
    assert [str(a) for a in answers] == [str(c) for c in services.checkpoints()]
    assert [a.code for a in answers] == [c.code for c in services.checkpoints()]


def test_without_points_to_assess_nothing_is_saved(client, tree, manager):
    from tryghed.prevention.models import RiskCheckpoint

    RiskCheckpoint.objects.update(is_active=False)
    client.force_login(manager)
    response = client.post(
        reverse("prevention:risk_assessment_new", args=[tree["own"].pk]),
        {
            "assessed_on": timezone.localdate().isoformat(),
            "risk_level": "low",
            "reasons": "Ingen.",
            "points-TOTAL_FORMS": 0,
            "points-INITIAL_FORMS": 0,
        },
    )
    assert "Der er ingen punkter at vurdere." in response.text
    assert not RiskAssessment.objects.exists()


def test_one_person_cannot_give_both_signatures(client, tree, safety_rep, manager):
    both = person(tree["center"], Role.MANAGER, name="Begge Roller", email="begge@ishoj.example")
    from tryghed.organizations.models import Membership

    Membership.objects.create(user=both, unit=tree["own"], role=Role.SAFETY_REP)
    client.force_login(both)
    client.post(
        reverse("prevention:risk_assessment_new", args=[tree["own"].pk]), assessment_data(both)
    )
    assessment = RiskAssessment.objects.get()
    sign = reverse("prevention:sign_risk_assessment", args=[assessment.pk])
    page = client.get(assessment.get_absolute_url()).text
    assert "Underskriv som leder" in page and "Underskriv som AMR" in page, "either, not both"
    client.post(sign, {"role": "safety_rep"})
    page = client.get(assessment.get_absolute_url()).text
    assert "Underskriv som leder" not in page and "Underskriv som AMR" not in page
    response = client.post(sign, {"role": "manager"}, follow=True)
    assert "en anden skriver under her" in response.text
    assessment.refresh_from_db()
    assert not assessment.is_complete and assessment.manager_signed_by is None


def test_a_unit_without_a_safety_rep_completes_on_the_managers_signature(client, tree):
    boss = person(tree["school"], Role.MANAGER, name="Skole Leder", email="leder@skole.example")
    client.force_login(boss)
    client.post(
        reverse("prevention:risk_assessment_new", args=[tree["school"].pk]),
        assessment_data(boss),
    )
    assessment = RiskAssessment.objects.get()
    assert "ingen AMR" in client.get(assessment.get_absolute_url()).text
    client.post(
        reverse("prevention:sign_risk_assessment", args=[assessment.pk]), {"role": "manager"}
    )
    assessment.refresh_from_db()
    assert assessment.is_complete


def test_the_revision_task_keeps_its_deadline_when_the_report_changes(
    client, tree, employee, manager
):
    from tryghed.followup import services as followup

    incident = make_incident(employee, tree["own"])
    followup.evaluate(
        task=incident.tasks.get(kind="evaluation"),
        by=manager,
        measures=[],
        no_measures_reason="Se risikovurderingen.",
        showed_gap=True,
    )
    task = incident.tasks.get(kind=TaskKind.REVISE_RISK)
    due = task.due_at
    assert Notification.objects.filter(recipient=manager, title__contains="Revidér").exists()
    incident.occurred_at -= timedelta(days=20)
    incident.save()
    followup.refresh_case(incident, ["occurred_at"])
    task.refresh_from_db()
    assert task.due_at == due
    assert AuditEvent.objects.filter(action=Action.REVISION_REQUESTED).count() == 1


def test_a_planned_course_does_not_count_until_its_day(tree, employee):
    unit = tree["own"]
    unit.risk_level = "high"
    unit.save()
    courses = list(Course.objects.all())
    for level, days in (("low", -30), ("high", 30)):
        session = CourseSession.objects.create(
            course=Course.objects.get(risk_level=level),
            unit=unit,
            held_on=timezone.localdate() + timedelta(days=days),
            created_by=employee,
        )
        session.participants.add(employee)
    [(_unit, course, people)] = services.lacking_course([unit], courses)
    assert course.risk_level == "high" and employee in people
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        [(_unit, _course, people)] = services.lacking_course([unit], courses)
    assert employee not in people


def test_a_tampered_checklist_form_is_answered_calmly(client, tree, manager):
    temp = person(
        tree["own"],
        name="Vera Vikar",
        email="vera@ishoj.example",
        employment_type=EmploymentType.TEMP,
    )
    other = person(
        tree["below"],
        name="Ib Elev",
        email="ib@ishoj.example",
        employment_type=EmploymentType.APPRENTICE,
    )
    checklist = OnboardingChecklist.objects.get(person=temp)
    foreign = OnboardingChecklist.objects.get(person=other).items.first()
    client.force_login(manager)
    response = client.post(checklist.get_absolute_url(), {"done": ["²", "x", str(foreign.pk)]})
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.done_at is None and not checklist.items.filter(done_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action=Action.ONBOARDING_TICKED).exists()


def test_executives_and_hr_follow_every_units_prevention_but_change_none(
    client, tree, employee, manager, executive, hr
):
    incident = make_incident(employee, tree["own"])
    Measure.objects.create(
        unit=tree["own"],
        incident=incident,
        title="Fortroligt tiltag fra en sag",
        owner=manager,
        due_on=timezone.localdate(),
        source=MeasureSource.EVALUATION,
        created_by=manager,
    )
    for who in (executive, hr):
        client.force_login(who)
        page = client.get(reverse("prevention:unit", args=[tree["own"].pk]))
        assert page.status_code == 200 and "Fortroligt tiltag" not in page.text
        new = reverse("prevention:risk_assessment_new", args=[tree["own"].pk])
        assert client.get(new).status_code == 403
        assert "Kløverengen" in client.get(reverse("prevention:overview")).text


def test_the_overview_costs_the_same_queries_for_many_units(
    client, tree, manager, executive, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    for i in range(30):
        UnitFactory(name=f"Afdeling {i}", code=f"afd-{i}", parent=tree["own"])
    services.publish_guideline(
        unit=tree["own"],
        kind="guideline",
        by=manager,
        sections={"handling": "Tilkald vagten."},
        approved_on=timezone.localdate(),
        minutes_reference="MED",
        discuss_every_months=6,
    )
    client.force_login(executive)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("prevention:overview"))
    assert page.text.count("Næste drøftelse") >= 31, "units below follow Kløverengen's guideline"


@time_machine.travel(datetime(2026, 11, 25, 12, tzinfo=ZoneInfo("Europe/Copenhagen")))
def test_the_last_12_months_are_the_overviews_from_the_first_of_a_month(tree, employee):
    """The risk assessment's figures and the overview's 'last 12 months' give the same count:
    1 December to today, not 365 days back."""
    copenhagen = ZoneInfo("Europe/Copenhagen")
    make_incident(employee, tree["own"], occurred_at=datetime(2025, 12, 1, 12, tzinfo=copenhagen))
    make_incident(employee, tree["own"], occurred_at=datetime(2025, 11, 28, 12, tzinfo=copenhagen))
    assert services.figures(tree["own"])["total"] == 1
