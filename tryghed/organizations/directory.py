"""Who is where: people look-ups in the unit tree (the managers of a unit, HR, everyone placed
in some units) and the titles the tree gives them.

These find people; they decide nothing. What a person may see or do is access.py, which also
names the holders of a role nearest a unit (`access.responsible_for`), because they act on
follow-up tasks; the look-ups here build on it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from tryghed.organizations import access
from tryghed.organizations.models import Membership
from tryghed.organizations.roles import Role, UnitKind


def managers_of(unit):
    return access.responsible_for(unit, Role.MANAGER)


def safety_reps_of(unit):
    return access.responsible_for(unit, Role.SAFETY_REP)


def union_reps_of(unit):
    return access.responsible_for(unit, Role.UNION_REP)


def center_heads_of(unit):
    """The managers of the nearest center at or above `unit` (its unit's managers where there is
    none)."""
    return access.center_heads_for(unit)


def executives_and_hr(unit):
    """MANAGERs at the root of `unit`'s municipality (the executives) and ADVISORs there (HR)."""
    return access.at_the_root(Role.MANAGER, unit) + access.at_the_root(Role.ADVISOR, unit)


def managers_and_safety_reps_of(unit):
    """The unit's nearest managers and safety reps: who hears of a new episode, and of a
    measure or a guideline discussion coming due."""
    return managers_of(unit) + safety_reps_of(unit)


def hr_people(unit):
    """HR of `unit`'s municipality."""
    return access.at_the_root(Role.ADVISOR, unit)


def people_in(unit):
    """Everyone placed in `unit` or the units above it, below the root: who can own a measure."""
    units = access.tree()
    ids = [pk for pk in units.ancestors(unit.pk, include_self=True) if pk not in units.root_ids]
    return (
        get_user_model()
        .objects.filter(memberships__unit__in=ids, is_active=True)
        .distinct()
        .order_by("name")
    )


def staff_of_units(units_ids):
    """Everyone placed in the given units or below them."""
    ids = access.tree().descendants(units_ids)
    return list(
        get_user_model().objects.filter(memberships__unit__in=ids, is_active=True).distinct()
    )


def employees_placed_in(unit):
    """Ids of the people placed directly in `unit` as EMPLOYEEs."""
    return list(
        Membership.objects.filter(unit=unit, role=Role.EMPLOYEE).values_list("user_id", flat=True)
    )


def center_heads_in_municipality(unit):
    """The heads of every center in `unit`'s municipality (MANAGERs of units of kind center),
    by name: whom a center head may choose to inform of an episode."""
    units = access.tree()
    ids = units.descendants([units.root_of(unit.pk)])
    return (
        get_user_model()
        .objects.filter(
            memberships__unit__in=ids,
            memberships__unit__kind=UnitKind.CENTER,
            memberships__role=Role.MANAGER,
            is_active=True,
        )
        .distinct()
        .order_by("name")
    )


def other_center_heads(unit):
    """The center heads an episode in `unit` may be told to, besides the area's own; each with
    `centers_headed`, the names of the centers they head (read with them, in one query more)."""
    own = [person.pk for person in access.center_heads_for(unit)]
    headed = Membership.objects.filter(role=Role.MANAGER, unit__kind=UnitKind.CENTER)
    return (
        center_heads_in_municipality(unit)
        .exclude(pk__in=own)
        .prefetch_related(
            Prefetch("memberships", headed.select_related("unit"), to_attr="centers_headed")
        )
    )


def it_staff(it_unit):
    """Who carries out blocks: everyone placed in the IT unit."""
    return staff_of_units([it_unit.pk]) if it_unit is not None else []


def guard_request_deciders(security_unit):
    return staff_of_units([security_unit.pk]) if security_unit is not None else []


def titles(user):
    """What the tree makes of a person's roles, for the header: "Centerchef", "Direktionen"…"""
    units = access.tree()
    return [(role_title(m, units), m.unit) for m in access.memberships_of(user)]


def role_title(membership, units, plain=False):
    """What the tree makes of one membership ("Centerchef", "Direktionen", "HR" or the role),
    with `units` the Tree; `membership.unit` (and, unless `plain`, `membership.user`) loaded.
    `plain` names an employee's role as the role, not as their employment ("Vikar")."""
    title = access.derived_title(membership, units)
    if title is not None:
        return title
    return membership.get_role_display() if plain else membership.role_label()
