"""The quick report through the API: the same form as the browser's validates it, and the same
service registers it. The `Idempotency-Key` becomes the form's submission key, per person."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from tryghed.api.errors import ApiError
from tryghed.incidents import services
from tryghed.incidents.forms import QuickReportForm, WhenChoice
from tryghed.incidents.models import Incident

KEY_NAMESPACE = uuid.UUID("5d0f2f64-6f0e-4d55-9a49-3c1d3a8b2e21")
# The form's own fields for the time, reported to the caller as the one field they sent.
TIME_FIELDS = {"when": "occurred_at", "at_time": "occurred_at", "on_date": "occurred_at"}


def submission_key(person, idempotency_key):
    """The key the register keeps: the caller's, made the person's own, so two systems that
    chose the same key never meet."""
    if not 1 <= len(idempotency_key) <= 200:
        raise ApiError(400, "invalid_idempotency_key", _("Idempotency-Key: 1 to 200 characters."))
    return uuid.uuid5(KEY_NAMESPACE, f"{person.pk}:{idempotency_key}")


def already_made(person, key):
    return Incident.objects.filter(submission_key=key, reported_by=person).first()


def report(person, payload, key):
    """The episode the report made (or had made under the same key)."""
    form = QuickReportForm(form_data(payload, key), reporter=person)
    if not form.is_valid():
        raise ApiError(422, "invalid_report", _("The report is not valid."), fields=_problems(form))
    try:
        return services.report_incident(
            reporter=person, refuse_repeat=form.refuse_repeat, **form.report_kwargs()
        )
    except services.AlreadyReported as repeat:
        raise ApiError(
            409,
            "already_reported",
            _("You have just sent this – send it again?"),  # noqa: RUF001
            case=repeat.earlier.pk,
        ) from None


def form_data(payload, key):
    data = payload.dict(exclude={"occurred_at"}, exclude_none=True)
    data["submission_key"] = str(key)
    data["when"] = WhenChoice.NOW
    if payload.occurred_at is not None:
        moment = payload.occurred_at
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            local = timezone.localtime(moment)
        except OverflowError:  # year 1 or 9999 in a far time zone
            fields = {"occurred_at": [_("Enter a valid date/time.")]}
            raise ApiError(
                422, "invalid_report", _("The report is not valid."), fields=fields
            ) from None
        data.update(when=WhenChoice.OTHER, on_date=local.date(), at_time=local.time())
    return data


def _problems(form):
    problems = {}
    for name, errors in form.errors.items():
        field = TIME_FIELDS.get(name, name) if name != "__all__" else "body"
        problems.setdefault(field, []).extend(str(error) for error in errors)
    return problems
