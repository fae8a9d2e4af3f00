import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tryghed.alarms import realtime, services
from tryghed.alarms.forms import (
    DecisionForm,
    DoorLockForm,
    GuardRequestForm,
    RaiseForm,
    WorkplaceForm,
)
from tryghed.alarms.models import (
    Alarm,
    Answer,
    DoorLock,
    GuardRequest,
    Level,
    Reason,
    SecurityDesk,
    Site,
    Workplace,
)
from tryghed.incidents.forms import QuickReportForm, WhenChoice
from tryghed.notifications.models import SmsDelivery
from tryghed.organizations import access
from tryghed.organizations.models import Contact, ContactKind

logger = logging.getLogger(__name__)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _too_many(request, *, first_alarm=False):
    """At most ALARM_REQUESTS_PER_MINUTE alarm requests a minute per person; a first alarm is
    counted but never refused. Without the cache nothing is refused."""
    key = f"alarm-rate-{request.user.pk}-{timezone.now():%Y%m%d%H%M}"
    try:
        count = cache.get_or_set(key, 0, 90)
        cache.incr(key)
    except Exception:  # the panic button must not depend on the cache (Redis) being up
        logger.warning("alarm rate limit skipped: the cache does not answer", exc_info=True)
        return False
    return not first_alarm and count >= settings.ALARM_REQUESTS_PER_MINUTE


def _refuse(request, message, status):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect("alarms:panic")


def _my_alarm(request, pk):
    return get_object_or_404(
        Alarm.objects.visible_to(request.user).select_related(
            "site__unit", "unit", "room__floor", "police_called_by"
        ),
        pk=pk,
    )


@never_cache
@login_required
def panic(request):
    places = services.alarm_places(request.user)
    units = list(places)
    form = RaiseForm(request.POST or None, places=places)
    if request.method == "POST":
        first = not Alarm.objects.active().filter(raised_by=request.user).exists()
        if _too_many(request, first_alarm=first):
            return _refuse(request, _("Too many alarm requests; wait a minute."), 429)
        if not form.is_valid():
            return _refuse(request, _("Choose a level."), 400)
        try:
            alarm, _created = services.raise_alarm(
                by=request.user, places=places, **form.cleaned_data
            )
        except services.AlarmRefused as refusal:
            return _refuse(request, str(refusal), 400)
        if _wants_json(request):
            return JsonResponse(realtime.payload(alarm), status=201 if _created else 200)
        return redirect(alarm)
    context = {
        "form": form,
        "units": units,
        "mine": Alarm.objects.active().filter(raised_by=request.user).first(),
        "for_me": Alarm.objects.active()
        .filter(recipients__person=request.user)
        .select_related("raised_by", "site__unit", "unit", "room__floor"),
        "guard_contact": services.guard_phone(units[0] if units else None),
    }
    return render(request, "alarms/panic.html", context)


@never_cache
@login_required
def detail(request, pk):
    alarm = _my_alarm(request, pk)
    recipients = list(alarm.recipients.select_related("person"))
    answered = sorted(
        (r for r in recipients if r.answer),
        key=lambda r: (r.answer != Answer.COMING, r.answered_at),
    )
    context = {
        "alarm": alarm,
        "recipients": recipients,
        "answered": answered,
        "coming": sum(r.answer == Answer.COMING for r in answered),
        "delivered": sum(r.delivered_at is not None or bool(r.answer) for r in recipients),
        "me": next((r for r in recipients if r.person_id == request.user.pk), None),
        "may_end": alarm.is_active and services.may_end(alarm, request.user),
        "may_cancel": alarm.is_active
        and (alarm.raised_by == request.user or alarm.site.guards.filter(pk=request.user.pk)),
        "guard_contact": services.guard_phone(alarm.unit),
        **_police_context(alarm, request.user),
        "sms_deliveries": SmsDelivery.objects.about(alarm),
    }
    return render(request, "alarms/detail.html", context)


def _police_context(alarm, user):
    """The "Ring 112" block of the alarm page (alarms.js words it the same way live)."""
    if not alarm.police_needed:
        return {}
    is_raiser = alarm.raised_by_id == user.pk
    caller = alarm.police_called_by
    return {
        "police_status": _police_status(alarm, user, is_raiser),
        "police_overdue": is_raiser and alarm.police_call_overdue(),
        "police_tel": alarm.is_active and (is_raiser or (caller is not None and caller == user)),
        "may_call_police": alarm.is_active
        and alarm.level == Level.CALL_112
        and caller is None
        and services.may_call_police(alarm, user),
    }


def _police_status(alarm, user, is_raiser):
    caller = alarm.police_called_by
    if caller == user:
        return _("You are calling 112.")
    if caller is not None and caller.pk == alarm.raised_by_id:
        return _("%(name)s, who raised the alarm, is calling 112 themselves.") % {
            "name": caller.name
        }
    if caller is not None:
        role = Reason(alarm.police_caller_role()).label.lower()
        return _("%(name)s (%(role)s) is calling 112.") % {"name": caller.name, "role": role}
    if not alarm.is_active:
        return _("Nobody said they were calling 112.")
    if is_raiser and alarm.police_call_overdue():
        return _("Nobody has said they are calling 112. Call 112 yourself now.")
    if is_raiser:
        return _(
            "Those the alarm went to can see that the police are needed. Nobody has said yet "
            "that they are calling 112."
        )
    return _("Nobody has said yet that they are calling 112.")


@require_POST
@login_required
def answer(request, pk):
    alarm = _my_alarm(request, pk)
    if _too_many(request):
        return _refuse(request, _("Too many alarm requests; wait a minute."), 429)
    try:
        services.answer_alarm(alarm=alarm, by=request.user, answer=request.POST.get("answer"))
    except (services.NotARecipient, ValueError):
        raise Http404 from None
    if _wants_json(request):
        return JsonResponse(realtime.payload(alarm))
    return redirect(alarm)


@require_POST
@login_required
def call_police(request, pk):
    """ "I'm calling 112": the first responder (or the raiser) to say so is the one."""
    alarm = _my_alarm(request, pk)
    if _too_many(request):
        return _refuse(request, _("Too many alarm requests; wait a minute."), 429)
    try:
        alarm = services.claim_police_call(alarm=alarm, by=request.user)
    except services.NotARecipient:
        raise Http404 from None
    except services.PoliceCallTaken as taken:
        return _police_refused(request, taken.alarm, _police_taken_text(taken.alarm))
    except services.PoliceNotNeeded:
        return _police_refused(
            request, alarm, _("This alarm is no longer active at the level Call 112.")
        )
    if _wants_json(request):
        return JsonResponse(realtime.payload(alarm))
    messages.success(request, _("Everyone with the alarm can now see that you are calling 112."))
    return redirect(alarm)


def _police_taken_text(alarm):
    return _("%(name)s is already calling 112.") % {"name": alarm.police_called_by.name}


def _police_refused(request, alarm, text):
    if _wants_json(request):
        return JsonResponse({"error": text, "alarm": realtime.payload(alarm)}, status=409)
    messages.error(request, text)
    return redirect(alarm)


@require_POST
@login_required
def resolve(request, pk):
    alarm = _my_alarm(request, pk)
    services.resolve_alarm(alarm=alarm, by=request.user)
    if alarm.raised_by == request.user and not alarm.incident_id:
        return redirect("alarms:report", pk=alarm.pk)
    return redirect(alarm)


@require_POST
@login_required
def cancel(request, pk):
    alarm = _my_alarm(request, pk)
    services.cancel_alarm(alarm=alarm, by=request.user)
    messages.success(request, _("The alarm is cancelled as a false alarm."))
    return redirect(alarm)


@never_cache
@login_required
def report(request, pk):
    """The quick report, filled in from the alarm; only the raiser, once."""
    alarm = _my_alarm(request, pk)
    if alarm.raised_by != request.user or alarm.is_active:
        raise PermissionDenied
    if alarm.incident_id:
        return redirect("incidents:receipt", pk=alarm.incident_id)
    form = QuickReportForm(request.POST or None, reporter=request.user, initial=_prefill(alarm))
    if request.method == "POST" and form.is_valid():
        incident = services.report_from_alarm(alarm=alarm, by=request.user, **form.report_kwargs())
        return redirect("incidents:receipt", pk=incident.pk)
    names = ", ".join(r.person.name for r in alarm.coming()) or _("none")
    messages.info(
        request,
        _("From your alarm: %(place)s. Witnesses (those who came): %(names)s.")
        % {"place": alarm.place, "names": names},
    )
    return render(request, "incidents/quick_report.html", {"form": form})


def _prefill(alarm):
    raised = timezone.localtime(alarm.raised_at)
    today = raised.date() == timezone.localdate()
    return {
        "submission_key": uuid.uuid4(),
        "when": WhenChoice.EARLIER_TODAY if today else WhenChoice.OTHER,
        # The browser's date field takes ISO dates only, whatever the language.
        "on_date": None if today else raised.date().isoformat(),
        "at_time": raised.time().replace(second=0, microsecond=0),
        "unit": alarm.unit_id,
        "description": _("I raised an alarm (%(level)s) at %(place)s.")
        % {"level": alarm.get_level_display(), "place": alarm.place},
    }


@never_cache
@login_required
def guard_console(request):
    context = services.console_for(request.user)
    if not context:
        raise Http404
    return render(request, "alarms/guard_console.html", context)


def _lock_sites(user):
    return [s for s in Site.objects.filter(is_town_hall=True) if access.may_lock_doors(user, s)]


@never_cache
@login_required
def doors(request):
    sites = _lock_sites(request.user)
    site = sites[0] if sites else None
    form = DoorLockForm(request.POST or None, site=site) if site else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.lock_doors(by=request.user, site=site, **form.cleaned_data)
            messages.success(request, _("The decision is recorded; staff and HR are told."))
            return redirect("alarms:doors")
    context = {
        "form": form,
        "site": site,
        "in_force": services.door_locks_for(request.user),
        "log": DoorLock.objects.visible_to(request.user)
        .select_related("site__unit", "decided_by", "reopened_by")
        .prefetch_related("floors"),
    }
    return render(request, "alarms/doors.html", context, status=200)


@require_POST
@login_required
def reopen(request, pk):
    lock = get_object_or_404(DoorLock.objects.visible_to(request.user), pk=pk)
    services.reopen_doors(lock=lock, by=request.user)
    messages.success(request, _("The doors are recorded as open again."))
    return redirect("alarms:doors")


@never_cache
@login_required
def guard_requests(request):
    sites = [
        s for s in Site.objects.select_related("unit") if access.may_request_guard(request.user, s)
    ]
    form = GuardRequestForm(request.POST or None, sites=sites) if sites else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.request_guard(by=request.user, **form.cleaned_data)
            messages.success(request, _("The request is sent to the security contact."))
            return redirect("alarms:guard_requests")
    context = {
        "form": form,
        "requests": GuardRequest.objects.visible_to(request.user).select_related(
            "site__unit", "requested_by", "decided_by"
        ),
        "decides": bool(SecurityDesk.roots_decided_by(request.user)),
        "guard_contact": services.guard_phone(sites[0].unit if sites else None),
        "security_contact": Contact.objects.nearest(
            sites[0].unit if sites else None, ContactKind.SECURITY
        ),
    }
    return render(request, "alarms/guard_requests.html", context)


@require_POST
@login_required
def decide(request, pk):
    guard_request = get_object_or_404(GuardRequest.objects.visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():  # only a tampered request: the page offers two buttons
        messages.error(request, _("The decision was not saved: choose approve or decline."))
        return redirect("alarms:guard_requests")
    services.decide_guard_request(
        request=guard_request,
        by=request.user,
        approve=form.cleaned_data["decision"] == "approve",
        note=form.cleaned_data["note"],
    )
    return redirect("alarms:guard_requests")


@never_cache
@login_required
def workplace(request):
    current = Workplace.objects.filter(person=request.user).first()
    form = WorkplaceForm(
        request.POST or None, initial={"room": current.room_id if current else None}
    )
    if request.method == "POST" and form.is_valid():
        room = form.cleaned_data["room"]
        if room is None:
            Workplace.objects.filter(person=request.user).delete()
        else:
            Workplace.objects.update_or_create(person=request.user, defaults={"room": room})
        messages.success(request, _("Your usual place is saved."))
        return redirect("alarms:workplace")
    return render(request, "alarms/workplace.html", {"form": form})
