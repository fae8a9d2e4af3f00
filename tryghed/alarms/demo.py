"""The alarms' demo data for Ishøj: Rådhuset as a town hall with floors and rooms, its site
guard, Kløverengen as a site, where guard reinforcement requests go, and Maja's usual desk."""

from tryghed.accounts.models import User
from tryghed.alarms.models import Floor, Room, SecurityDesk, Site, Workplace
from tryghed.organizations.models import Unit

# site unit code -> (town hall, [(floor, order, unit codes on the floor, [rooms])])
SITES = {
    "raadhuset": (
        True,
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
        [
            ("Æblehaven", 0, ["kloeverengen-a"], ["Fællesstue", "Vagtstue"]),
            ("Søbredden", 0, ["kloeverengen-b"], ["Fællesstue", "Vagtstue"]),
        ],
    ),
}


def load(guard_email, usual_desks):
    units = {unit.code: unit for unit in Unit.objects.all()}
    rooms = {}
    for code, (town_hall, floors) in SITES.items():
        site = Site.objects.create(unit=units[code], is_town_hall=town_hall)
        for name, order, unit_codes, room_names in floors:
            floor = Floor.objects.create(site=site, name=name, order=order)
            floor.units.set([units[c] for c in unit_codes])
            for room in room_names:
                rooms[code, room] = Room.objects.create(floor=floor, name=room)
    Site.objects.get(unit__code="raadhuset").guards.add(User.objects.get(email=guard_email))
    SecurityDesk.objects.create(unit=units["forsikring"])
    for email, (site_code, room) in usual_desks.items():
        Workplace.objects.create(person=User.objects.get(email=email), room=rooms[site_code, room])
