"""About 400 demo episodes over the last two years, with the patterns a real register shows:
most at Kløverengen and Borgerservice, more in the afternoon and on Mondays, mostly threats and
offensive behaviour, some physical, some online; a few repeat perpetrators; a few attachments.
Everything goes through `report_incident`, as real reports do."""

import random
import struct
import zlib
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tryghed.followup.defaults import seed_templates
from tryghed.followup.models import CaseTemplate, FollowUpTask, TaskStatus, TaskTemplate
from tryghed.incidents import services
from tryghed.incidents.defaults import seed_lists
from tryghed.incidents.models import (
    Act,
    Incident,
    Kind,
    Perpetrator,
    PerpetratorCategory,
    PlaceKind,
    Trigger,
)
from tryghed.organizations.models import Membership, Unit
from tryghed.organizations.roles import Role
from tryghed.stats import summary

COUNT = 400
# unit code -> (weight, kinds with weights, usual places, who does it)
PATTERNS = {
    "kloeverengen-a": (
        22,
        {Kind.PHYSICAL: 6, Kind.PSYCHOLOGICAL: 4},
        [PlaceKind.HOME, PlaceKind.CORRIDOR],
        PerpetratorCategory.USER,
    ),
    "kloeverengen-b": (
        18,
        {Kind.PHYSICAL: 5, Kind.PSYCHOLOGICAL: 5},
        [PlaceKind.HOME, PlaceKind.CORRIDOR],
        PerpetratorCategory.USER,
    ),
    "borgerservice": (
        28,
        {Kind.PSYCHOLOGICAL: 8, Kind.PHYSICAL: 1, Kind.ONLINE: 2},
        [PlaceKind.RECEPTION, PlaceKind.PHONE],
        PerpetratorCategory.CITIZEN,
    ),
    "jobcenter-ydelse": (
        14,
        {Kind.PSYCHOLOGICAL: 7, Kind.ONLINE: 2, Kind.PHYSICAL: 1},
        [PlaceKind.MEETING_ROOM, PlaceKind.WRITTEN],
        PerpetratorCategory.CITIZEN,
    ),
    "strandgaard": (
        10,
        {Kind.PSYCHOLOGICAL: 6, Kind.PHYSICAL: 3, Kind.ONLINE: 1},
        [PlaceKind.OUTDOORS, PlaceKind.OFFICE],
        PerpetratorCategory.RELATIVE,
    ),
    "solsikken": (
        5,
        {Kind.PSYCHOLOGICAL: 7, Kind.PHYSICAL: 2},
        [PlaceKind.OUTDOORS, PlaceKind.OTHER],
        PerpetratorCategory.RELATIVE,
    ),
    "forsikring": (1, {Kind.PSYCHOLOGICAL: 1}, [PlaceKind.PHONE], PerpetratorCategory.CITIZEN),
}
HOURS = (
    [7] * 2
    + [8] * 4
    + [9] * 6
    + [10] * 7
    + [11] * 7
    + [12] * 8
    + [13] * 10
    + [14] * 11
    + [15] * 9
    + [16] * 5
    + [17] * 2
    + [19, 21, 22]
)
WEEKDAY_WEIGHTS = [9, 6, 6, 5, 4, 1, 1]  # Monday first
SEVERITY_WEIGHTS = [35, 35, 20, 10]
DESCRIPTIONS = {
    Kind.PHYSICAL: [
        "Borgeren blev urolig under hjælpen og nev mig hårdt i armen.",
        "Beboeren slog ud efter mig, da jeg skulle hjælpe med tøjet.",
        "Jeg blev skubbet ind mod døren, da jeg afviste at udlevere papirerne.",
        "Beboeren spyttede på mig og kradsede mig på hånden.",
        "Borgeren kastede en kop efter mig ved skranken.",
    ],
    Kind.PSYCHOLOGICAL: [
        "Borgeren råbte og kaldte mig inkompetent, fordi ventetiden var lang.",
        "Jeg fik at vide, at han ved, hvor jeg bor, efter afslaget på ansøgningen.",
        "Truede med at komme tilbage og 'gøre det af med' os, hvis sagen ikke blev løst.",
        "Pårørende hånede mig foran de andre og truede med at klage over mig personligt.",
        "Borgeren nægtede at gå og sagde, at jeg skulle passe på mig selv.",
    ],
    Kind.ONLINE: [
        "Der er lagt et opslag i en Facebook-gruppe med mit navn og usande påstande "
        "om min sagsbehandling.",
        "En borger har delt et billede af mig på Instagram med nedsættende kommentarer.",
        "Mit private telefonnummer er blevet lagt ud i en lokal gruppe.",
    ],
}
REPEATERS = {
    "borgerservice": ["KB-1", "MJ-2"],
    "kloeverengen-a": ["Beboer 14"],
    "jobcenter-ydelse": ["Sag 2291"],
    "kloeverengen-b": ["Beboer 7"],
}


def create_demo_incidents(now=None, count=COUNT):
    now = now or timezone.now()
    rng = random.Random(72)
    seed_lists(Act, Trigger)
    seed_templates(CaseTemplate, TaskTemplate)
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=PATTERNS)}
    staff = _staff(units)
    acts = {kind: list(Act.objects.filter(kind=kind)) for kind in Kind.values}
    triggers = list(Trigger.objects.all())
    codes, weights = zip(*((code, pattern[0]) for code, pattern in PATTERNS.items()), strict=True)
    for _ in range(count):
        code = rng.choices(codes, weights)[0]
        _one(rng, now, units[code], PATTERNS[code], staff[code], acts, triggers, code)
    _attach_pictures(rng)
    _finish_closed_cases()
    summary.forget()  # the episodes were reported in the past
    return Incident.objects.count()


def _finish_closed_cases():
    """A closed case had its tasks done by the day it closed."""
    closed_on = Incident.objects.filter(pk=OuterRef("incident_id")).values("closed_at")
    FollowUpTask.objects.filter(incident__closed_at__isnull=False).update(
        status=TaskStatus.DONE, completed_at=Subquery(closed_on)
    )


def _staff(units):
    people = {}
    for code, unit in units.items():
        members = Membership.objects.filter(unit=unit, role=Role.EMPLOYEE).select_related("user")
        people[code] = [membership.user for membership in members]
    return people


def _moment(rng, now):
    while True:
        day = (now - timedelta(days=rng.randint(0, 729))).date()
        if rng.random() * 9 < WEEKDAY_WEIGHTS[day.weekday()]:
            break
    moment = timezone.make_aware(datetime.combine(day, time(rng.choice(HOURS), rng.randint(0, 59))))
    return min(moment, now - timedelta(minutes=30))


def reported_after(rng, occurred_at, now, *, hours):
    """When an episode was reported: five minutes to `hours` after it happened, but never after
    `now`, the moment the episodes are made (an episode of this morning is not reported
    tomorrow)."""
    return min(occurred_at + timedelta(minutes=rng.randint(5, 60 * hours)), now)


def _one(rng, now, unit, pattern, staff, acts, triggers, code):
    _weight, kinds, places, category = pattern
    kind = rng.choices(list(kinds), list(kinds.values()))[0]
    occurred_at = _moment(rng, now)
    reporter = rng.choice(staff)
    colleague = rng.choice(staff) if rng.random() < 0.1 else None
    severity = rng.choices([1, 2, 3, 4], SEVERITY_WEIGHTS)[0]
    details = {}
    if kind == Kind.PHYSICAL and severity >= 3 and rng.random() < 0.4:
        details.update(is_injured=True, injury="Blå mærker og rifter på underarmen")
        if rng.random() < 0.5:
            details.update(
                absence_from=(occurred_at + timedelta(days=1)).date(),
                absence_days=rng.randint(1, 10),
            )
    if severity >= 3 and rng.random() < 0.3:
        details["police_called"] = True
    incident = services.report_incident(
        reporter=reporter,
        unit=unit,
        kind=kind,
        occurred_at=occurred_at,
        severity=severity,
        description=rng.choice(DESCRIPTIONS[kind]),
        affected=[colleague] if colleague and colleague != reporter else [],
        acts=rng.sample(acts[kind], k=min(len(acts[kind]), rng.randint(1, 2))),
        triggers=[rng.choice(triggers)],
        perpetrator_category=category,
        place_kind=rng.choice(places),
        reported_at=reported_after(rng, occurred_at, now, hours=30),
        notify_people=False,
        **details,
    )
    if code in REPEATERS and rng.random() < 0.25:
        reference = rng.choice(REPEATERS[code])
        incident.perpetrator, _ = Perpetrator.objects.get_or_create(
            unit=unit, reference=reference, defaults={"category": category}
        )
    if occurred_at < now - timedelta(days=20):
        incident.closed_at = occurred_at + timedelta(days=rng.randint(3, 40))
    incident.save(update_fields=["perpetrator", "closed_at"])


def _attach_pictures(rng):
    """Screenshots secured as evidence on online episodes; a few photos as attachments."""
    for incident in Incident.objects.filter(kind=Kind.ONLINE).order_by("pk")[:6]:
        services.add_evidence(
            incident=incident,
            upload=ContentFile(_png(rng), name="skaermbillede.png"),
            content_type="image/png",
            source_url=f"https://www.facebook.com/ishojkommune/posts/{rng.randint(10**6, 10**7)}",
            captured_at=incident.reported_at,
            added_by=incident.reported_by,
        )
    for incident in Incident.objects.filter(is_injured=True).order_by("pk")[:3]:
        upload = ContentFile(_png(rng), name="foto-af-skade.png")
        services.add_attachment(
            incident=incident,
            upload=upload,
            content_type="image/png",
            uploaded_by=incident.reported_by,
        )


def _png(rng, width=64, height=40):
    """A small real PNG (a grey 'screenshot'), made without an imaging library."""
    shade = rng.randint(150, 230)
    raw = b"".join(b"\x00" + bytes([shade, shade, shade]) * width for _ in range(height))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
