"""Demo prevention for Ishøj: risk assessments with their measures, local guidelines in
versions, a crisis plan, courses held, and the onboarding of the people who joined long ago
already done. Made through the same services as the pages."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from tryghed.accounts.models import User
from tryghed.notifications.models import Notification
from tryghed.organizations import directory
from tryghed.organizations.models import Unit
from tryghed.organizations.roles import Role
from tryghed.prevention import services
from tryghed.prevention.defaults import seed_defaults
from tryghed.prevention.models import (
    Answer,
    Course,
    CourseSession,
    GuidelineKind,
    OnboardingChecklist,
    RiskAssessment,
)

NEEDS_ACTION = {
    "Skærme eller skranker adskiller, hvor det er nødvendigt": (
        "Højere skranke ved skrankerne 3 og 4",
        60,
    ),
    "Alarmer virker, er testet og er inden for rækkevidde": (
        "Test overfaldsalarmerne hver måned og skriv det i loggen",
        -20,
    ),
}

BORGERSERVICE_GUIDELINE = {
    "identification": (
        "De fleste episoder sker ved skranken og i telefonen, når en borger får afslag eller "
        "må vente længe. Eftermiddage før weekenden er mest udsatte."
    ),
    "prevention": (
        "Vi forklarer afgørelser roligt og konkret, holder ventetiden nede og tilbyder et "
        "opfølgende møde. Svære møder holdes i mødelokalet ved vagten, med to medarbejdere."
    ),
    "handling": (
        "Afbryd sagsbehandlingen, træk dig, og tilkald vagten med overfaldsknappen eller "
        "telefonen. Ring 112, hvis nogen er i fare. Kolleger gør sig synlige."
    ),
    "crisis_plan": "Se enhedens kriseplan i Tryghed.",
    "who_to_call": "Rådhusets vagt, lederen, og ved fare 112.",
    "manager": (
        "Lederen får besked med det samme via Tryghed og ringes op ved fysisk vold eller "
        "alvorlige trusler."
    ),
    "local_risks": "Den smalle gang bag skrankerne er eneste vej ud fra kontorerne 3 og 4.",
}

SOCIAL_MEDIA_GUIDANCE = {
    "rules": "Vi svarer kun borgere fra kommunens officielle profiler, aldrig fra private.",
    "friend_requests": "Vi takker nej til venneanmodninger fra borgere, vi har sager med.",
    "definition": (
        "Chikane er opslag, beskeder eller billeder om en medarbejder, som krænker, truer "
        "eller udstiller, også når de deles af andre."
    ),
    "documentation": "Tag skærmbillede med dato og adresse, og læg det på sagen i Tryghed.",
    "harassers": "Primært borgere med en aktuel sag; sjældnere grupper, der deler opslag.",
    "handling": "Lederen beslutter inden for et døgn, om opslag skal fjernes eller anmeldes.",
}


def create_demo_prevention(today):
    units = {unit.code: unit for unit in Unit.objects.all()}
    _finish_old_onboarding(today)
    seed_defaults()
    _risk_assessment(units["borgerservice"], today - timedelta(days=300), NEEDS_ACTION, today)
    _risk_assessment(units["kloeverengen"], today - timedelta(days=420), {}, today)
    borgerservice = units["borgerservice"]
    manager = directory.managers_of(borgerservice)[0]
    for days_ago, version_note in ((500, "Første version."), (120, "")):
        sections = dict(BORGERSERVICE_GUIDELINE)
        if version_note:
            sections["local_risks"] = version_note
        services.publish_guideline(
            unit=borgerservice,
            kind=GuidelineKind.GUIDELINE,
            by=manager,
            sections=sections,
            approved_on=today - timedelta(days=days_ago),
            minutes_reference=f"MED-referat {(today - timedelta(days=days_ago)):%Y-%m}",
            discuss_every_months=6,
        )
    services.publish_guideline(
        unit=borgerservice,
        kind=GuidelineKind.SOCIAL_MEDIA,
        by=manager,
        sections=SOCIAL_MEDIA_GUIDANCE,
        approved_on=today - timedelta(days=200),
        minutes_reference=f"MED-referat {(today - timedelta(days=200)):%Y-%m}",
        discuss_every_months=12,
    )
    _courses(borgerservice, manager, today)


def _finish_old_onboarding(today):
    """People who joined long before the demo's day went through their onboarding then."""
    old = OnboardingChecklist.objects.filter(person__started_on__lt=today - timedelta(days=30))
    for checklist in old.select_related("person"):
        done = _at(checklist.person.started_on + timedelta(days=7))
        checklist.items.update(done_at=done)
        checklist.due_on = checklist.person.started_on + timedelta(days=14)
        checklist.completed_at = done
        checklist.save(update_fields=["due_on", "completed_at"])
    # Their managers were told back then, not today: no fresh message about a long-done onboarding.
    links = [reverse("prevention:onboarding", args=[pk]) for pk in old.values_list("pk", flat=True)]
    Notification.objects.filter(url__in=links).delete()


def _risk_assessment(unit, on, needs_action, today):
    managers = directory.managers_of(unit)
    safety_reps = directory.safety_reps_of(unit)
    if not managers or not safety_reps:
        return
    manager, safety_rep = managers[0], safety_reps[0]
    answers = []
    for checkpoint in services.checkpoints():
        row = {"cornerstone": checkpoint.cornerstone, "code": checkpoint.code, "point": ""}
        if str(checkpoint.label) in needs_action:
            title, due_in_days = needs_action[str(checkpoint.label)]
            row.update(
                answer=Answer.NEEDS_ACTION,
                measure_title=title,
                measure_owner=manager,
                measure_due_on=today + timedelta(days=due_in_days),
            )
        else:
            row["answer"] = Answer.FINE
        answers.append(row)
    assessment = services.save_risk_assessment(
        unit=unit,
        by=safety_rep,
        answers=answers,
        assessed_on=on,
        risk_level="high",
        reasons="Daglig kontakt med borgere i svære situationer; flere episoder med trusler.",
    )
    services.sign_risk_assessment(assessment=assessment, by=safety_rep, role=Role.SAFETY_REP)
    services.sign_risk_assessment(assessment=assessment, by=manager, role=Role.MANAGER)
    signed = _at(on)
    RiskAssessment.objects.filter(pk=assessment.pk).update(
        created_at=signed,
        manager_signed_at=signed,
        safety_rep_signed_at=signed,
        completed_at=signed,
    )


def _courses(unit, manager, today):
    course = Course.objects.filter(risk_level="high").first()
    people = list(User.objects.filter(memberships__unit=unit).distinct().order_by("pk"))
    session = CourseSession(
        course=course, unit=unit, held_on=today - timedelta(days=200), place="Rådhuset, lokale 1"
    )
    services.register_course(session=session, by=manager, participants=people[: len(people) // 2])


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))
