from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from tryghed.alarms import services
from tryghed.alarms.models import Level, Status


def alarm(request):
    """The panic button on every page: whether the person can raise an alarm, the guard's
    phone for when the server is out of reach, the texts the page's script shows, and the
    locked doors that concern the person."""
    user = request.user
    if not user.is_authenticated:
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
        },
    }
