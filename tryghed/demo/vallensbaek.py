"""A second, small municipality beside Ishøj, to show that one deployment keeps municipalities
apart: Vallensbæk Kommune with a few units, its own numbers, one person per main role and a
couple of episodes. Its people see nothing of Ishøj's, and Ishøj's nothing of theirs."""

from datetime import timedelta

from django.utils import timezone

from tryghed.demo.seed import CaseLogin, _person
from tryghed.incidents.models import Kind, Severity
from tryghed.incidents.services import report_incident
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

DOMAIN = "demo.vallensbaek.dk"

# code, name, kind, parent code
UNITS = [
    ("vallensbaek", "Vallensbæk Kommune", UnitKind.MUNICIPALITY, None),
    ("vallensbaek-velfaerd", "Center for Velfærd", UnitKind.CENTER, "vallensbaek"),
    ("vallensbaek-egely", "Plejecentret Egely", UnitKind.SITE, "vallensbaek-velfaerd"),
    ("vallensbaek-borgerservice", "Borgerservice Vallensbæk", UnitKind.SITE, "vallensbaek"),
]

# label, local part, name, job title, unit code, role
PEOPLE = [
    (
        "Medarbejder",
        "medarbejder",
        "Vibeke Holm",
        "Social- og sundhedsassistent",
        "vallensbaek-egely",
        Role.EMPLOYEE,
    ),
    ("Leder", "leder", "Villads Krogh", "Plejecenterleder", "vallensbaek-egely", Role.MANAGER),
    ("AMR", "amr", "Vera Lund", "Social- og sundhedshjælper", "vallensbaek-egely", Role.SAFETY_REP),
    ("Centerchef", "centerchef", "Viggo Dam", "Centerchef", "vallensbaek-velfaerd", Role.MANAGER),
    ("Direktionen", "direktion", "Vita Berg", "Kommunaldirektør", "vallensbaek", Role.MANAGER),
    ("HR", "hr", "Valdemar Juhl", "HR-konsulent", "vallensbaek", Role.ADVISOR),
    ("Administrator", "admin", "Vanja Friis", "Systemadministrator", "vallensbaek", Role.ADMIN),
]

LOGINS = [CaseLogin(label, f"{local}@{DOMAIN}", name) for label, local, name, *_ in PEOPLE]

CONTACTS = [
    (ContactKind.SITE_GUARD, "Vagten på rådhuset", "43 79 99 01"),
    (ContactKind.EMERGENCY, "Politi, ambulance og brand", "112"),
    (ContactKind.COUNSELLING, "Psykologisk rådgivning (demo)", "43 79 99 02"),
]


def load():
    """Vallensbæk Kommune, after Ishøj's data (whose episodes are spread over Ishøj's units)."""
    units = {}
    for code, name, kind, parent in UNITS:
        units[code] = Unit.objects.create(
            code=code, name=name, kind=kind, parent=units.get(parent), risk_level=RiskLevel.MEDIUM
        )
    root = units["vallensbaek"]
    Municipality.objects.create(
        unit=root, police_report_signed_by="Kommunaldirektøren", hr_unit=root
    )
    for kind, name, phone in CONTACTS:
        Contact.objects.create(unit=root, kind=kind, name=name, phone=phone)
    people = {}
    for _label, local, name, title, code, role in PEOPLE:
        people[local] = _person(name, f"{local}@{DOMAIN}", title)
        Membership.objects.create(user=people[local], unit=units[code], role=role)
    _episodes(people["medarbejder"], units["vallensbaek-egely"])
    return len(people)


def _episodes(reporter, unit):
    now = timezone.now()
    for days, kind, severity, text in (
        (3, Kind.PSYCHOLOGICAL, Severity.MODERATE, "En pårørende råbte og truede i gangen."),
        (12, Kind.PHYSICAL, Severity.SERIOUS, "En beboer slog ud efter mig under morgenplejen."),
    ):
        report_incident(
            reporter=reporter,
            unit=unit,
            kind=kind,
            occurred_at=now - timedelta(days=days),
            severity=severity,
            description=text,
            notify_people=False,
        )
