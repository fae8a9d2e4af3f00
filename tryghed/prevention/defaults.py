"""The guideline's prevention as data: the points of a risk assessment on the four
cornerstones, the onboarding checklist, the courses by risk level, the default crisis plan and
the structure of a local guideline. Texts are Tryghed's own words; the facts are the
guideline's. Seeding is idempotent: the migration and the demo both call it."""

from django.utils.translation import gettext_lazy as _

CHECKPOINTS = [
    ("competencies", "Medarbejderne er trænet i at håndtere adfærd, der kan ende i vold"),
    ("competencies", "Medarbejderne kender advarselstegnene og reagerer på dem"),
    ("competencies", "Medarbejderne kan kommunikere og håndtere konflikter"),
    ("competencies", "Alle kender den lokale retningslinje og deres egen rolle i den"),
    ("communication", "Vi bruger et sprog, der nedtrapper, også ved afslag og krav"),
    ("communication", "Afgørelser og afslag forklares, så borgeren kan forstå dem"),
    ("layout", "Der ligger ikke løse genstande, som kan bruges til at kaste med"),
    ("layout", "Skærme eller skranker adskiller, hvor det er nødvendigt"),
    ("layout", "Der hænger ikke private billeder af medarbejderne"),
    ("layout", "Bordene i mødelokalerne er brede nok til at holde afstand"),
    ("layout", "Både medarbejder og borger har en flugtvej ud af lokalet"),
    ("layout", "Alarmer virker, er testet og er inden for rækkevidde"),
    ("layout", "Der er lys og plads nok på gange, i venteområder og mødelokaler"),
    ("organization", "Ventetiderne er korte"),
    ("organization", "Modtagelsen er venlig og imødekommende"),
    ("organization", "Borgeren får klar besked om, hvad der skal ske"),
    ("organization", "Borgeren har en fast kontaktperson"),
    ("organization", "Der tages hensyn til 'dårlig kemi' mellem borger og medarbejder"),
    ("organization", "Møder med risiko holdes med to medarbejdere til stede"),
    ("organization", "Medarbejderne er ikke pressede eller stressede i arbejdet"),
]

ONBOARDING_STEPS = [
    "Gennemgå enhedens lokale retningslinje og kriseplan",
    "Vis, hvordan en episode registreres i Tryghed, også fra telefonen",
    "Tal om situationer, der ofte frustrerer borgere: krav, afslag og ventetid",
    "Vis lokale risikofaktorer, fx smalle gange eller besværlige flugtveje",
    "Aftal opgaver, der passer til den nye persons kompetencer",
    "Læg en plan for, hvordan den nye oplæres i de opgaver, der kan give konfrontationer",
]
ONBOARDING_DAYS = 14

COURSES = [
    ("Konflikthåndtering, højt risikoniveau", "high"),
    ("Konflikthåndtering, middel risikoniveau", "medium"),
    ("Konflikthåndtering, lavt risikoniveau", "low"),
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


def seed_defaults(apps=None):
    """Create the checkpoints, onboarding points and courses once."""
    get = apps.get_model if apps else _model
    checkpoint = get("prevention", "RiskCheckpoint")
    if not checkpoint.objects.exists():
        checkpoint.objects.bulk_create(
            checkpoint(cornerstone=stone, text=text, position=i)
            for i, (stone, text) in enumerate(CHECKPOINTS, start=1)
        )
    step = get("prevention", "OnboardingStep")
    if not step.objects.exists():
        step.objects.bulk_create(
            step(text=text, position=i) for i, text in enumerate(ONBOARDING_STEPS, start=1)
        )
    course = get("prevention", "Course")
    if not course.objects.exists():
        course.objects.bulk_create(course(title=t, risk_level=level) for t, level in COURSES)


def _model(app_label, name):
    from django.apps import apps

    return apps.get_model(app_label, name)
