"""Demo data: Ishøj Kommune with a realistic tree, its contacts from the guideline, and about
sixty made-up people across every role and employment type. Used by `tryghed demo` and the tests.
Demo passwords are set only when the demo runs (settings.DEMO); elsewhere nobody can log in
with them."""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tryghed.accounts.models import EmploymentType, User
from tryghed.demo import alarms as alarms_demo
from tryghed.demo.incidents import COUNT as DEMO_INCIDENTS
from tryghed.demo.incidents import create_demo_incidents
from tryghed.demo.prevention import create_demo_prevention
from tryghed.guidance.defaults import seed_points
from tryghed.organizations.models import (
    Contact,
    ContactKind,
    Membership,
    Municipality,
    RiskLevel,
    Unit,
    UnitKind,
)
from tryghed.organizations.roles import Role

DEMO_PASSWORD = "demo"
DEMO_DOMAIN = "demo.ishoj.dk"

# code, name, kind, parent code, risk level
UNITS = [
    ("ishoej", "Ishøj Kommune", UnitKind.MUNICIPALITY, None, RiskLevel.MEDIUM),
    ("raadhuset", "Rådhuset", UnitKind.SITE, "ishoej", RiskLevel.MEDIUM),
    ("borgerservice", "Borgerservice", UnitKind.DEPARTMENT, "raadhuset", RiskLevel.HIGH),
    ("jobcenter", "Jobcenter Ishøj", UnitKind.CENTER, "raadhuset", RiskLevel.MEDIUM),
    ("jobcenter-ydelse", "Ydelsesafdelingen", UnitKind.DEPARTMENT, "jobcenter", RiskLevel.MEDIUM),
    ("cls", "Center for Ledelse og Strategi", UnitKind.STAFF, "raadhuset", RiskLevel.LOW),
    ("it", "IT og Digitalisering", UnitKind.DEPARTMENT, "cls", RiskLevel.LOW),
    ("sundhed-omsorg", "Center for Sundhed og Omsorg", UnitKind.CENTER, "ishoej", RiskLevel.MEDIUM),
    ("kloeverengen", "Plejecenter Kløverengen", UnitKind.SITE, "sundhed-omsorg", RiskLevel.HIGH),
    (
        "kloeverengen-a",
        "Kløverengen, afsnit Æblehaven",
        UnitKind.DEPARTMENT,
        "kloeverengen",
        RiskLevel.HIGH,
    ),
    (
        "kloeverengen-b",
        "Kløverengen, afsnit Søbredden",
        UnitKind.DEPARTMENT,
        "kloeverengen",
        RiskLevel.HIGH,
    ),
    ("boern-laering", "Center for Børn og Læring", UnitKind.CENTER, "ishoej", RiskLevel.MEDIUM),
    ("strandgaard", "Strandgårdskolen", UnitKind.SITE, "boern-laering", RiskLevel.MEDIUM),
    ("solsikken", "Børnehuset Solsikken", UnitKind.SITE, "boern-laering", RiskLevel.LOW),
    ("ejendomme", "Center for Ejendomme og Byggesager", UnitKind.CENTER, "ishoej", RiskLevel.LOW),
    ("forsikring", "Forsikring & Risikostyring", UnitKind.DEPARTMENT, "ejendomme", RiskLevel.LOW),
]


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    name: str
    job_title: str
    memberships: tuple
    employment_type: str = EmploymentType.PERMANENT


def _email(local):
    return f"{local}@{DEMO_DOMAIN}"


# Danish writes æ, ø and å as ae, oe and aa where only a-z will do, as in an e-mail address.
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})


def _local_part(name):
    """The part of an e-mail address before the @ for a name: "Bjørn Bæk" is bjoern.baek."""
    spelled = name.lower().replace(" ", ".").translate(_ASCII)
    return unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()


# One login per role, and one for each title the tree gives (center head, executives, HR).
DEMO_LOGINS = [
    DemoLogin(
        "Medarbejder",
        _email("medarbejder"),
        "Maja Nørgaard",
        "Borgerservicemedarbejder",
        (("borgerservice", Role.EMPLOYEE),),
    ),
    DemoLogin(
        "Vikar",
        _email("vikar"),
        "Emil Løvgren",
        "Kundevejleder",
        (("borgerservice", Role.EMPLOYEE),),
        EmploymentType.TEMP,
    ),
    DemoLogin(
        "Social- og sundhedshjælper",
        _email("sosu"),
        "Ayşe Demir",
        "Social- og sundhedshjælper",
        (("kloeverengen-a", Role.EMPLOYEE),),
    ),
    DemoLogin(
        "Leder",
        _email("leder"),
        "Lars Bøgh Hansen",
        "Afdelingsleder",
        (("borgerservice", Role.MANAGER),),
    ),
    DemoLogin(
        "AMR",
        _email("amr"),
        "Aisha Khan",
        "Borgerservicemedarbejder",
        (("borgerservice", Role.EMPLOYEE), ("borgerservice", Role.SAFETY_REP)),
    ),
    DemoLogin(
        "TR",
        _email("tr"),
        "Peter Sørensen",
        "Borgerservicemedarbejder",
        (("borgerservice", Role.EMPLOYEE), ("borgerservice", Role.UNION_REP)),
    ),
    DemoLogin(
        "Arbejdsmiljøkonsulent",
        _email("konsulent"),
        "Mette Jørgensen",
        "Arbejdsmiljøkonsulent",
        (("sundhed-omsorg", Role.ADVISOR),),
    ),
    DemoLogin(
        "Centerchef",
        _email("centerchef"),
        "Hanne Østergaard",
        "Centerchef",
        (("sundhed-omsorg", Role.MANAGER),),
    ),
    DemoLogin(
        "Direktion",
        _email("direktion"),
        "Jens Kristensen",
        "Kommunaldirektør",
        (("ishoej", Role.MANAGER),),
    ),
    DemoLogin(
        "HR",
        _email("hr"),
        "Louise Andersen",
        "HR-konsulent",
        (("cls", Role.EMPLOYEE), ("ishoej", Role.ADVISOR)),
    ),
    DemoLogin(
        "Centervagt",
        _email("centervagt"),
        "Kim Vestergaard",
        "Centervagt, Rådhuset",
        (("ejendomme", Role.EMPLOYEE),),
    ),
    DemoLogin(
        "Sikkerhed",
        _email("sikkerhed"),
        "Bo Hjorth",
        "Risikokonsulent, Forsikring & Risikostyring",
        (("forsikring", Role.EMPLOYEE),),
    ),
    DemoLogin(
        "IT",
        _email("it"),
        "Nikolaj Frost",
        "IT-supporter",
        (("it", Role.EMPLOYEE),),
    ),
    DemoLogin(
        "Administrator",
        _email("admin"),
        "Søren Å. Madsen",
        "Systemadministrator",
        (("cls", Role.EMPLOYEE), ("ishoej", Role.ADMIN)),
    ),
]

CONTACTS = [
    (ContactKind.SITE_GUARD, "Centervagten", {"phone": "28 88 09 01"}),
    (ContactKind.EMERGENCY, "Politi og ambulance", {"phone": "112"}),
    (
        ContactKind.COUNSELLING,
        "Falck Healthcare",
        {
            "phone": "70 10 20 12",
            "description": "Samtale med en psykolog om det, der er sket på arbejdet. Anonymt "
            "og hele døgnet.",
        },
    ),
    (ContactKind.POLICE_REPORT, "Kommunaldirektørens sekretær", {"email": "skr@ishoj.dk"}),
    (
        ContactKind.POLICE_REPORT_ALTERNATE,
        "Kommunaldirektørens sekretær (stedfortræder)",
        {"email": "bjc@ishoj.dk"},
    ),
    (
        ContactKind.WORK_INJURY_SYSTEM,
        "InsuBiz",
        {
            "url": "https://insubiz.ishoj.example/",
            "description": "Husk også skemaet om krænkende hændelser.",
        },
    ),
    (
        ContactKind.DATA_PROTECTION_OFFICER,
        "Databeskyttelsesrådgiveren (pladsholder i demoen)",
        {
            "email": "dpo@ishoj.example",
            "description": "Demodata: kommunen lægger sin rigtige kontakt ind her.",
        },
    ),
    # The guideline names these contacts without a number or an address; the demo's addresses
    # are made up, on the reserved domain .example, so none of them reaches a real mailbox.
    (
        ContactKind.SECURITY,
        "Center for Ejendomme og Byggesager, Forsikring & Risikostyring",
        {
            "email": "forsikring@ishoj.example",
            "description": "Ekstra sikring og opnormering af centervagten.",
        },
    ),
    (
        ContactKind.SUPERVISION_INTERNAL,
        "Intern supervisor, Center for Ledelse og Strategi (pladsholder i demoen)",
        {
            "email": "supervision@ishoj.example",
            "description": "Demodata: kommunen lægger sin rigtige kontakt ind her.",
        },
    ),
    (
        ContactKind.SUPERVISION_EXTERNAL,
        "Ekstern supervisor (pladsholder i demoen)",
        {
            "phone": "70 00 00 00",
            "description": "Demodata: kommunen lægger sin rigtige kontakt ind her.",
        },
    ),
    (
        ContactKind.SURVEY_SYSTEM,
        "Kommunens system til APV og trivselsmålinger (pladsholder i demoen)",
        {
            "url": "https://apv.ishoj.example/",
            "description": "Demodata: kommunen lægger sit rigtige system ind her.",
        },
    ),
    (
        ContactKind.WORK_INJURY_HELP,
        "Center for Ejendomme og Byggesager",
        {
            "email": "arbejdsskade@ishoj.example",
            "description": "Spørgsmål om anmeldelse i InsuBiz.",
        },
    ),
    (
        ContactKind.COMPETENCE,
        "Center for Ledelse og Strategi/HR",
        {
            "email": "hr@ishoj.example",
            "description": "Hvilken kompetenceudvikling og hvilke konfliktkurser I har brug for.",
        },
    ),
    (
        ContactKind.IT,
        "IT-support",
        {
            "email": "it-support@ishoj.example",
            "description": "Blokerer borgere på kommunens sociale medier.",
        },
    ),
    (
        ContactKind.OCCUPATIONAL_HEALTH,
        "Arbejdsmiljøcentret",
        {
            "email": "ishoej@arbejdsmiljoecentret.example",
            "description": "Arbejdsmiljørådgivning, fx om den lokale retningslinje.",
        },
    ),
    (
        ContactKind.UNION,
        "Fællestillidsrepræsentanterne",
        {
            "email": "ftr@ishoj.example",
            "description": "De faglige organisationers kontakt i kommunen.",
        },
    ),
]

FIRST_NAMES = [
    "Anne",
    "Mads",
    "Sofie",
    "Frederik",
    "Ida",
    "Mikkel",
    "Freja",
    "Rasmus",
    "Ayşe",
    "Jonas",
    "Camilla",
    "Mohammed",
    "Line",
    "Kasper",
    "Signe",
    "Ahmad",
    "Julie",
    "Nikolaj",
    "Fatima",
    "Søren",
    "Birgitte",
    "Thomas",
    "Zainab",
    "Jørgen",
    "Nanna",
    "Ole",
    "Pernille",
    "Bjørn",
]
LAST_NAMES = [
    "Jensen",
    "Nielsen",
    "Pedersen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Yilmaz",
    "Hussein",
    "Kjær",
    "Lund",
    "Holm",
    "Schmidt",
    "Østergaard",
    "Bæk",
]
# unit code -> (how many staff, job titles to draw from)
STAFF = {
    "borgerservice": (8, ["Borgerservicemedarbejder", "Kundevejleder"]),
    "jobcenter-ydelse": (6, ["Sagsbehandler", "Jobkonsulent"]),
    "cls": (3, ["HR-konsulent", "Lønkonsulent"]),
    "kloeverengen-a": (9, ["Social- og sundhedsassistent", "Social- og sundhedshjælper"]),
    "kloeverengen-b": (8, ["Social- og sundhedsassistent", "Sygeplejerske"]),
    "strandgaard": (7, ["Lærer", "Pædagog", "Skolesekretær"]),
    "solsikken": (5, ["Pædagog", "Pædagogmedhjælper"]),
    "forsikring": (2, ["Forsikringskonsulent"]),
}
# unit code -> manager's and safety rep's names, for the units the demo logins do not cover
LEADERS = {
    "jobcenter": ("Kirsten Holm", None),
    "jobcenter-ydelse": ("Brian Lykke", "Gitte Rask"),
    "cls": ("Henrik Aagaard", None),
    "kloeverengen": ("Dorthe Bech", "Tina Skov"),
    "kloeverengen-a": ("Yasmin Ali", None),
    "kloeverengen-b": ("Carsten Friis", "Lone Dahl"),
    "boern-laering": ("Anders Winther", None),
    "strandgaard": ("Marianne Krogh", "Ulrik Brandt"),
    "solsikken": ("Rikke Haugaard", "Sara Mørk"),
    "ejendomme": ("Poul Ebbesen", None),
    "forsikring": ("Vibeke Lind", None),
}


@dataclass(frozen=True)
class CaseLogin:
    label: str
    email: str
    name: str


# The people an episode in Kløverengen goes to beyond the one login per role: the case flows
# (the social and health helper's episode, its follow-up, evaluation and risk assessment) need
# them at the login page too.
CASE_LOGINS = [
    CaseLogin(label, _email(_local_part(name)), name)
    for label, name in (
        ("Leder, Plejecenter Kløverengen", LEADERS["kloeverengen"][0]),
        ("AMR, Plejecenter Kløverengen", LEADERS["kloeverengen"][1]),
        ("Leder, afsnit Æblehaven", LEADERS["kloeverengen-a"][0]),
    )
]


def login_emails():
    """Every address the demo's one-click login accepts."""
    from tryghed.demo import vallensbaek

    return {login.email for login in DEMO_LOGINS + CASE_LOGINS + vallensbaek.LOGINS}


EMPLOYMENT_MIX = (
    [EmploymentType.PERMANENT] * 10
    + [EmploymentType.NEW_HIRE] * 2
    + [EmploymentType.TEMP, EmploymentType.APPRENTICE, EmploymentType.INTERN]
)


def has_demo_data():
    return Unit.objects.filter(code="ishoej").exists()


@transaction.atomic
def load_demo(today=None, incidents=None):
    """Create the demo municipality, with `incidents` episodes (default about 400). Returns
    the number of people created."""
    today = today or date.today()
    units = _create_units()
    _create_contacts(units)
    seed_points()
    people = [_create_login(login, units) for login in DEMO_LOGINS]
    people += _create_leaders(units)
    people += _create_staff(units, today)
    alarms_demo.load(
        guard_email=_email("centervagt"),
        usual_desks={_email("medarbejder"): ("raadhuset", "Skranke 2")},
        requested_by=_email("leder"),
        decided_by=_email("sikkerhed"),
        today=today,
    )
    create_demo_incidents(count=incidents or DEMO_INCIDENTS)
    create_demo_prevention(today)
    from tryghed.demo import vallensbaek  # it builds on this module's helpers

    return len(people) + vallensbaek.load()


def _create_units():
    units = {}
    for code, name, kind, parent, risk in UNITS:
        units[code] = Unit.objects.create(
            code=code, name=name, kind=kind, parent=units.get(parent), risk_level=risk
        )
    Municipality.objects.create(
        unit=units["ishoej"],
        police_report_signed_by="Kommunaldirektøren og borgmesteren",
        hr_unit=units["cls"],
        it_unit=units["it"],
        data_controller="Ishøj Kommune, Ishøj Store Torv 20, 2635 Ishøj",
        # `tryghed demo` serves here: the quick guide, open without login, shows Ishøj's numbers
        # there, though the demo holds a second municipality (demo/vallensbaek.py).
        hosts="127.0.0.1 localhost",
        privacy_notes=(
            "Demodata: kommunen skriver her sine egne oplysninger, fx hvordan man beder om "
            "indsigt i sine oplysninger."
        ),
    )
    return units


def _create_contacts(units):
    for kind, name, fields in CONTACTS:
        Contact.objects.create(unit=units["ishoej"], kind=kind, name=name, **fields)


@cache
def _demo_password_hash():
    """Hashed once: hashing is slow by design, and every demo person shares the password."""
    return make_password(DEMO_PASSWORD if settings.DEMO else None)


def _person(name, email, job_title, employment_type=EmploymentType.PERMANENT, started_on=None):
    return User.objects.create(
        email=email,
        password=_demo_password_hash(),
        name=name,
        job_title=job_title,
        employment_type=employment_type,
        started_on=started_on,
    )


def _create_login(login, units):
    person = _person(login.name, login.email, login.job_title, login.employment_type)
    for code, role in login.memberships:
        Membership.objects.create(user=person, unit=units[code], role=role)
    return person


def _create_leaders(units):
    people = []
    for code, (manager, safety_rep) in LEADERS.items():
        title = "Centerchef" if units[code].kind == UnitKind.CENTER else "Leder"
        person = _person(manager, _email(_local_part(manager)), title)
        Membership.objects.create(user=person, unit=units[code], role=Role.MANAGER)
        people.append(person)
        if safety_rep:
            rep = _person(safety_rep, _email(_local_part(safety_rep)), "Medarbejder og AMR")
            Membership.objects.create(user=rep, unit=units[code], role=Role.EMPLOYEE)
            Membership.objects.create(user=rep, unit=units[code], role=Role.SAFETY_REP)
            people.append(rep)
    return people


def _create_staff(units, today):
    rng = random.Random(2026)
    taken = set(User.objects.values_list("email", flat=True))
    people = []
    for code, (count, titles) in STAFF.items():
        for _ in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            email = _email(_local_part(name))
            if email in taken:
                continue
            taken.add(email)
            employment_type = rng.choice(EMPLOYMENT_MIX)
            days = (
                rng.randint(5, 60)
                if employment_type == EmploymentType.NEW_HIRE
                else rng.randint(200, 6000)
            )
            person = _person(
                name, email, rng.choice(titles), employment_type, today - timedelta(days=days)
            )
            Membership.objects.create(user=person, unit=units[code], role=Role.EMPLOYEE)
            people.append(person)
    return people
