"""Version 1 of the API, at /api/v1/ (docs/api.md). Each operation does what its page does: it
loads through the same `visible_to` querysets and access rules, calls the same service and
records the same audit event, so a person's token reaches exactly what the person does in the
browser, and 404 answers whatever they may not see."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, NinjaAPI, Query, Schema, Status
from ninja.openapi.docs import Swagger

from tryghed import audit
from tryghed.api import errors, figures, reports
from tryghed.api.auth import BearerToken, TokenRateThrottle
from tryghed.api.errors import ApiError
from tryghed.api.schemas import (
    AlreadyReportedError,
    Case,
    Episode,
    EpisodePage,
    Error,
    InvalidReport,
    QuickReport,
    Statistics,
    Task,
)
from tryghed.audit.models import Action
from tryghed.core.replica import replica_reads
from tryghed.followup.models import FollowUpTask
from tryghed.followup.views import CASE_FACTS
from tryghed.incidents.models import NewestConcerning
from tryghed.incidents.shortcuts import record_read
from tryghed.organizations import access
from tryghed.stats import summary
from tryghed.stats.forms import OverviewFilter

PAGE_SIZE = 50


class Api(NinjaAPI):
    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"  # personal data: kept by no cache
        return response


api = Api(
    title="Tryghed API",
    version="1",
    description="Tryghed's API for the municipality's other systems (docs/api.md).",
    urls_namespace="api-v1",
    auth=BearerToken(),
    throttle=[TokenRateThrottle()],
    docs=Swagger(settings={"persistAuthorization": False}),
)
errors.install(api)

DENIED = {401: Error, 403: Error, 429: Error}


def person_of(request):
    """The person a personal token acts as; a system token's scope opens nothing of a
    person's."""
    if not request.auth.is_personal:
        raise ApiError(403, "scope_not_allowed", _("This API key may not do that."))
    return request.user


def _absolute(request, path):
    return request.build_absolute_uri(path)


def episode(request, incident):
    return {
        "id": incident.pk,
        "number": incident.number,
        "unit": {"id": incident.unit_id, "name": incident.unit.name},
        "kind": incident.kind,
        "occurred_at": incident.occurred_at,
        "reported_at": incident.reported_at,
        "severity": incident.experienced_severity,
        "is_open": incident.is_open,
        "url": _absolute(request, incident.get_absolute_url()),
    }


def task(request, item):
    return {
        "id": item.pk,
        "case": item.incident_id,
        "case_number": item.incident.number,
        "title": str(item),
        "kind": item.kind,
        "status": item.status,
        "due_at": item.due_at,
        "completed_at": item.completed_at,
        "url": _absolute(request, item.incident.get_absolute_url()),
    }


@api.post(
    "/episodes",
    operation_id="report_episode",
    summary="Report an episode (the quick report)",
    response={
        200: Episode,
        201: Episode,
        400: Error,
        409: AlreadyReportedError,
        422: InvalidReport,
        **DENIED,
    },
)
def report_episode(
    request, payload: QuickReport, idempotency_key: str = Header(..., alias="Idempotency-Key")
):
    """Registers an episode as the quick report does. The same `Idempotency-Key` sent again
    answers 200 with the case it made: one case, however often a client retries."""
    person = person_of(request)
    key = reports.submission_key(person, idempotency_key)
    earlier = reports.already_made(person, key)
    if earlier is not None:
        return Status(200, episode(request, earlier))
    return Status(201, episode(request, reports.report(person, payload, key)))


@api.get(
    "/episodes",
    operation_id="list_my_episodes",
    summary="My episodes",
    response={200: EpisodePage, **DENIED},
)
def list_my_episodes(request, page: int = 1):
    """The episodes the person reported or that happened to them, newest first."""
    person = person_of(request)
    shown = Paginator(NewestConcerning(person), PAGE_SIZE).get_page(page)
    audit.record(actor=person, action=Action.API_EPISODES_LISTED, request=request, count=len(shown))
    return {
        "count": shown.paginator.count,
        "page": shown.number,
        "pages": shown.paginator.num_pages,
        "items": [episode(request, incident) for incident in shown],
    }


@api.get(
    "/cases/{case_id}",
    operation_id="get_case",
    summary="A case, as the person may see it",
    response={200: Case, 404: Error, **DENIED},
)
def get_case(request, case_id: int):
    """The case of the follow-up page: 404 for a case the person may not see."""
    person = person_of(request)
    incident = get_object_or_404(
        CASE_FACTS.prefetch_related("triggers").visible_to(person), pk=case_id
    )
    record_read(request, incident, purpose=_("Follow-up"), via="api")
    tasks = incident.tasks.select_related("incident").order_by("due_at", "order", "pk")
    return {
        **episode(request, incident),
        "description": incident.description,
        "acts": [str(act) for act in incident.acts.all()],
        "triggers": [str(trigger) for trigger in incident.triggers.all()],
        "closed_at": incident.closed_at,
        "voided_at": incident.voided_at,
        "tasks": [task(request, item) for item in tasks],
    }


@api.get(
    "/tasks",
    operation_id="list_my_tasks",
    summary="My open follow-up tasks",
    response={200: list[Task], **DENIED},
)
def list_my_tasks(request):
    """The open tasks given to the person, nearest deadline first (the page "Opgaver")."""
    person = person_of(request)
    tasks = list(
        FollowUpTask.objects.open()
        .assigned_to(person)
        .select_related("incident__unit")
        .order_by("due_at", "pk")
    )
    audit.record(actor=person, action=Action.API_TASKS_LISTED, request=request, count=len(tasks))
    return [task(request, item) for item in tasks]


class StatisticsFilter(Schema):
    period: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    unit: int | None = None
    kind: str | None = None
    severity: int | None = None


@api.get(
    "/statistics",
    operation_id="get_statistics",
    summary="The overview's figures",
    response={200: Statistics, 404: Error, 422: InvalidReport, **DENIED},
)
def get_statistics(request, filters: Query[StatisticsFilter]):
    """The figures of the overview (/overblik/) for the same filters, protected exactly as the
    page protects them for the caller. A statistics key reads its municipality's, always
    protected."""
    token = request.auth
    units = (
        access.stats_units(request.user)
        if token.is_personal
        else access.statistics_token_units(token.municipality_id)
    )
    if not units:
        raise Http404
    form = OverviewFilter(filters.dict(exclude_none=True), units=units)
    if not form.is_valid():
        raise ApiError(
            422,
            "invalid_filter",
            _("The filters are not valid."),
            fields={name: list(errors) for name, errors in form.errors.items()},
        )
    selection = form.selection(request.user)
    with replica_reads():  # the read replica when there is one, as the overview page
        if token.is_personal:
            seen = summary.figures_seen_by(request.user, selection)
        else:
            seen = summary.figures_for(selection, protected=True)
        answer = figures.as_json(seen, selection)
    audit.record(
        actor=request.user,
        action=Action.API_STATISTICS_READ,
        unit=token.municipality,
        request=request,
        token=token.pk,
        filters=form.used(),
    )
    return answer
