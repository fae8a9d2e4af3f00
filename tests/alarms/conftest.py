"""The cast's Kløverengen as a town hall with two floors, a room on each, and a site guard;
Hjemmeplejen beside it as another site with a room of its own."""

import pytest
from channels.layers import channel_layers

from tests.factories import person
from tryghed.alarms.models import Floor, Room, SecurityDesk, Site
from tryghed.organizations.roles import Role


@pytest.fixture(autouse=True)
def _quiet_alarm_timers(settings):
    settings.ALARM_CHECK_SECONDS = 0
    settings.ALARM_ESCALATION_SECONDS = 60
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def site(tree):
    site = Site.objects.create(unit=tree["own"], is_town_hall=True)
    ground = Floor.objects.create(site=site, name="Stueetagen", order=0)
    ground.units.set([tree["below"]])
    Floor.objects.create(site=site, name="1. sal", order=1).units.set([tree["own"]])
    return site


@pytest.fixture
def room(site):
    return Room.objects.create(floor=site.floors.get(order=0), name="Samtalerum Æ")


@pytest.fixture
def other_room(tree):
    other = Site.objects.create(unit=tree["beside"])
    floor = Floor.objects.create(site=other, name="Stuen")
    return Room.objects.create(floor=floor, name="Kontor Ø")


@pytest.fixture
def guard(tree, site):
    guard = person(tree["other_center"], Role.EMPLOYEE, name="Kim Vagt", email="kim@ishoj.example")
    site.guards.add(guard)
    return guard


@pytest.fixture
def colleague(tree):
    return person(tree["own"], Role.EMPLOYEE, name="Åse Kollega", email="aase@ishoj.example")


@pytest.fixture
def security_officer(tree):
    from tests.factories import UnitFactory

    desk = UnitFactory(name="Forsikring & Risikostyring", code="forsikring", parent=tree["root"])
    SecurityDesk.objects.create(unit=desk)
    return person(desk, Role.EMPLOYEE, name="Vibeke Lind", email="vibeke@ishoj.example")
