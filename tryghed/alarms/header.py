"""The panic button's part of every page's layout: whether the person can raise an alarm, the
site guard's phone for when the server is out of reach, the texts the page's script shows, and
the locked doors that concern the person.

The facts are expressions in the layout's one query (home/layout.py), so the button costs no
query of its own on a page; `alarm_place` asks them alone.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Exists, Subquery, Value, When
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from tryghed.alarms import services
from tryghed.alarms.models import DoorLock, Level, Reason, Site, Status
from tryghed.organizations import access
from tryghed.organizations.models import Contact, ContactKind


@dataclass
class AlarmPlace:
    may_raise: bool = False
    guard: Contact | None = None
    locks_in_force: bool = False


def facts(person, now=None, chains=None):
    """Expressions for one row of the person's User: whether they can raise an alarm (placed in
    a unit at or below a site), the phone of the guard nearest their first such unit, and
    whether any door is locked at `now`. `place(row)` reads them. Besides `now`, they depend
    on the person's `chains_of(person)` alone (given, or read here)."""
    chains = chains_of(person) if chains is None else chains
    around = {pk for chain in chains for pk in chain}
    return {
        "alarm_may_raise": Exists(Site.objects.filter(unit_id__in=around)),
        "alarm_guard_phone": _guard_phone(chains),
        "alarm_locks_in_force": Exists(DoorLock.objects.in_force(now)),
    }


def place(row):
    phone = row["alarm_guard_phone"]
    return AlarmPlace(
        may_raise=bool(row["alarm_may_raise"]),
        guard=Contact(kind=ContactKind.SITE_GUARD, phone=phone) if phone else None,
        locks_in_force=bool(row["alarm_locks_in_force"]),
    )


def alarm_place(person):
    """The facts of the panic button alone, in one query."""
    users = get_user_model().objects.filter(pk=person.pk)
    return place(users.values(**facts(person)).get())


def chains_of(person):
    """For each unit the person is placed in (by id), the ids from it up to the root."""
    units = access.tree()
    own = sorted({membership.unit_id for membership in access.memberships_of(person)})
    return tuple(tuple(units.ancestors(pk, include_self=True)) for pk in own)


def _guard_phone(chains):
    """The phone of the site guard contact nearest the unit, on the first chain that holds a
    site; none when that chain has no guard contact."""
    if not chains:
        return Value(None, output_field=CharField())
    whens = [
        When(Exists(Site.objects.filter(unit_id__in=chain)), then=_nearest_guard(chain))
        for chain in chains
    ]
    return Case(*whens, default=None, output_field=CharField())


def _nearest_guard(chain):
    nearness = Case(*(When(unit_id=pk, then=Value(i)) for i, pk in enumerate(chain)))
    guards = Contact.objects.filter(kind=ContactKind.SITE_GUARD, unit_id__in=chain)
    return Subquery(guards.order_by(nearness).values("phone")[:1])


def context(user, alarm_place):
    """The layout's keys for the panic button, each asked only when a template shows it."""
    return {
        "alarm_enabled": True,
        "may_raise_alarm": lambda: alarm_place().may_raise,
        "alarm_guard_contact": lambda: alarm_place().guard,
        "alarm_door_locks": lambda: _door_locks(user, alarm_place()),
        "alarm_texts": lambda: _texts(alarm_place().guard),
    }


def _door_locks(user, place):
    return services.door_locks_for(user) if place.locks_in_force else []


def _texts(guard):
    return {
        "levels": {level.value: str(level.label) for level in Level},
        "icons": {"come_by": "persons", "help_now": "warning", "call_112": "smartphone"},
        "statuses": {status.value: str(status.label) for status in Status},
        "reasons": {reason.value: str(reason.label) for reason in Reason},
        "sprite": static("dkfds/img/all-svg-icons.svg"),
        "socket": "/ws/alarmer/",
        "raise_url": reverse("alarms:panic"),
        "cancel_seconds": settings.ALARM_CANCEL_SECONDS,
        "heartbeat_ms": round(settings.ALARM_HEARTBEAT_SECONDS * 1000),
        "guard_phone": guard.phone if guard else "",
        "guard_uri": guard.phone_uri if guard else "",
        "t": {
            "alarm_from": _("Alarm from %(name)s"),
            "coming": _("I'm coming"),
            "cannot": _("Can't come"),
            "open": _("Open the alarm"),
            "sound_on": _("Turn the alarm sound on"),
            "on_way": _("On their way: %(count)s"),
            "cannot_come": _("Can't come: %(names)s"),
            "nobody_yet": _("Nobody has answered yet."),
            "your_alarm": _("Your alarm"),
            "escalated": _("Nobody answered in time: the alarm went further out."),
            "you_answered": _("You answered: %(answer)s"),
            "sending_in": _("The alarm is sent in %(seconds)s seconds."),
            "sending": _("Sending the alarm…"),
            "offline": _("Tryghed cannot reach the server. Call the site guard:"),
            "connected": _("Connected: alarms arrive here."),
            "disconnected": _("Not connected: trying again…"),
            "failed": _("The alarm could not be sent."),
            **_police_texts(),
        },
    }


def _police_texts():
    """ "Ring 112" as the page words it live; the alarm page (views._police_status) says the
    same."""
    return {
        "police_needed": _("Police needed"),
        "call_112_now": _("Call 112 now"),
        "police_address": _("Tell the police the address:"),
        "police_where": _("Where:"),
        "police_claim": _("I'm calling 112"),
        "police_claim_self": _("I'm calling 112 myself"),
        "police_you": _("You are calling 112."),
        "police_by": _("%(name)s (%(role)s) is calling 112."),
        "police_by_raiser": _("%(name)s, who raised the alarm, is calling 112 themselves."),
        "police_nobody_said": _("Nobody said they were calling 112."),
        "police_overdue": _("Nobody has said they are calling 112. Call 112 yourself now."),
        "police_waiting_raiser": _(
            "Those the alarm went to can see that the police are needed. Nobody has said yet "
            "that they are calling 112."
        ),
        "police_waiting": _("Nobody has said yet that they are calling 112."),
    }
