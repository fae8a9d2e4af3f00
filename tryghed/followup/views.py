from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tryghed.audit.models import Action
from tryghed.core.forms import keep_failed, take_failed
from tryghed.followup import calendar_feed, casefile, deadlines, forms, kinds, police, services
from tryghed.followup.models import (
    Block,
    CalendarFeed,
    CaseTemplate,
    CitizenConversation,
    FollowUpTask,
    PoliceReport,
    PoliceReportStatus,
    PostRemoval,
)
from tryghed.incidents.models import Incident
from tryghed.incidents.shortcuts import record_read, visible_incident_or_404
from tryghed.organizations import access, directory
from tryghed.organizations.models import Contact, ContactKind, Municipality, Unit

# The case page shows the facts in a card on top: what they need loaded with the case.
CASE_FACTS = Incident.objects.select_related(
    "unit", "reported_by", "severity_given_by", "perpetrator"
).prefetch_related("affected", "acts")


@login_required
def case(request, pk):
    incident = visible_incident_or_404(request, pk, CASE_FACTS)
    record_read(request, incident, purpose=_("Follow-up"))
    return _render_case(request, incident)


CASE_FILE_TYPES = {"pdf": "application/pdf", "json": "application/json; charset=utf-8"}


@never_cache
@login_required
def case_file(request, pk, file_format):
    """The case as the reader may see it, for the municipality's journal: a PDF to file, or
    the same content as JSON (followup/schemas/case_file.schema.json) for systems that import."""
    incident = visible_incident_or_404(request, pk, CASE_FACTS)
    data = casefile.collect(incident, request.user)
    body = casefile.pdf(data) if file_format == "pdf" else casefile.to_json(data)
    record_read(
        request,
        incident,
        Action.CASE_FILE_DOWNLOADED,
        purpose=_("Filing in the journal"),
        format=file_format,
        tasks=len(data["tasks"]),
    )
    response = HttpResponse(body, content_type=CASE_FILE_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="sag-{incident.number}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _case_page(incident):
    return f"followup:case:{incident.pk}"


def _back_to_case(request, incident, name, form=None, anchor="", **facts):
    """A form on the follow-up page that failed (or a refused step): kept for the page, and
    the browser sent back to it, so a reload never posts it again."""
    keep_failed(request, _case_page(incident), name, form, **facts)
    return redirect(reverse("followup:case", args=[incident.pk]) + anchor)


def _render_case(request, incident):
    """The case page: the facts and the deadlines that run, the next steps (the open tasks,
    nearest deadline first), then what is done, with any form that failed where it was
    typed."""
    kept = take_failed(request, _case_page(incident))
    user, now = request.user, timezone.now()
    tasks = list(incident.tasks.prefetch_related("assignees").select_related("completed_by"))
    rows = [_task_row(user, task, kept, now) for task in tasks]
    open_rows = sorted((r for r in rows if r["task"].is_open), key=_by_deadline)
    next_rows, later_rows = _next_and_later(open_rows, now)
    context = {
        "incident": incident,
        "open_rows": open_rows,
        "next_rows": next_rows,
        "later_rows": later_rows,
        "later_has_errors": any(row["has_errors"] for row in later_rows),
        "done_rows": [row for row in rows if not row["task"].is_open],
        "done_count": len(rows) - len(open_rows),
        "task_count": len(rows),
        "deadlines": deadlines.running(incident, tasks, now),
        "now": now,
        **_more_of_the_case(request, incident, kept),
    }
    return render(request, "followup/case.html", context)


def _next_and_later(open_rows, now, shown=3):
    """The next steps are every overdue task and the nearest others, at least `shown` in all;
    the rest, none of them due yet, are folded as later, so the next step is within reach on
    a phone."""
    overdue = sum(1 for row in open_rows if row["task"].due_at < now)
    cut = max(shown, overdue)
    return open_rows[:cut], open_rows[cut:]


def _by_deadline(row):
    return (row["task"].due_at, row["task"].order, row["task"].pk)


def _task_row(user, task, kept, now):
    forms_ = TaskForms(task, kept)
    return {
        "task": task,
        "kind": kinds.of(task),
        "may_act": access.may_act_on_task(user, task),
        "forms": forms_,
        "has_errors": forms_.has_errors,
        "countdown": deadlines.countdown(task.due_at, now),
        "owners": _owners(task, user),
    }


def _owners(task, user):
    """Who does the task, the reader as "you", first."""
    people = sorted(task.assignees.all(), key=lambda person: (person.pk != user.pk, person.name))
    names = [_("you") if person.pk == user.pk else person.name for person in people]
    return ", ".join(names) or task.get_assignee_display()


def _more_of_the_case(request, incident, kept):
    user = request.user
    return {
        "may_act": access.may_act_on_followup(user, incident),
        "may_hold": access.may_place_legal_hold(user, incident),
        "support_people": [
            person
            for person in incident.affected.all()
            if access.may_see_support_contacts(user, incident, person)
        ],
        "police_report": PoliceReport.objects.filter(incident=incident).first(),
        "contacts": Contact.objects.for_unit(incident.unit),
        "comment_form": kept.form("comment", forms.CommentForm) or forms.CommentForm(),
        "reopen_form": kept.form("reopen", forms.ReasonForm) or forms.ReasonForm(),
        "cannot_close": incident.tasks.filter(pk__in=kept.facts("close").get("open_tasks", [])),
        "timeline": incident.changes.select_related("changed_by"),
        "conversations": _conversations_read(request, incident),
        "may_record_conversation": access.may_record_citizen_conversation(user, incident),
        "conversation_form": kept.form("conversation", _conversation_form(incident))
        or _conversation_form(incident)(),
        "briefings": incident.briefings.select_related("person", "told_by"),
        "blocks": incident.blocks.select_related("carried_out_by"),
    }


def _conversation_form(incident):
    return lambda data=None: forms.CitizenConversationForm(
        data, incident=incident, prefix="citizen", auto_id="id_citizen-%s"
    )


def _conversations_read(request, incident):
    """The conversations with the citizen behind the case's perpetrator reference, for those
    who read them (None for others); each read is logged as a read of its own case."""
    if incident.perpetrator_id is None:
        return None
    if incident.perpetrator.unit_id not in access.citizen_conversation_units(request.user):
        return None
    found = list(
        CitizenConversation.objects.visible_to(request.user)
        .filter(perpetrator_id=incident.perpetrator_id)
        .select_related("incident", "recorded_by")
    )
    _log_reads(request, found)
    return found


def _log_reads(request, conversations):
    for conversation in conversations:
        record_read(
            request,
            conversation.incident,
            action=Action.CITIZEN_CONVERSATION_VIEWED,
            conversation=conversation.pk,
        )


@require_POST
@login_required
def citizen_conversation(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_record_citizen_conversation(request.user, incident):
        raise PermissionDenied
    form = _conversation_form(incident)(request.POST)
    if not form.is_valid():
        return _back_to_case(request, incident, "conversation", form, anchor="#citizen")
    services.record_conversation(incident=incident, by=request.user, **form.cleaned_data)
    messages.success(request, _("The conversation with the citizen is saved."))
    return redirect(reverse("followup:case", args=[incident.pk]) + "#citizen")


@login_required
def citizen_conversations(request):
    """The units' conversations with citizens, the next review first: what to read before
    meeting a person again. Each one shown is a logged read of its case."""
    if not access.citizen_conversation_units(request.user):
        raise Http404
    found = (
        CitizenConversation.objects.visible_to(request.user)
        .select_related("unit", "perpetrator", "incident", "recorded_by")
        .order_by("perpetrator__reference", "-held_on", "-pk")
    )
    page = Paginator(found, 25).get_page(request.GET.get("side"))
    _log_reads(request, page.object_list)
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "followup/citizen_conversations.html", context)


def _task_form(task, name, data=None):
    """A task's forms share its prefix in their field names, and each has ids of its own (a
    block's "reason" and not-relevant's "reason" are two fields with two labels)."""
    return kinds.step(task, name).form_for(
        task, data, prefix=f"t{task.pk}", auto_id=f"id_{name}-%s"
    )


class TaskForms(Mapping):
    """A task's forms by step: the one that failed bound again to what was typed, otherwise a
    new one, each made when the page first asks for it (the page shows the forms of the open
    tasks, and a case has a dozen tasks, most of them done)."""

    def __init__(self, task, kept):
        self.task, self.kept, self.made = task, kept, {}
        self.names = list(kinds.of(task).steps)

    def __getitem__(self, name):
        if name not in self.names:
            raise KeyError(name)
        if name not in self.made:
            self.made[name] = self.kept.form(
                self._kept_as(name), lambda data: _task_form(self.task, name, data)
            ) or _task_form(self.task, name)
        return self.made[name]

    def __contains__(self, name):
        return name in self.names  # without making the form

    def __iter__(self):
        return iter(self.names)

    def __len__(self):
        return len(self.names)

    def _kept_as(self, name):
        return f"{name}-{self.task.pk}"

    @property
    def has_errors(self):
        """Only a kept form has errors: a new one is not bound."""
        return any(
            self[name].errors for name in self.names if self.kept.has_form(self._kept_as(name))
        )


def _actionable_task(request, pk):
    task = get_object_or_404(FollowUpTask.objects.visible_to(request.user), pk=pk)
    if not access.may_act_on_task(request.user, task) or task.incident.closed_at:
        raise PermissionDenied
    return task


@require_POST
@login_required
def task_action(request, pk, action):
    task = _actionable_task(request, pk)
    if action == "reopen" and not task.is_open:
        services.reopen_task(task=task, by=request.user)
        return redirect(task)
    step = kinds.step(task, action)
    if not task.is_open or step is None:
        raise Http404  # an action this task does not have, or a task already settled
    form = _task_form(task, action, request.POST)
    if not form.is_valid():
        return _back_to_case(
            request, task.incident, f"{action}-{task.pk}", form, anchor=f"#task-{task.pk}"
        )
    step.apply(task, request.user, form.cleaned_data)
    messages.success(request, _("Saved: %(title)s") % {"title": task.label})
    return redirect(task)


@login_required
def evaluation(request, pk):
    task = _actionable_task(request, pk)
    if kinds.of(task).page != "followup:evaluation" or not task.is_open:
        raise Http404
    incident = task.incident
    people = directory.people_in(incident.unit)
    form = forms.EvaluationForm(request.POST or None)
    measures = forms.measure_formset(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid() and measures.is_valid():
        chosen = [row.cleaned_data for row in measures if row.cleaned_data]
        if chosen or form.cleaned_data["no_measures_reason"]:
            services.evaluate(
                task=task,
                by=request.user,
                measures=chosen,
                no_measures_reason=form.cleaned_data["no_measures_reason"],
                showed_gap=form.cleaned_data["showed_gap"],
            )
            messages.success(request, _("The evaluation is saved."))
            return redirect(task)
        form.add_error(
            "no_measures_reason", _("Decide at least one measure, or write why none are needed.")
        )
    context = {"task": task, "incident": incident, "form": form, "measures": measures}
    return render(request, "followup/evaluation.html", context)


@require_POST
@login_required
def close(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_act_on_followup(request.user, incident):
        raise PermissionDenied
    try:
        services.close_case(incident=incident, by=request.user)
    except services.CannotClose as refusal:
        open_tasks = [task.pk for task in refusal.tasks]
        return _back_to_case(request, incident, "close", open_tasks=open_tasks)
    messages.success(request, _("The case is closed."))
    return redirect("followup:case", pk=incident.pk)


@require_POST
@login_required
def reopen(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_act_on_followup(request.user, incident):
        raise PermissionDenied
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return _back_to_case(request, incident, "reopen", form)
    services.reopen_case(incident=incident, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The case is reopened."))
    return redirect("followup:case", pk=incident.pk)


@require_POST
@login_required
def comment(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_act_on_followup(request.user, incident):
        raise PermissionDenied
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        return _back_to_case(request, incident, "comment", form, anchor="#timeline")
    services.add_comment(incident=incident, by=request.user, text=form.cleaned_data["text"])
    return redirect(reverse("followup:case", args=[incident.pk]) + "#timeline")


@login_required
def police_report(request, pk):
    incident = visible_incident_or_404(request, pk)
    if not access.may_read_police_report(request.user, incident):
        raise PermissionDenied
    may_edit = access.may_act_on_followup(request.user, incident)
    is_affected = incident.has_affected(request.user.pk)
    report = PoliceReport.objects.filter(incident=incident).first()
    form = forms.PoliceReportForm(
        request.POST if "save" in request.POST or "send" in request.POST else None,
        initial={"text": report.text if report else police.compose(incident)},
    )
    if request.method == "POST":
        try:
            response = _police_action(request, incident, report, form, may_edit, is_affected)
        except police.WrongState:
            messages.error(
                request, _("The police report has moved on; the page shows where it is now.")
            )
            return redirect("followup:police_report", pk=incident.pk)
        if response is not None:
            return response
    if request.method == "GET":
        record_read(request, incident, Action.POLICE_REPORT_VIEWED, purpose=_("Follow-up"))
    context = {
        "incident": incident,
        "report": report,
        "form": form,
        "may_edit": may_edit,
        "is_affected": is_affected,
        "statuses": PoliceReportStatus,
    }
    return render(request, "followup/police_report.html", context)


def _police_action(request, incident, report, form, may_edit, is_affected):
    """One step of the police report; None re-renders the page (with the form's errors)."""
    post = request.POST
    if "reviewed" in post and is_affected and report:
        police.mark_reviewed(report=report, by=request.user)
    elif not may_edit:
        raise PermissionDenied
    elif "save" in post or "send" in post:
        if not form.is_valid():
            return None
        report = police.save_draft(
            incident=incident, by=request.user, text=form.cleaned_data["text"]
        )
        if "send" in post:
            if report.reviewed_by_employee_at is None:
                form.add_error(
                    None, _("The employee must read the police report before it is sent.")
                )
                return None
            police.send(report=report, by=request.user)
            messages.success(request, _("The police report is sent for signature."))
    elif report and post.get("status") in (
        PoliceReportStatus.SIGNED,
        PoliceReportStatus.COPY_RECEIVED,
    ):
        police.advance(report=report, by=request.user, status=post["status"])
    else:
        raise Http404
    return redirect("followup:police_report", pk=incident.pk)


@login_required
def police_report_pdf(request, pk):
    incident = visible_incident_or_404(request, pk)
    report = get_object_or_404(PoliceReport, incident=incident)
    if not access.may_read_police_report(request.user, incident):
        raise PermissionDenied
    record_read(request, incident, Action.POLICE_REPORT_VIEWED, purpose=_("Follow-up"))
    response = HttpResponse(police.pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="politianmeldelse-{incident.number}.pdf"'
    return response


@login_required
def my_tasks(request):
    tasks = (
        FollowUpTask.objects.open()
        .assigned_to(request.user)
        .select_related("incident__unit")
        .order_by("due_at", "pk")
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("side"))
    return render(request, "followup/my_tasks.html", {"page": page, "now": timezone.now()})


@never_cache
@login_required
def calendar(request):
    """Turn the calendar of one's own deadlines on, renew its address or turn it off. The
    address is shown only in the answer to turning on or renewing: Tryghed keeps its hash."""
    token = None
    if request.method == "POST":
        token = calendar_feed.turn_on(person=request.user, request=request)
    context = {
        "feed": CalendarFeed.objects.filter(person=request.user).first(),
        "feed_url": _feed_url(request, token) if token else None,
        "task_count": calendar_feed.tasks_of(request.user).count(),
    }
    return render(request, "followup/calendar.html", context)


def _feed_url(request, token):
    return request.build_absolute_uri(reverse("followup:calendar_feed", args=[token]))


@require_POST
@login_required
def calendar_off(request):
    calendar_feed.turn_off(person=request.user, request=request)
    messages.success(request, _("The calendar is turned off; its address no longer works."))
    return redirect("followup:calendar")


def calendar_feed_ics(request, token):
    """What a calendar app fetches, without a session: 404 for an unknown or revoked token."""
    feed = calendar_feed.feed_for(token)
    if feed is None:
        raise Http404
    response = HttpResponse(
        calendar_feed.read(feed, request), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="tryghed.ics"'
    return response


@require_POST
@login_required
def removed(request, pk):
    removal = get_object_or_404(
        PostRemoval.objects.filter(incident__in=Incident.objects.visible_to(request.user)), pk=pk
    )
    if not access.may_act_on_followup(request.user, removal.incident):
        raise PermissionDenied
    services.mark_removed(removal=removal, by=request.user)
    return redirect("followup:case", pk=removal.incident_id)


@login_required
def blocks(request):
    """The active blocks of the units the person looks after, by review date."""
    if not access.units_where(request.user, access.Perm.VIEW_CASES):
        raise Http404
    active = Block.objects.visible_to(request.user).active().select_related("unit", "incident")
    context = {"blocks": active, "today": timezone.localdate(), "it": _it_contact(request.user)}
    return render(request, "followup/blocks.html", context)


def _it_contact(user):
    unit = Unit.objects.filter(pk__in=access.units_where(user, access.Perm.VIEW_CASES)).first()
    return Contact.objects.nearest(unit, ContactKind.IT)


def _it_roots(user):
    """The municipalities whose blocks `user` carries out (placed in their IT unit)."""
    municipalities = Municipality.objects.filter(it_unit__isnull=False).select_related("it_unit")
    return [m.unit for m in municipalities if access.carries_out_blocks(user, m.it_unit)]


@login_required
def it_blocks(request):
    """IT's list of blocks to carry out: the platform and the profile, never the case."""
    roots = _it_roots(request.user)
    if not roots:
        raise Http404
    waiting = Block.objects.in_municipalities(roots).awaiting_it()
    waiting = waiting.select_related("unit").order_by("decided_at", "pk")
    return render(request, "followup/it_blocks.html", {"blocks": waiting})


@require_POST
@login_required
def block_carried_out(request, pk):
    roots = _it_roots(request.user)
    if not roots:
        raise Http404
    block = get_object_or_404(Block.objects.in_municipalities(roots).awaiting_it(), pk=pk)
    services.record_block_carried_out(block=block, by=request.user)
    messages.success(request, _("Recorded: %(profile)s is blocked.") % {"profile": block.profile})
    return redirect("followup:it_blocks")


def online_checklist(request):
    """The online-harassment checklist as a one-page handout, from the case template and the
    municipality's contacts."""
    root = Unit.objects.filter(pk=Municipality.objects.root_for(request)).first()
    template = CaseTemplate.for_kind("online", root)
    if template is None:
        raise Http404
    from weasyprint import HTML  # slow to import; only this page needs it

    html = render_to_string(
        "followup/online_checklist_pdf.html",
        {"template": template, "contacts": Contact.objects.for_unit(root) if root else {}},
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="tjekliste-sociale-medier.pdf"'
    return response
