"""The guideline's prevention as data: the points of a risk assessment on the four
cornerstones, the onboarding checklist and the courses by risk level (by code: their words are
Tryghed's wording in wording.py, translated when shown), the default crisis plan and the
structure of a local guideline. The migration that seeds a new database keeps a frozen copy of
the coded rows (migrations/0001_initial.py); this live copy seeds the demo and the tests, and a
test keeps the two the same. Seeding is idempotent."""

from django.utils.translation import gettext_lazy as _

from tryghed.prevention.models import Course, OnboardingStep, RiskCheckpoint

# cornerstone, code
CHECKPOINTS = [
    ("competencies", "trained"),
    ("competencies", "warning_signs"),
    ("competencies", "conflict_skills"),
    ("competencies", "guideline_known"),
    ("communication", "deescalating_language"),
    ("communication", "decisions_explained"),
    ("layout", "loose_objects"),
    ("layout", "screens"),
    ("layout", "no_private_photos"),
    ("layout", "wide_tables"),
    ("layout", "escape_route"),
    ("layout", "alarms_work"),
    ("layout", "light_and_space"),
    ("organization", "short_waits"),
    ("organization", "friendly_reception"),
    ("organization", "clear_information"),
    ("organization", "fixed_contact"),
    ("organization", "bad_chemistry"),
    ("organization", "two_present"),
    ("organization", "no_pressure"),
]

ONBOARDING_STEPS = [
    "guideline",
    "reporting",
    "frustrations",
    "local_risks",
    "fitting_tasks",
    "training_plan",
    "own_guidance",
]
ONBOARDING_DAYS = 14

# code, risk level
COURSES = [
    ("conflict_high", "high"),
    ("conflict_medium", "medium"),
    ("conflict_low", "low"),
]

# position, action, responsible
CRISIS_STEPS = [
    ("Ring 112, hvis nogen er i fare eller kommet til skade", "emergency"),
    ("Tilkald vagten", "site_guard"),
    ("Bliv hos den ramte, og lad ikke nogen være alene", "colleagues"),
    ("Tag sig af den ramte og sørg for, at hun eller han kommer hjem", "manager"),
    ("Tilbyd psykologisk rådgivning til den ramte og til vidner", "counselling"),
    ("Informer arbejdsmiljørepræsentanten", "manager"),
    ("Informer centerchefen ved alvorlige episoder", "manager"),
    ("Informer kollegerne om, hvad der er sket, og hvad der gøres", "manager"),
    ("Vurder behov for ekstra vagt de næste dage", "security"),
]

# Sections of a local guideline, by kind: key and heading (the template follows the
# municipality's guide to writing a local guideline).
SECTIONS = {
    "guideline": [
        ("identification", _("Identification: where, when and how episodes can happen here")),
        ("prevention", _("Prevention: what we do so they do not happen")),
        ("handling", _("Handling: what we do during an episode")),
        ("crisis_plan", _("Crisis plan: what we do the day it has happened")),
        ("who_to_call", _("Who to call")),
        ("manager", _("When and how the manager is told or called in")),
        ("local_risks", _("Local risk factors")),
    ],
    "social_media": [
        ("rules", _("Our rules for using social media at work")),
        ("friend_requests", _("Friend requests from citizens")),
        ("definition", _("What we count as harassment")),
        ("documentation", _("How harassment is documented")),
        ("harassers", _("The kinds of harassers relevant to us")),
        ("handling", _("How we handle it")),
    ],
}


def seed_defaults():
    """Create the checkpoints, onboarding points and courses once."""
    if not RiskCheckpoint.objects.exists():
        RiskCheckpoint.objects.bulk_create(
            RiskCheckpoint(cornerstone=stone, code=code, position=i)
            for i, (stone, code) in enumerate(CHECKPOINTS, start=1)
        )
    if not OnboardingStep.objects.exists():
        OnboardingStep.objects.bulk_create(
            OnboardingStep(code=code, position=i)
            for i, code in enumerate(ONBOARDING_STEPS, start=1)
        )
    if not Course.objects.exists():
        Course.objects.bulk_create(Course(code=c, risk_level=level) for c, level in COURSES)
