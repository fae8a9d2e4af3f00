"""The alarm's circles: who hears of an alarm, in which order. The first circle is the site's
guards, the colleagues of the unit and its nearest managers; then everyone at the site; last the
center's head. A site guard is not a role but an assignment to a site (Site.guards); a site is
the building around a unit (Site.unit).

The circles and the real-time groups are one rule read two ways: the services send to the groups
of a circle, and a page joins only the groups of its person (`alarm_groups`), so nobody outside
a circle hears of an alarm.
"""

from tryghed.organizations import access, directory
from tryghed.organizations.models import Membership


def alarm_colleagues(unit):
    """Ids of the people placed directly in `unit`: the colleagues who come by."""
    return set(
        Membership.objects.filter(unit=unit, user__is_active=True).values_list("user_id", flat=True)
    )


def alarm_first_circle(site, unit):
    """{person id: reason} for a new alarm raised in `unit` at `site`: the site's guards, the
    colleagues of the unit, and the unit's nearest managers. Ids, not people: a circle can be a
    thousand strong, and the alarm must leave at once."""
    circle = dict.fromkeys((p.pk for p in directory.managers_of(unit)), "manager")
    for person_id in alarm_colleagues(unit):
        circle.setdefault(person_id, "colleague")
    for person_id in site.guards.filter(is_active=True).values_list("pk", flat=True):
        circle[person_id] = "guard"
    return circle


def alarm_site_people(site):
    """Ids of everyone placed in a unit at the site (the site's unit and every unit below)."""
    ids = access.tree().descendants([site.unit_id])
    return set(
        Membership.objects.filter(unit_id__in=ids, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def alarm_center_heads(unit):
    """Ids of the last circle of an unanswered alarm: the center's manager."""
    return {person.pk for person in directory.center_heads_of(unit)}


def alarm_groups(user, sites):
    """The real-time groups a person's open pages listen on: their own, the units they are
    placed in, every site (of `sites`) that holds one of those units, and the sites they guard.
    The alarm services send to exactly these groups, so nobody outside a circle hears of it."""
    if not user.is_authenticated or not user.is_active:
        return []
    units = access.tree()
    own = set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
    groups = [f"alarm-user-{user.pk}"] + [f"alarm-unit-{pk}" for pk in sorted(own)]
    for site in sites:
        if own & units.descendants([site.unit_id]):
            groups.append(f"alarm-site-{site.pk}")
        if site.guards.filter(pk=user.pk).exists():
            groups.append(f"alarm-guard-{site.pk}")
    return groups
