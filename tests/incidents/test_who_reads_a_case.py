"""Who reads a case, on generated municipalities: `Incident.objects.visible_to` against the rule
as DESIGN.md and docs/access.md state it, read here in plain Python over the generated data
(never through access.py), and the case page answering 404 to everyone outside it.

The rule: a person reads an episode they reported, one that happened to them, one shared with
them by a decision in its follow-up, and every episode in a unit where they are a MANAGER,
SAFETY_REP or ADVISOR, or in a unit below one, as long as that unit is not a root: at the root
those roles are the executives and HR, who read only what is shared with them."""

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.conftest import SecondFactorClient
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.incidents.factories import make_incident
from tests.properties import examples
from tryghed.incidents.models import Incident, Share
from tryghed.organizations.models import UnitKind
from tryghed.organizations.roles import Role

READS_THE_UNITS_CASES = {Role.MANAGER, Role.SAFETY_REP, Role.ADVISOR}
PEOPLE = 4


def above_and_including(parents, unit):
    while unit is not None:
        yield unit
        unit = parents[unit]


def reads(world, who, episode):
    """The rule, from the generated data alone."""
    parents, memberships, _episodes = world
    if who == episode["reporter"] or who in episode["affected"] or who in episode["shared"]:
        return True
    return any(
        person == who
        and role in READS_THE_UNITS_CASES
        and parents[unit] is not None
        and unit in above_and_including(parents, episode["unit"])
        for person, unit, role in memberships
    )


def concerns(who, episode):
    return who == episode["reporter"] or who in episode["affected"]


@st.composite
def municipalities(draw):
    """A municipality of up to eight units (the database holds one: the constraint
    organizations_unit_one_municipality), four people with any roles anywhere, and up to five
    episodes, reported by anyone, about anyone, shared with anyone, in any unit."""
    size = draw(st.integers(min_value=1, max_value=8))
    parents = [None] + [draw(st.integers(0, index - 1)) for index in range(1, size)]
    units = st.integers(0, size - 1)
    people = st.integers(0, PEOPLE - 1)
    memberships = draw(
        st.lists(st.tuples(people, units, st.sampled_from(list(Role))), max_size=8, unique=True)
    )
    some_people = st.frozensets(people, max_size=2)
    episode = st.fixed_dictionaries(
        {"reporter": people, "unit": units, "affected": some_people, "shared": some_people}
    )
    return parents, memberships, draw(st.lists(episode, min_size=1, max_size=5))


def build(world):
    """The generated world in the database, the way the code makes it: units, people with
    their roles, episodes through report_incident, shares as the follow-up records them."""
    parents, memberships, episodes = world
    units = []
    for index, parent in enumerate(parents):
        kind = UnitKind.MUNICIPALITY if parent is None else UnitKind.DEPARTMENT
        above = None if parent is None else units[parent]
        units.append(UnitFactory(code=f"u{index}", kind=kind, parent=above))
    people = [UserFactory(email=f"person{i}@ishøj.example") for i in range(PEOPLE)]
    for who, where, role in memberships:
        MembershipFactory(user=people[who], unit=units[where], role=role)
    cases = []
    for episode in episodes:
        reporter = people[episode["reporter"]]
        affected = [people[i] for i in sorted(episode["affected"])]
        incident = make_incident(reporter, units[episode["unit"]], affected=affected)
        for i in sorted(episode["shared"]):
            Share.objects.create(
                incident=incident, person=people[i], shared_by=reporter, reason="Alvorlig"
            )
        cases.append((incident, episode))
    return people, cases


class WhoReadsACase(TestCase):
    """hypothesis's Django TestCase runs each example in a transaction of its own and rolls it
    back, on SQLite and PostgreSQL alike."""

    @settings(max_examples=examples(30), deadline=None)
    @given(municipalities())
    def test_visible_to_is_the_rule_of_the_design(self, world):
        people, cases = build(world)
        for who, person in enumerate(people):
            expected = {i.pk for i, episode in cases if reads(world, who, episode)}
            visible = set(Incident.objects.visible_to(person).values_list("pk", flat=True))
            assert visible == expected, who
            mine = {i.pk for i, episode in cases if concerns(who, episode)}
            assert set(Incident.objects.concerning(person).values_list("pk", flat=True)) == mine
            newest = Incident.objects.filter(pk__in=mine).values_list("pk", flat=True)
            assert [i.pk for i in Incident.objects.newest_concerning(person, 3)] == list(
                newest[:3]
            ), "the three newest, in Incident's own order"
            assert Incident.objects.count_concerning(person) == len(mine)
        self.assert_case_pages_follow(people, cases, world)

    def assert_case_pages_follow(self, people, cases, world):
        """For the first person outside the rule for some case: its case page and its
        follow-up answer 404, exactly like a case that does not exist. (The pages of cases one
        may read are the matrix's business: here they would cost most of the time.)"""
        hidden = [(who, i) for i, e in cases for who in range(PEOPLE) if not reads(world, who, e)]
        if not hidden:
            return
        who, incident = hidden[0]
        client = SecondFactorClient()
        client.force_login(people[who])
        for name in ("incidents:detail", "followup:case"):
            assert client.get(reverse(name, args=[incident.pk])).status_code == 404
