from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from tryghed.alarms import services
from tryghed.alarms.models import Level, Reason, Status


def alarm(request):
    """The panic button on every page: whether the person can raise an alarm, the guard's
    phone for when the server is out of reach, the texts the page's script shows, and the
    locked doors that concern the person."""
    user = request.user
    if not user.is_authenticated or getattr(request, "second_factor_missing", False):
        return {}
    # A few queries on every page: one where the municipality has no sites yet.
    place = services.alarm_place(user)
    return {
        "alarm_enabled": True,
        "may_raise_alarm": place.may_raise,
        "alarm_guard_contact": place.guard,
        "alarm_door_locks": services.door_locks_for(user) if place.locks_in_force else [],
        "alarm_texts": _texts(place.guard),
    }


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
