from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tryghed.core.forms import problems
from tryghed.core.wording import worded
from tryghed.organizations import access, directory
from tryghed.organizations.models import Contact, ContactKind, Unit
from tryghed.prevention import forms, services
from tryghed.prevention.models import (
    GUIDELINE_SLUGS,
    Cornerstone,
    Course,
    CourseSession,
    GuidelineKind,
    LocalGuideline,
    Measure,
    OnboardingChecklist,
    RiskAssessment,
    SurveyResult,
)
from tryghed.prevention.wording import RISK_POINTS

ANSWER_FIELDS = ["answer", "note", "measure_title", "measure_owner", "measure_due_on"]

SLUG_OF = GUIDELINE_SLUGS
KIND_SLUGS = {slug: kind for kind, slug in GUIDELINE_SLUGS.items()}


def _unit_or_404(request, pk, may):
    unit = get_object_or_404(Unit, pk=pk)
    if not may(request.user, unit):
        raise Http404
    return unit


def _unit_for_work(request, pk):
    """A unit whose prevention the person changes: 404 when they may not read it, 403 when
    they may read but not change it."""
    unit = _unit_or_404(request, pk, access.may_read_unit_guidance)
    if not access.may_work_on_prevention(request.user, unit):
        raise PermissionDenied
    return unit


def _follows(user, unit):
    return unit.pk in access.prevention_units(user)


# --- Overview ---------------------------------------------------------------------------------


@login_required
def overview(request):
    """The units whose prevention the person follows, with where each stands; for everyone
    else the guideline and crisis plan of their own units."""
    user = request.user
    followed = Unit.objects.filter(pk__in=access.prevention_units(user)).order_by("name")
    rows = services.where_units_stand(followed, Measure.objects.visible_to(user))
    own = Unit.objects.filter(memberships__user=user).distinct().order_by("name")
    context = {
        "rows": rows,
        "own_units": own,
        "checklists": OnboardingChecklist.objects.filter(person=user).select_related("unit"),
        "may_train": bool(_training_units(user)),
        "may_list_measures": _may_list_measures(user),
    }
    return render(request, "prevention/overview.html", context)


@login_required
def unit_page(request, pk):
    unit = _unit_or_404(request, pk, access.may_read_unit_guidance)
    user = request.user
    follows = _follows(user, unit)
    context = {
        "unit": unit,
        "follows": follows,
        "may_work": access.may_work_on_prevention(user, unit),
        "guidelines": [
            (kind, label, SLUG_OF[kind], LocalGuideline.objects.current_for(unit, kind))
            for kind, label in GuidelineKind.choices
        ],
    }
    if follows:
        assessments = RiskAssessment.objects.filter(unit=unit).select_related(
            "manager_signed_by", "safety_rep_signed_by"
        )
        context.update(
            assessments=assessments,
            current=services.current_assessment(unit),
            revisions=services.open_revisions(unit),
            measures=Measure.objects.visible_to(user)
            .open()
            .filter(unit=unit)
            .select_related("owner"),
            checklists=OnboardingChecklist.objects.visible_to(user)
            .open()
            .filter(unit__in=access.tree().descendants([unit.pk]))
            .select_related("person"),
            without_safety_rep=not services.needs_safety_rep(unit),
            may_list_measures=_may_list_measures(user),
            **_surveys_for(unit),
        )
    return render(request, "prevention/unit.html", context)


# --- Risk assessment --------------------------------------------------------------------------


@login_required
def risk_assessment_new(request, unit_pk):
    unit = _unit_for_work(request, unit_pk)
    return _assessment_form(request, unit, None)


@login_required
def risk_assessment_edit(request, pk):
    assessment = get_object_or_404(RiskAssessment.objects.visible_to(request.user), pk=pk)
    if assessment.is_complete or not access.may_work_on_prevention(request.user, assessment.unit):
        raise PermissionDenied
    return _assessment_form(request, assessment.unit, assessment)


def _assessment_form(request, unit, assessment):
    people = directory.people_in(unit)
    if assessment:
        initial = {
            "assessed_on": assessment.assessed_on,
            "risk_level": assessment.risk_level,
            "reasons": assessment.reasons,
        }
    else:
        initial = {"assessed_on": timezone.localdate(), "risk_level": unit.risk_level}
    rows = _answer_rows(assessment)
    data = request.POST if request.method == "POST" else None
    form = forms.RiskAssessmentForm(data, initial=initial)
    answers = forms.answer_formset(data, people=people, initial=rows)
    if data is not None and not rows:
        form.add_error(None, _("There are no points to assess. An administrator adds them first."))
    if data is not None and form.is_valid() and answers.is_valid():
        assessment = services.save_risk_assessment(
            unit=unit,
            by=request.user,
            assessment=assessment,
            answers=[
                {**answer.cleaned_data, **_copied(row)}
                for answer, row in zip(answers, rows, strict=True)
            ],
            **form.cleaned_data,
        )
        messages.success(
            request,
            _(
                "The risk assessment is saved. It is complete when the manager and the safety "
                "rep have signed it."
            ),
        )
        return redirect(assessment)
    context = {
        "unit": unit,
        "assessment": assessment,
        "form": form,
        "answers": answers,
        "problems": problems(form, answers) if data is not None else [],
        "cornerstones": Cornerstone.choices,
        "figures": _figures_for(request.user, unit),
        **_surveys_for(unit),
    }
    return render(request, "prevention/risk_assessment_form.html", context)


def _answer_rows(assessment):
    """The points to assess (a draft's own copies, or the points in use), each with its label
    in the reader's language."""
    if assessment:
        rows = assessment.answers.values("cornerstone", "code", "point", *ANSWER_FIELDS)
    else:
        rows = [
            {"cornerstone": c.cornerstone, "code": c.code, "point": c.text}
            for c in services.checkpoints()
        ]
    return [{**row, "label": worded(row["point"], row["code"], RISK_POINTS)} for row in rows]


def _copied(row):
    """What an answer keeps of its point: the code and the own text, never the label."""
    return {"cornerstone": row["cornerstone"], "code": row["code"], "point": row["point"]}


def _figures_for(user, unit):
    """The unit's figures of the last 12 months, for those who read its cases; others see
    them, with small counts hidden, in the overview."""
    if unit.pk in access.units_where(user, access.Perm.VIEW_CASES):
        return services.figures(unit)
    return None


def _surveys_for(unit, on=None):
    """The latest APV and well-being results the assessment stands on (for a complete one:
    those it was made with), beside Tryghed's figures, and the survey system they live in."""
    return {
        "surveys": SurveyResult.objects.latest_of_each_kind(unit, on=on),
        "survey_system": services.survey_system(unit),
    }


@login_required
def survey_result_new(request, unit_pk):
    unit = _unit_for_work(request, unit_pk)
    form = forms.SurveyResultForm(request.POST or None, system=services.survey_system(unit))
    if request.method == "POST" and form.is_valid():
        services.record_survey_result(unit=unit, by=request.user, **form.cleaned_data)
        messages.success(request, _("The survey results are saved with the risk assessment."))
        current = services.current_assessment(unit)
        return redirect(current or reverse("prevention:unit", args=[unit.pk]))
    context = {"unit": unit, "form": form, "survey_system": services.survey_system(unit)}
    return render(request, "prevention/survey_result_form.html", context)


@login_required
def risk_assessment(request, pk):
    assessment = get_object_or_404(
        RiskAssessment.objects.visible_to(request.user).select_related(
            "unit", "manager_signed_by", "safety_rep_signed_by"
        ),
        pk=pk,
    )
    user = request.user
    context = {
        "assessment": assessment,
        "unit": assessment.unit,
        "answers": assessment.answers.select_related("measure_owner", "measure"),
        "sign_as": _sign_as(user, assessment),
        "may_edit": not assessment.is_complete
        and access.may_work_on_prevention(user, assessment.unit),
        "figures": _figures_for(user, assessment.unit),
        "without_safety_rep": not services.needs_safety_rep(assessment.unit),
        **_surveys_for(
            assessment.unit, on=assessment.assessed_on if assessment.is_complete else None
        ),
    }
    return render(request, "prevention/risk_assessment.html", context)


def _sign_as(user, assessment):
    """A button for each signature the person may still give."""
    return [
        (signature, _("Sign as manager"))
        if access.gives_manager_signature(signature)
        else (signature, _("Sign as safety rep"))
        for signature in access.signatures_to_give(user, assessment)
    ]


@require_POST
@login_required
def sign_risk_assessment(request, pk):
    assessment = get_object_or_404(RiskAssessment.objects.visible_to(request.user), pk=pk)
    signature = request.POST.get("role")
    if signature not in access.signatures(request.user, assessment.unit):
        raise PermissionDenied
    try:
        assessment = services.sign_risk_assessment(
            assessment=assessment, by=request.user, role=signature
        )
    except services.CannotSign:
        messages.error(
            request, _("You have already signed in the other role: someone else signs here.")
        )
        return redirect(assessment)
    if assessment.is_complete:
        messages.success(
            request, _("The risk assessment is complete. Its measures are on the unit's list.")
        )
    else:
        messages.success(request, _("Your signature is recorded."))
    return redirect(assessment)


# --- Local guideline --------------------------------------------------------------------------


def _kind(slug):
    if slug not in KIND_SLUGS:
        raise Http404
    return KIND_SLUGS[slug]


@login_required
def guideline(request, unit_pk, slug):
    unit = _unit_or_404(request, unit_pk, access.may_read_unit_guidance)
    kind = _kind(slug)
    current = LocalGuideline.objects.current_for(unit, kind)
    context = {
        "unit": unit,
        "kind": kind,
        "kind_label": GuidelineKind(kind).label,
        "slug": slug,
        "guideline": current,
        "sections": services.guideline_sections(kind, current) if current else [],
        "versions": LocalGuideline.objects.filter(unit=unit, kind=kind),
        "may_work": access.may_work_on_prevention(request.user, unit),
        "health_contact": Contact.objects.nearest(unit, ContactKind.OCCUPATIONAL_HEALTH),
    }
    return render(request, "prevention/guideline.html", context)


@login_required
def guideline_version(request, pk):
    version = get_object_or_404(LocalGuideline, pk=pk)
    if not access.may_read_unit_guidance(request.user, version.unit):
        raise Http404
    context = {
        "unit": version.unit,
        "kind": version.kind,
        "kind_label": version.get_kind_display(),
        "slug": SLUG_OF[version.kind],
        "guideline": version,
        "sections": services.guideline_sections(version.kind, version),
        "versions": [],
        "is_old_version": True,
    }
    return render(request, "prevention/guideline.html", context)


@login_required
def guideline_pdf(request, unit_pk, slug):
    from weasyprint import HTML  # slow to import; only this page needs it

    unit = _unit_or_404(request, unit_pk, access.may_read_unit_guidance)
    kind = _kind(slug)
    current = LocalGuideline.objects.current_for(unit, kind)
    if current is None:
        raise Http404
    html = render_to_string(
        "prevention/guideline_pdf.html",
        {
            "unit": unit,
            "guideline": current,
            "kind_label": current.get_kind_display(),
            "sections": services.guideline_sections(kind, current),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slug}-{current.unit.code}-v{current.version}.pdf"'
    )
    return response


@login_required
def guideline_new(request, unit_pk, slug):
    kind = _kind(slug)
    unit = _unit_for_work(request, unit_pk)
    current = LocalGuideline.objects.filter(unit=unit, kind=kind).order_by("-version").first()
    initial = {"approved_on": timezone.localdate()}
    if current:
        initial["discuss_every_months"] = current.discuss_every_months
        initial.update({f"section_{k}": text for k, text in current.sections.items()})
    form = forms.GuidelineForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.publish_guideline(
            unit=unit,
            kind=kind,
            by=request.user,
            sections=form.sections(),
            approved_on=form.cleaned_data["approved_on"],
            minutes_reference=form.cleaned_data["minutes_reference"],
            discuss_every_months=form.cleaned_data["discuss_every_months"],
        )
        messages.success(
            request, _("The new version is published. The unit's employees read it from now on.")
        )
        return redirect("prevention:guideline", unit_pk=unit.pk, slug=slug)
    context = {"unit": unit, "kind_label": GuidelineKind(kind).label, "slug": slug, "form": form}
    return render(request, "prevention/guideline_form.html", context)


# --- Crisis plan ------------------------------------------------------------------------------


@login_required
def crisis_plan(request, unit_pk):
    unit = _unit_or_404(request, unit_pk, access.may_read_unit_guidance)
    context = {
        "unit": unit,
        "plan": services.crisis_plan(unit),
        "is_default": not unit.crisis_steps.exists(),
        "may_work": access.may_work_on_prevention(request.user, unit),
    }
    return render(request, "prevention/crisis_plan.html", context)


@login_required
def crisis_plan_edit(request, unit_pk):
    unit = _unit_for_work(request, unit_pk)
    initial = [
        {
            "action": row["step"].action,
            "responsible": row["step"].responsible,
            "note": row["step"].note,
        }
        for row in services.crisis_plan(unit)
    ]
    steps = forms.crisis_formset(request.POST or None, initial=initial)
    if request.method == "POST" and steps.is_valid():
        chosen = [row.cleaned_data for row in steps if row.cleaned_data.get("action")]
        services.save_crisis_plan(unit=unit, by=request.user, steps=chosen)
        messages.success(request, _("The crisis plan is saved."))
        return redirect("prevention:crisis_plan", unit_pk=unit.pk)
    context = {
        "unit": unit,
        "steps": steps,
        "problems": problems(steps) if request.method == "POST" else [],
    }
    return render(request, "prevention/crisis_plan_form.html", context)


# --- Training ---------------------------------------------------------------------------------


def _training_units(user):
    """The units where the person registers courses and sees who lacks one: where they do the
    unit's prevention work (managers and safety reps)."""
    ids = access.units_where(user, access.Perm.EDIT_CASES)
    return Unit.objects.filter(pk__in=ids).order_by("name")


@login_required
def training(request):
    units = _training_units(request.user)
    if not units:
        raise Http404
    courses = list(Course.objects.all())
    context = {
        "competence_contact": Contact.objects.nearest(units.first(), ContactKind.COMPETENCE),
        "lacking": services.lacking_course(units, courses),
        "sessions": CourseSession.objects.filter(unit__in=units)
        .select_related("course", "unit")
        .prefetch_related("participants"),
    }
    return render(request, "prevention/training.html", context)


@login_required
def course_session_new(request):
    units = _training_units(request.user)
    if not units:
        raise Http404
    people = (
        get_user_model()
        .objects.filter(memberships__unit__in=units, is_active=True)
        .distinct()
        .order_by("name")
    )
    form = forms.CourseSessionForm(request.POST or None, units=units, people=people)
    if request.method == "POST" and form.is_valid():
        services.register_course(
            session=form.save(commit=False),
            by=request.user,
            participants=list(form.cleaned_data["participants"]),
        )
        messages.success(request, _("The course is registered."))
        return redirect("prevention:training")
    return render(request, "prevention/course_session_form.html", {"form": form})


# --- Onboarding -------------------------------------------------------------------------------


@login_required
def onboarding(request, pk):
    checklist = get_object_or_404(
        OnboardingChecklist.objects.visible_to(request.user).select_related("person", "unit"),
        pk=pk,
    )
    may_tick = access.may_tick_onboarding(request.user, checklist)
    if request.method == "POST":
        if not may_tick:
            raise PermissionDenied
        items = {str(pk): pk for pk in checklist.items.values_list("pk", flat=True)}
        done = [items[pk] for pk in request.POST.getlist("done") if pk in items]
        services.tick_onboarding(checklist=checklist, by=request.user, done_ids=done)
        messages.success(request, _("The checklist is saved."))
        return redirect(checklist)
    context = {
        "checklist": checklist,
        "items": checklist.items.select_related("done_by"),
        "may_tick": may_tick,
    }
    return render(request, "prevention/onboarding.html", context)


# --- Measures ---------------------------------------------------------------------------------


@login_required
def measures(request):
    """The measures of the units the person looks after: open first, overdue at the top."""
    if not _may_list_measures(request.user):
        raise Http404
    visible = Measure.objects.visible_to(request.user)
    rows = visible.select_related("unit", "owner", "incident").order_by("done_at", "due_on", "pk")
    stoppable = {
        m.pk
        for m in rows
        if m.repeat_every_weeks and access.may_work_on_prevention(request.user, m.unit)
    }
    context = {"measures": rows, "today": timezone.localdate(), "stoppable": stoppable}
    return render(request, "prevention/measures.html", context)


def _may_list_measures(user):
    return access.may_list_measures(user, Measure.objects.filter(owner=user))


@require_POST
@login_required
def complete_measure(request, pk):
    measure = get_object_or_404(Measure.objects.visible_to(request.user), pk=pk)
    if not access.may_complete_measure(request.user, measure):
        raise PermissionDenied
    if measure.done_at is None:
        services.complete_measure(measure=measure, by=request.user)
        messages.success(request, _("The measure is marked as done."))
    return redirect("prevention:measures")


@login_required
def sparring_new(request, unit_pk):
    """Sparring planned as prevention: a recurring measure of the unit."""
    unit = _unit_for_work(request, unit_pk)
    form = forms.RecurringSparringForm(request.POST or None, people=directory.people_in(unit))
    if request.method == "POST" and form.is_valid():
        services.plan_recurring_measure(unit=unit, by=request.user, **form.cleaned_data)
        messages.success(request, _("The sparring is planned. It is on the unit's measures."))
        return redirect("prevention:unit", pk=unit.pk)
    return render(request, "prevention/sparring_form.html", {"unit": unit, "form": form})


@require_POST
@login_required
def stop_repeating(request, pk):
    measure = get_object_or_404(Measure.objects.visible_to(request.user), pk=pk)
    if not access.may_work_on_prevention(request.user, measure.unit):
        raise PermissionDenied
    if measure.repeat_every_weeks:
        services.stop_repeating(measure=measure, by=request.user)
        messages.success(request, _("The series is stopped: no new time follows this one."))
    return redirect("prevention:measures")
