"""The registry of follow-up task kinds: for each `TaskKind`, in one entry, the forms its task
offers on the case page and what posting each one does (the completion rule), the pieces of the
page it shows, and whether it is done on a page of its own. The views, the case page and its
forms only ask this module; a new kind is a value in `TaskKind` and an entry in `KINDS`.

What a task says (its title, guidance and deadline) is data: the case template an administrator
keeps (seeded from `defaults.py`). A kind only decides how the task is done."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from types import MappingProxyType
from typing import Any

from django import forms as django_forms
from django.utils import timezone

from tryghed.followup import forms, services
from tryghed.followup.models import ConversationKind, FollowUpTask, TaskKind

PAGE = "followup/case.html"


def _no_arguments(task: FollowUpTask) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Step:
    """One form a task offers, posted to `followup:task_action` under its name, and the service
    that posting it calls with the form's cleaned data."""

    form: type[django_forms.Form]
    apply: Callable[[FollowUpTask, Any, dict], object]
    arguments: Callable[[FollowUpTask], dict[str, Any]] = _no_arguments

    def form_for(self, task: FollowUpTask, data=None, **options) -> django_forms.Form:
        return self.form(data, **options, **self.arguments(task))


def _noon(day):
    """A day typed on a form, as a moment: noon, well clear of midnight, so the day shown is the
    day typed."""
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _done(task, by, data):
    on = _noon(data["completed_on"])
    services.complete_task(task=task, by=by, note=data.get("note", ""), on=on)


def _not_relevant(task, by, data):
    services.mark_not_relevant(task=task, by=by, reason=data["reason"])


def _executives_informed(task, by, data):
    on = _noon(data["completed_on"])
    services.inform_executives_and_hr(task=task, by=by, note=data.get("note", ""), on=on)


def _work_injury(task, by, data):
    services.record_work_injury(task=task, by=by, **data)


def _inform(task, by, data):
    services.inform(
        task=task,
        by=by,
        union_reps=list(data["union_reps"]),
        center_heads=list(data["center_heads"]),
        note=data["note"],
    )


def _post_removal(task, by, data):
    services.decide_removal(task=task, by=by, **data)


def _block(task, by, data):
    services.block(task=task, by=by, **data)


def _plan_sparring(task, by, data):
    services.plan_sparring(task=task, by=by, **data)


def _sparring_held(task, by, data):
    services.record_sparring_held(task=task, by=by, held_on=data["held_on"])


def _conversation(task, by, data):
    services.record_conversation(incident=task.incident, by=by, task=task, **data)


def _conversation_step(*kinds):
    """Recording the letter or meeting with the citizen, kept with the perpetrator reference."""
    return Step(
        forms.CitizenConversationForm,
        _conversation,
        lambda task: {"incident": task.incident, "kinds": list(kinds)},
    )


def _block_carried_out(task, by, data):
    block = getattr(task, "block", None)
    if block is None:
        return _done(task, by, data)
    services.record_block_carried_out(block=block, by=by, on=_noon(data["completed_on"]))


NOT_RELEVANT = Step(forms.NotRelevantForm, _not_relevant)
DONE = Step(forms.DoneForm, _done)


def _steps(**steps: Step) -> Mapping[str, Step]:
    """A kind's forms by name: "not relevant" (with a reason) first, as every kind offers it
    unless its entry says otherwise."""
    return MappingProxyType({"not_relevant": NOT_RELEVANT, **steps})


@dataclass(frozen=True)
class Spec:
    """How tasks of one kind are done.

    `steps`: the forms by name (the name is the last part of the task's action URL).
    `actions`: the partial showing the open task's buttons and forms to those who may act.
    `notice`: a partial shown above the guidance, or none.
    `guidance_extra`: a partial shown inside the guidance (the contact to call), or none.
    `guidance_open`: an opened task shows its whole guidance; otherwise the first paragraph,
    the rest folded under "More guidance".
    `page`: the URL name of a page of its own where the task is done, if any."""

    steps: Mapping[str, Step] = field(default_factory=lambda: _steps(done=DONE))
    actions: str = f"{PAGE}#actions_done"
    notice: str = ""
    guidance_extra: str = ""
    guidance_open: bool = False
    page: str = ""


KINDS: Mapping[str, Spec] = MappingProxyType(
    {
        TaskKind.ACKNOWLEDGE: Spec(guidance_open=True),
        TaskKind.SUPPORT: Spec(),
        # Only the day counselling was offered; never what it was about.
        TaskKind.COUNSELLING: Spec(
            steps=_steps(done=Step(forms.CounsellingForm, _done)),
            guidance_extra=f"{PAGE}#guidance_counselling",
        ),
        # Done when the police report is sent for signature (police.send), or decided against
        # with a reason: not reporting always needs one, so there is no plain "not relevant".
        TaskKind.POLICE_REPORT: Spec(
            steps=MappingProxyType(
                {"no_police_report": Step(forms.NoPoliceReportForm, _not_relevant)}
            ),
            actions=f"{PAGE}#actions_police_report",
            notice=f"{PAGE}#notice_police_report",
        ),
        # Done when the report filed in the work-injury system is recorded here.
        TaskKind.WORK_INJURY: Spec(
            steps=_steps(work_injury=Step(forms.WorkInjuryForm, _work_injury)),
            actions=f"{PAGE}#actions_work_injury",
            guidance_extra=f"{PAGE}#guidance_work_injury",
        ),
        # Done when the center head has decided who is told: the union reps chosen get the
        # case, the other center heads chosen a summary (briefings.py).
        TaskKind.INFORM: Spec(
            steps=_steps(
                inform=Step(forms.InformForm, _inform, lambda task: {"unit": task.incident.unit})
            ),
            actions=f"{PAGE}#actions_inform",
            guidance_extra=f"{PAGE}#guidance_inform",
        ),
        # Done shares the case with the executives and HR.
        TaskKind.SERIOUS_CASE: Spec(
            steps=_steps(done=Step(forms.DoneForm, _executives_informed)),
            guidance_extra=f"{PAGE}#guidance_serious_case",
        ),
        TaskKind.FOLLOW_UP_TALK: Spec(),
        # Done when the evaluation is saved on its own page (measures, or why none).
        TaskKind.EVALUATION: Spec(
            steps=_steps(), actions=f"{PAGE}#actions_evaluation", page="followup:evaluation"
        ),
        TaskKind.EVIDENCE: Spec(actions=f"{PAGE}#actions_evidence"),
        # Each decision to remove a post completes it; "done" when no post is to be removed.
        TaskKind.POST_REMOVAL: Spec(
            steps=_steps(post_removal=Step(forms.PostRemovalForm, _post_removal), done=DONE),
            actions=f"{PAGE}#actions_post_removal",
        ),
        # Done by the decision to block, which gives the manager a task to confirm IT did it.
        TaskKind.BLOCKING: Spec(
            steps=_steps(
                block=Step(forms.BlockForm, _block, lambda task: {"incident": task.incident})
            ),
            actions=f"{PAGE}#actions_blocking",
            guidance_extra=f"{PAGE}#guidance_it",
        ),
        # Done when IT, or the manager told by IT, records that the block is carried out.
        TaskKind.CONFIRM_BLOCK: Spec(
            steps=_steps(done=Step(forms.DoneForm, _block_carried_out)),
            guidance_extra=f"{PAGE}#guidance_it",
        ),
        # Recording the letter or conversation completes it, kept where the unit reads it
        # before meeting the citizen again; "done" when there is nothing to keep.
        TaskKind.DIALOGUE: Spec(
            steps=_steps(
                conversation=_conversation_step(
                    ConversationKind.LETTER, ConversationKind.CONVERSATION
                ),
                done=DONE,
            ),
            actions=f"{PAGE}#actions_conversation",
        ),
        TaskKind.MEETING: Spec(
            steps=_steps(conversation=_conversation_step(ConversationKind.MEETING), done=DONE),
            actions=f"{PAGE}#actions_conversation",
        ),
        # Added by an evaluation that found a gap; done when the unit's new risk assessment is
        # signed by both (services.revision_done).
        TaskKind.REVISE_RISK: Spec(actions=f"{PAGE}#actions_revise_risk"),
        # Planning moves the deadline to the day planned; done when it has taken place.
        TaskKind.SPARRING: Spec(
            steps=_steps(
                plan_sparring=Step(forms.SparringPlanForm, _plan_sparring),
                sparring_held=Step(
                    forms.SparringHeldForm, _sparring_held, lambda task: {"task": task}
                ),
            ),
            actions=f"{PAGE}#actions_sparring",
            guidance_extra=f"{PAGE}#guidance_sparring",
        ),
        TaskKind.OTHER: Spec(),
    }
)


def of(task: FollowUpTask) -> Spec:
    """The entry for the task's kind (a kind no longer known is done like any other task)."""
    return KINDS.get(task.kind) or KINDS[TaskKind.OTHER]


def step(task: FollowUpTask, name: str) -> Step | None:
    return of(task).steps.get(name)
