from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.core.forms import EARLIEST, ModelChoiceField, ModelIdsField, past_day
from tryghed.organizations.models import RiskLevel
from tryghed.organizations.pickers import UnitChoiceField
from tryghed.prevention import defaults
from tryghed.prevention.models import Answer, Course, CourseSession, Responsible, SurveyKind

User = get_user_model()

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RiskAssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Date of the assessment"), **DATE)
    risk_level = forms.ChoiceField(
        label=_("The unit's risk level"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the unit's risk level.")},
    )
    reasons = forms.CharField(
        label=_("Why this risk level?"),
        help_text=_("For example the kind of contact with citizens, and the episodes of the year."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        error_messages={"required": _("Give the reasons for the risk level.")},
    )

    def clean_assessed_on(self):
        return past_day(self.cleaned_data["assessed_on"])


class RiskAnswerForm(forms.Form):
    """One point of the assessment (its cornerstone and text come from the server, as
    `initial`). "Needs action" asks for the measure: what, who, by when."""

    answer = forms.ChoiceField(
        choices=Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose fine, needs action or not relevant.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 1})
    )
    measure_title = forms.CharField(
        label=_("Measure, if action is needed"), required=False, max_length=300
    )
    measure_owner = ModelChoiceField(
        label=_("Owner of the measure"), required=False, queryset=User.objects.none()
    )
    measure_due_on = forms.DateField(label=_("Deadline of the measure"), required=False, **DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_owner"].queryset = people
        self.fields["answer"].label = self.problem_prefix = self.initial["label"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") != Answer.NEEDS_ACTION:
            cleaned.update(measure_title="", measure_owner=None, measure_due_on=None)
            return cleaned
        if not cleaned.get("measure_title") and "measure_title" not in self.errors:
            self.add_error("measure_title", _("Write what is to be done."))
        if not cleaned.get("measure_owner") and "measure_owner" not in self.errors:
            self.add_error("measure_owner", _("A measure needs an owner."))
        due = cleaned.get("measure_due_on")
        if not due and "measure_due_on" not in self.errors:
            self.add_error("measure_due_on", _("A measure needs a deadline."))
        elif due and due < timezone.localdate():
            self.add_error("measure_due_on", _("The deadline has passed."))
        return cleaned


def answer_formset(data=None, *, people, initial):
    """One form per point, no more and no fewer, whatever the posted management form says."""
    formset = forms.formset_factory(
        RiskAnswerForm,
        extra=0,
        min_num=len(initial),
        max_num=len(initial),
        validate_min=True,
        validate_max=True,
        absolute_max=len(initial),
    )
    return formset(data, initial=initial, prefix="points", form_kwargs={"people": people})


class GuidelineForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved at the MED meeting on"), **DATE)
    minutes_reference = forms.CharField(
        label=_("Minutes reference"),
        help_text=_("Where the minutes of the meeting are, e.g. a case number."),
        max_length=200,
        error_messages={"required": _("Say where the minutes of the meeting are.")},
    )
    discuss_every_months = forms.IntegerField(
        label=_("Discussed every … months"),
        help_text=_("How often the subject is on the agenda, as decided in MED. E.g. 6."),
        min_value=1,
        max_value=36,
        error_messages={
            "min_value": _("The subject must be discussed at least once: give 1 month or more."),
            "max_value": _("Discuss the subject at least every 36 months."),
            "required": _("Decide how often the subject is discussed."),
        },
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in defaults.SECTIONS[kind]:
            self.fields[f"section_{key}"] = forms.CharField(
                label=heading,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.section_keys = [key for key, _heading in defaults.SECTIONS[kind]]

    def clean_approved_on(self):
        return past_day(self.cleaned_data["approved_on"])

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"section_{key}") for key in self.section_keys):
            raise forms.ValidationError(_("Write at least one section."))
        return cleaned

    def sections(self):
        return {key: self.cleaned_data[f"section_{key}"] for key in self.section_keys}


class CrisisStepForm(forms.Form):
    action = forms.CharField(label=_("What is done"), max_length=300, required=False)
    responsible = forms.ChoiceField(
        label=_("Who"), choices=[("", ""), *Responsible.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        # A step without a text is removed, whoever it named.
        if cleaned.get("action") and not cleaned.get("responsible"):
            self.add_error("responsible", _("Say who does it."))
        return cleaned


class CrisisSteps(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("action") for form in self.forms):
            raise forms.ValidationError(_("A crisis plan needs at least one step."))


def crisis_formset(data=None, *, initial):
    formset = forms.formset_factory(
        CrisisStepForm, formset=CrisisSteps, extra=3, max_num=30, absolute_max=40
    )
    return formset(data, initial=initial, prefix="steps")


class CourseSessionForm(forms.ModelForm):
    participants = ModelIdsField(
        label=_("Participants"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who took part.")},
    )

    class Meta:
        model = CourseSession
        fields = ["course", "unit", "held_on", "place"]
        field_classes = {"course": ModelChoiceField, "unit": UnitChoiceField}
        widgets = {"held_on": DATE["widget"]}
        error_messages = {
            "held_on": {"required": _("A course needs a date.")},
            "course": {"required": _("Choose the course.")},
        }

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.all()
        self.fields["unit"].queryset = units
        self.fields["participants"].queryset = people

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day < EARLIEST:
            raise forms.ValidationError(_("The date is too far back."))
        return day


class RecurringSparringForm(forms.Form):
    """Sparring planned as prevention: a measure that comes back every few weeks."""

    title = forms.CharField(label=_("What"), max_length=300)
    owner = ModelChoiceField(
        label=_("Who plans it"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose who plans it.")},
    )
    first_on = forms.DateField(label=_("The first time"), **DATE)
    repeat_every_weeks = forms.IntegerField(
        label=_("Every (weeks)"),
        min_value=1,
        max_value=52,
        initial=4,
        error_messages={
            "min_value": _("Write a number of weeks from 1 to 52."),
            "max_value": _("Write a number of weeks from 1 to 52."),
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["title"].initial = _("Planned sparring with colleagues")
        self.fields["first_on"].initial = timezone.localdate()

    def clean_first_on(self):
        day = self.cleaned_data["first_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The first time has passed. Choose today or later."))
        return day


class SurveyResultForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Survey"),
        choices=SurveyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose APV or well-being survey.")},
    )
    conducted_on = forms.DateField(label=_("Date of the survey"), **DATE)
    findings = forms.CharField(
        label=_("Key findings on violence and threats"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the results say about violence, threats and harassment in the unit."),
        error_messages={"required": _("Write the key findings.")},
    )
    link = forms.URLField(
        label=_("Address of the results in the survey system"), required=False, max_length=200
    )

    def __init__(self, *args, system=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.system = system
        if system is not None and system.url:
            self.fields["link"].help_text = _("An address in %(system)s, beginning %(url)s") % {
                "system": system.name,
                "url": system.url,
            }

    def clean_conducted_on(self):
        return past_day(self.cleaned_data["conducted_on"])

    def clean_link(self):
        link = self.cleaned_data["link"]
        base = self.system.url if self.system is not None else ""
        if link and base and not link.startswith(base):
            raise forms.ValidationError(
                _("Give an address in the municipality's survey system: it begins %(url)s")
                % {"url": base}
            )
        return link
