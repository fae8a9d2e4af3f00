from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.accounts.models import User
from tryghed.core.forms import ModelChoiceField, ModelIdsField, past_day
from tryghed.followup.models import Block, ConversationKind, RemovalRule, SparringForm
from tryghed.incidents.forms import WEB_ADDRESS
from tryghed.incidents.models import Incident, Platform, q_active
from tryghed.incidents.text import profile_key
from tryghed.organizations import directory


class DoneForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()

    def clean_completed_on(self):
        return past_day(self.cleaned_data["completed_on"])


class CounsellingForm(DoneForm):
    """Only the date counselling was offered: never anything about the counselling itself."""

    note = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].label = _("Offered on")


class NotRelevantForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not relevant?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why the task is not relevant.")},
    )


class NoPoliceReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the episode not reported to the police?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As a rule every episode of violence and threats is reported."),
        error_messages={"required": _("Not reporting needs a reason. Write it here.")},
    )


class WorkInjuryForm(forms.Form):
    reference = forms.CharField(
        label=_("The case number in the work-injury system"),
        max_length=100,
        error_messages={"required": _("Write the case number the system gave the report.")},
    )
    filed_on = forms.DateField(
        label=_("Filed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    offensive_form_filed = forms.BooleanField(
        label=_("The form on offensive incidents is filled in too"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].initial = timezone.localdate()


class CenterHeadsField(ModelIdsField):
    """Each center head named with the centers they head, so the right one is chosen."""

    def label_from_instance(self, person):
        centers = ", ".join(held.unit.name for held in person.centers_headed)
        return f"{person.name} ({centers})" if centers else person.name


class InformForm(forms.Form):
    union_reps = ModelIdsField(
        label=_("Inform the union rep (they can then see the case)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    center_heads = CenterHeadsField(
        label=_("Inform other center heads (they get a short summary, not the case)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The summary says the kind of episode, the day, the unit and whether it is serious. "
            "Never what happened."
        ),
    )
    note = forms.CharField(
        label=_("Who else is told, and how"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("There is no general message to the whole organization."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        reps = directory.union_reps_of(unit)
        self.fields["union_reps"].queryset = User.objects.filter(pk__in=[r.pk for r in reps])
        self.fields["center_heads"].queryset = directory.other_center_heads(unit)


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=300)
    owner = ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class EvaluationForm(forms.Form):
    showed_gap = forms.BooleanField(
        label=_("The episode showed a gap in our prevention"),
        help_text=_(
            "The unit's risk assessment is then flagged for revision, and the manager gets a "
            "task to make a new one with the safety rep."
        ),
        required=False,
    )
    no_measures_reason = forms.CharField(
        label=_("If no measures are needed: why not?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def measure_formset(data=None, *, people):
    formset = forms.formset_factory(MeasureForm, extra=3, max_num=10)
    return formset(data, prefix="measures", form_kwargs={"people": people})


class PoliceReportForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the police report"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Composed from the case. Correct and complete it; the employee reads it before it "
            "is sent."
        ),
        error_messages={"required": _("The police report needs a text.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case reopened?"),
        max_length=300,
        error_messages={"required": _("Write why the case is reopened.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a comment.")},
    )


class PostRemovalForm(forms.Form):
    post_url = forms.CharField(
        label=_("The post's address"), max_length=1000, validators=[WEB_ADDRESS]
    )
    rule = forms.ChoiceField(
        label=_("The rule the decision rests on"),
        choices=RemovalRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the rule the removal rests on.")},
    )


class BlockForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    profile = forms.CharField(
        label=_("The profile"), max_length=300, help_text=_("The profile's name or address.")
    )
    reason = forms.CharField(
        label=_("Why is the citizen blocked?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    justification = forms.CharField(
        label=_("Written justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when there are fewer than two episodes from the same person."),
    )
    review_on = forms.DateField(
        label=_("Review the block on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident
        self.fields["review_on"].initial = timezone.localdate() + timedelta(days=180)
        if incident.platform:
            self.fields["platform"].initial = incident.platform

    def clean_review_on(self):
        day = self.cleaned_data["review_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        repeated = len(self._episodes_from_the_person(cleaned.get("profile", ""))) >= 2
        if not repeated and not cleaned.get("justification"):
            self.add_error(
                "justification",
                _(
                    "Blocking needs repetition: at least two episodes linked to the same "
                    "person, or a written justification."
                ),
            )
        return cleaned

    def _episodes_from_the_person(self, profile):
        """This episode and the unit's others from the same person: by the perpetrator
        reference, or by the profile typed here, matched against references, links and
        earlier blocks however it was written."""
        incident = self.incident
        found = {incident.pk}
        if incident.perpetrator_id:
            found |= set(incident.perpetrator.incidents.active().values_list("pk", flat=True))
        if profile:
            named = Incident.objects.naming_profile(incident.unit, profile)
            found |= set(named.values_list("pk", flat=True))
            key = profile_key(profile)
            blocks = Block.objects.filter(q_active("incident__"), unit=incident.unit)
            found |= {
                b.incident_id
                for b in blocks.only("incident", "profile")
                if profile_key(b.profile) == key
            }
        return found


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SparringPlanForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Sparring or supervision"),
        choices=SparringForm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose sparring or supervision.")},
    )
    planned_on = forms.DateField(
        label=_("Planned for"),
        widget=_date_input(),
        error_messages={"required": _("Write the day it is planned for.")},
    )

    def clean_planned_on(self):
        day = self.cleaned_data["planned_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The planned day has passed. Choose today or later."))
        return day


class SparringHeldForm(forms.Form):
    """That the planned sparring or supervision took place, and when: never what was said."""

    held_on = forms.DateField(label=_("Took place on"), widget=_date_input())

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        return past_day(self.cleaned_data["held_on"])

    def clean(self):
        if not hasattr(self.task, "sparring"):
            raise forms.ValidationError(_("Plan the sparring or supervision first."))
        return super().clean()


REVIEW_AFTER_DAYS = 180


class CitizenConversationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you were in contact with the citizen.")},
    )
    held_on = forms.DateField(label=_("Date of the contact"), widget=_date_input())
    agreements = forms.CharField(
        label=_("What was said and agreed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the citizen was told (for example the possible consequences) and the "
            "agreements made to avoid it happening again. Write only what the next meeting "
            "needs: no names, no CPR numbers."
        ),
        error_messages={"required": _("Write what was said and agreed.")},
    )
    review_on = forms.DateField(label=_("Review the agreements on"), widget=_date_input())

    def __init__(self, *args, incident, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident = incident
        chosen = kinds or ConversationKind.values
        self.fields["kind"].choices = [c for c in ConversationKind.choices if c[0] in chosen]
        if len(chosen) == 1:
            self.fields["kind"].initial = chosen[0]
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["review_on"].initial = timezone.localdate() + timedelta(days=REVIEW_AFTER_DAYS)

    def clean_held_on(self):
        return past_day(self.cleaned_data["held_on"])

    def clean_review_on(self):
        day = self.cleaned_data["review_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future."))
        return day

    def clean(self):
        if self.incident.perpetrator_id is None:
            raise forms.ValidationError(
                _(
                    "The case has no perpetrator reference. Add one (initials or a case "
                    "number) under the case's details first."
                )
            )
        return super().clean()
