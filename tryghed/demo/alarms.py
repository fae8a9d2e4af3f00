"""The alarms' demo data for Ishøj: Rådhuset as a town hall with floors and rooms, its site
guard, Kløverengen as a site, each with its address (read to the police when 112 is called),
where guard reinforcement requests go, Maja's usual desk, and two requests for guard cover at
Rådhuset (one approved, one waiting for the security desk)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from tryghed.accounts.models import User
from tryghed.alarms import services
from tryghed.alarms.models import Floor, Room, SecurityDesk, Site, Workplace
from tryghed.organizations.models import RiskLevel, Unit

# site unit code -> (town hall, address, [(floor, order, unit codes on the floor, [rooms])])
SITES = {
    "raadhuset": (
        True,
        "Ishøj Store Torv 20, 2635 Ishøj",
        [
            (
                "Stueetagen",
                0,
                ["borgerservice"],
                ["Skranke 1", "Skranke 2", "Skranke 3", "Samtalerum A", "Samtalerum B"],
            ),
            ("1. sal", 1, ["jobcenter"], ["Samtalerum 1.10", "Samtalerum 1.12", "Kontor 1.20"]),
            ("2. sal", 2, ["cls"], ["Mødelokale 2.01", "Kontor 2.14"]),
        ],
    ),
    "kloeverengen": (
        False,
        "Kløverengen, 2635 Ishøj",
        [
            ("Æblehaven", 0, ["kloeverengen-a"], ["Fællesstue", "Vagtstue"]),
            ("Søbredden", 0, ["kloeverengen-b"], ["Fællesstue", "Vagtstue"]),
        ],
    ),
}


# (days ahead, from, until, where, reason, expected risk, the security desk's note or None)
GUARD_REQUESTS = [
    (
        1,
        time(13),
        time(15),
        "Samtalerum A, stueetagen",
        "Møde med en borger, der tidligere har truet en medarbejder i skranken.",
        RiskLevel.HIGH,
        "Ekstra vagt ved hovedindgangen og uden for samtalerummet.",
    ),
    (
        3,
        time(9),
        time(11),
        "Samtalerum B, stueetagen",
        "Afklaringsmøde med en borger, der er blevet vred ved de sidste to møder.",
        RiskLevel.MEDIUM,
        None,
    ),
]


def load(guard_email, usual_desks, requested_by, decided_by, today):
    units = {unit.code: unit for unit in Unit.objects.all()}
    rooms = {}
    for code, (town_hall, address, floors) in SITES.items():
        site = Site.objects.create(unit=units[code], is_town_hall=town_hall, address=address)
        for name, order, unit_codes, room_names in floors:
            floor = Floor.objects.create(site=site, name=name, order=order)
            floor.units.set([units[c] for c in unit_codes])
            for room in room_names:
                rooms[code, room] = Room.objects.create(floor=floor, name=room)
    Site.objects.get(unit__code="raadhuset").guards.add(User.objects.get(email=guard_email))
    SecurityDesk.objects.create(unit=units["forsikring"])
    for email, (site_code, room) in usual_desks.items():
        Workplace.objects.create(person=User.objects.get(email=email), room=rooms[site_code, room])
    _guard_requests(
        Site.objects.get(unit__code="raadhuset"),
        User.objects.get(email=requested_by),
        User.objects.get(email=decided_by),
        today,
    )


def _guard_requests(site, manager, security, today):
    def at(days, clock):
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), clock))

    for days, start, end, place, reason, risk, note in GUARD_REQUESTS:
        request = services.request_guard(
            by=manager,
            site=site,
            starts_at=at(days, start),
            ends_at=at(days, end),
            place=place,
            reason=reason,
            expected_risk=risk,
        )
        if note is not None:
            services.decide_guard_request(request=request, by=security, approve=True, note=note)
