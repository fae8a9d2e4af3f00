from datetime import datetime, timedelta

from django import forms
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.accounts.models import User
from tryghed.core.forms import EARLIEST, ModelChoiceField, ModelIdsField
from tryghed.core.pickers import SearchSelect, SearchSelectMultiple
from tryghed.incidents.models import (
    ABSENCE_DAYS_MESSAGE,
    CORRECTION_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    Act,
    CorrectionKind,
    HarasserType,
    Incident,
    Kind,
    PerpetratorCategory,
    Platform,
    Severity,
    Trigger,
)
from tryghed.incidents.services import CLOCK_TOLERANCE
from tryghed.incidents.text import looks_like_cpr
from tryghed.incidents.uploads import sniff
from tryghed.organizations import access
from tryghed.organizations.models import Unit
from tryghed.organizations.pickers import UnitChoiceField

KIND_HINTS = {
    Kind.PHYSICAL: _(
        "Hit, kicked, pushed, held, spat at, bitten, pinched, scratched, something thrown"
    ),
    Kind.PSYCHOLOGICAL: _(
        "Threatened, mocked, humiliated, harassed; threats against you, your family or your things"
    ),
    Kind.ONLINE: _(
        "Lies, insults or your personal details spread on Facebook or other social media"
    ),
}


WEB_ADDRESS = URLValidator(
    schemes=["http", "https"], message=_("Write a web address that begins with https://")
)


def clean_links(text):
    """One http(s) address per line; blank lines are dropped."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        WEB_ADDRESS(line)
    return "\n".join(lines)


def check_moment(moment, latest=None):
    """An episode's time: not before 2000, not in the future (or after it was reported)."""
    if moment.date() < EARLIEST:
        raise forms.ValidationError(_("The date is too far back. Write when it happened."))
    if latest is not None and moment > latest:
        raise forms.ValidationError(
            _("The time is after the episode was reported. Write when it happened.")
        )
    if moment > timezone.now() + CLOCK_TOLERANCE:
        raise forms.ValidationError(_("The time is in the future. Write when it happened."))


def moment_on(day, at_time):
    """The moment of `at_time` on `day` in the municipality's time, checked by check_moment."""
    try:
        moment = timezone.make_aware(datetime.combine(day, at_time))
    except OverflowError:
        raise forms.ValidationError(
            _("The date is too far back. Write when it happened.")
        ) from None
    check_moment(moment)
    return moment


def reporting_units(field, reporter):
    """Offer the units where the person may report, with their own unit chosen when they have
    exactly one; returns the units."""
    units = Unit.objects.filter(pk__in=access.units_where(reporter, access.Perm.REPORT))
    field.queryset = units
    own = list(units.filter(memberships__user=reporter).distinct())
    if len(own) == 1:
        field.initial = own[0].pk
    return units


class WhenChoice:
    NOW = "now"
    EARLIER_TODAY = "today"
    YESTERDAY = "yesterday"
    OTHER = "other"
    CHOICES = [
        (NOW, _("Now")),
        (EARLIER_TODAY, _("Earlier today")),
        (YESTERDAY, _("Yesterday")),
        (OTHER, _("Another day")),
    ]


class CprCheckForm(forms.Form):
    """A CPR-like number in free text gets a warning at the field; the reporter may remove it
    or confirm and send anyway (the box appears only with the warning)."""

    send_anyway = forms.BooleanField(
        label=_("It is not a CPR number: send anyway"), required=False, widget=forms.HiddenInput
    )
    cpr_checked_fields = ()

    def check_cpr(self):
        if self.cleaned_data.get("send_anyway"):
            return
        for name in self.cpr_checked_fields:
            if looks_like_cpr(self.cleaned_data.get(name, "")):
                self.fields["send_anyway"].widget = forms.CheckboxInput()
                self.add_error(
                    name,
                    _(
                        "This looks like a CPR number. Please remove it: Tryghed does not need "
                        "it. If it is not a CPR number, tick the box below and send again."
                    ),
                )


class RepeatCheckForm(forms.Form):
    """Send, Back, Send again: when the same report was sent moments ago, the form comes back
    with everything typed and asks whether to send it again (the box appears only then)."""

    send_again = forms.BooleanField(
        label=_("Yes, send it again as a new episode"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_(
            "Tick the box only if it happened again. Otherwise you need not do anything: "
            "your report is registered."
        ),
    )
    repeat_of = None

    def ask_send_again(self, earlier):
        """Turn the refused send into the question, at the top of the form."""
        self.repeat_of = earlier
        self.fields["send_again"].widget = forms.CheckboxInput()
        self.add_error(None, _("You have just sent this – send it again?"))  # noqa: RUF001

    @property
    def refuse_repeat(self):
        return not self.cleaned_data.get("send_again")


class QuickReportForm(RepeatCheckForm, CprCheckForm):
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    when = forms.ChoiceField(
        label=_("When?"),
        choices=WhenChoice.CHOICES,
        initial=WhenChoice.NOW,
        widget=forms.RadioSelect,
    )
    at_time = forms.TimeField(
        label=_("At what time?"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    on_date = forms.DateField(
        label=_("Which day?"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = UnitChoiceField(
        label=_("Where?"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose the unit"),
        error_messages={"required": _("Choose where it happened.")},
    )
    severity = forms.TypedChoiceField(
        label=_("How serious did it feel?"),
        choices=Severity.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious it felt.")},
    )
    description = forms.CharField(
        label=_("What happened, briefly?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words are enough. You can add details later."),
        error_messages={"required": _("Write a few words about what happened.")},
    )
    affected = ModelChoiceField(
        label=_("It happened to a colleague"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No, it happened to me"),
        help_text=_("The colleague is told and can see the case."),
        widget=SearchSelect,
    )
    acts = ModelIdsField(
        label=_("What was done?"),
        queryset=Act.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    triggers = ModelIdsField(
        label=_("What set it off?"),
        queryset=Trigger.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    perpetrator_category = forms.ChoiceField(
        label=_("Who did it?"),
        choices=[("", _("Not stated")), *PerpetratorCategory.choices],
        required=False,
    )
    platform = forms.ChoiceField(
        label=_("Where on social media?"),
        choices=[("", _("Not stated")), *Platform.choices],
        required=False,
    )
    links = forms.CharField(
        label=_("Links to the posts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line, beginning with https://"),
    )
    on_own_page = forms.BooleanField(
        label=_("It is on the municipality's own page or group"), required=False
    )
    harasser_type = forms.ChoiceField(
        label=_("What kind of harasser?"),
        choices=[("", _("Not stated")), *HarasserType.choices],
        required=False,
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    cpr_checked_fields = ("description",)

    def __init__(self, *args, reporter, **kwargs):
        super().__init__(*args, **kwargs)
        self.reporter = reporter
        units = reporting_units(self.fields["unit"], reporter)
        self.fields["affected"].queryset = (
            User.objects.filter(memberships__unit__in=units, is_active=True)
            .exclude(pk=reporter.pk)
            .distinct()
            .order_by("name")
        )

    def clean_links(self):
        if self.data.get("kind") != Kind.ONLINE:
            return ""  # not asked for this episode, and not kept: no message about it either
        return clean_links(self.cleaned_data["links"])

    def clean(self):
        cleaned = super().clean()
        occurred_at = self._occurred_at(cleaned)
        if occurred_at is not None:
            cleaned["occurred_at"] = occurred_at
        self.check_cpr()
        return cleaned

    def _occurred_at(self, cleaned):
        choice = cleaned.get("when")
        now = timezone.localtime()
        if choice in (None, WhenChoice.NOW):
            return now
        at_time = cleaned.get("at_time")
        if at_time is None:
            self.add_error("at_time", _("Write the time it happened."))
            return None
        if choice == WhenChoice.OTHER:
            day = cleaned.get("on_date")
            if day is None:
                self.add_error("on_date", _("Choose the day it happened."))
                return None
        else:
            day = now.date() - timedelta(days=1 if choice == WhenChoice.YESTERDAY else 0)
        try:
            return moment_on(day, at_time)
        except forms.ValidationError as error:
            self.add_error("on_date" if choice == WhenChoice.OTHER else "at_time", error)
            return None

    def report_kwargs(self):
        data = self.cleaned_data
        online = data["kind"] == Kind.ONLINE  # the questions about social media fit only there
        return {
            "unit": data["unit"],
            "kind": data["kind"],
            "occurred_at": data["occurred_at"],
            "severity": data["severity"],
            "description": data["description"],
            "affected": [data["affected"]] if data.get("affected") else [],
            "acts": data.get("acts") or [],
            "triggers": data.get("triggers") or [],
            "perpetrator_category": data.get("perpetrator_category") or "",
            "submission_key": data["submission_key"],
            "platform": (online and data.get("platform")) or "",
            "links": (online and data.get("links")) or "",
            "on_own_page": (online and data.get("on_own_page")) or False,
            "harasser_type": (online and data.get("harasser_type")) or "",
        }


def yes_no_field(label, **kwargs):
    """A yes/no question as two radio buttons; nothing chosen is a no."""
    return forms.TypedChoiceField(
        label=label,
        choices=[(True, _("Yes")), (False, _("No"))],
        coerce=lambda value: value in (True, "True"),
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
        **kwargs,
    )


class DetailsForm(CprCheckForm, forms.ModelForm):
    """The full report: everything beyond the quick report, filled in later by the reporter,
    the affected employees, or the unit's manager or safety rep.

    It asks what happened first and keeps only the answers that fit it: the questions about
    social media for an episode there, an injury and damage to things for one that was not,
    the injury's description when someone was hurt, the absence when there was some. Answers
    that do not fit are cleared on the server too, whatever the browser sent (a history line
    keeps what they were)."""

    ONLINE_ONLY = ("platform", "links", "on_own_page", "harasser_type")
    NOT_ONLINE = ("is_injured", "injury", "property_damage")

    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    perpetrator_reference = forms.CharField(
        label=_("Reference for the person who did it"),
        required=False,
        max_length=40,
        help_text=_(
            "Initials or a case number, so the unit can see when episodes come from the same "
            "person. Never a name or a CPR number."
        ),
    )
    is_injured = yes_no_field(_("Was anyone physically hurt?"))
    has_absence = yes_no_field(_("Was anyone away from work afterwards?"))

    cpr_checked_fields = ("description", "place", "other_witnesses", "injury", "property_damage")

    class Meta:
        model = Incident
        fields = [
            "kind",
            "occurred_at",
            "description",
            "experienced_severity",
            "acts",
            "triggers",
            "place_kind",
            "place",
            "perpetrator_category",
            "witnesses",
            "other_witnesses",
            "is_injured",
            "injury",
            "absence_from",
            "absence_days",
            "property_damage",
            "police_called",
            "wants_talk",
            "platform",
            "links",
            "on_own_page",
            "harasser_type",
        ]
        # Ids no database column holds (a tampered form) are an invalid choice, not a 500.
        field_classes = {
            "acts": ModelIdsField,
            "triggers": ModelIdsField,
            "witnesses": ModelIdsField,
        }
        widgets = {
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "description": forms.Textarea(attrs={"rows": 3}),
            "experienced_severity": forms.RadioSelect,
            "acts": forms.CheckboxSelectMultiple,
            "triggers": forms.CheckboxSelectMultiple,
            "witnesses": SearchSelectMultiple,
            "absence_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "links": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "witnesses": _("Colleagues who saw it"),
            "injury": _("What injury, and where on the body?"),
        }
        help_texts = {
            "police_called": _(
                "Calling the police during the episode is not a police report. The police "
                "report is made afterwards, in the follow-up."
            ),
            "absence_from": _("The first day away from work after the day of the episode."),
            "experienced_severity": _("Your own experience decides. Nobody else can change it."),
            "witnesses": _("Type part of a name and choose. You can choose several."),
            "links": _("One address per line, beginning with https://"),
        }
        error_messages = {
            "absence_days": {"min_value": ABSENCE_DAYS_MESSAGE, "invalid": ABSENCE_DAYS_MESSAGE}
        }

    def __init__(self, data=None, *args, editor, **kwargs):
        self.posted = data
        super().__init__(self._only_what_fits(data, kwargs.get("instance")), *args, **kwargs)
        incident = self.instance
        self.editor = editor
        if not incident.has_affected(editor.pk):
            del self.fields["experienced_severity"]
        else:
            self.fields["experienced_severity"].choices = Severity.choices
        # What is in use, and what this case already has even if it has since gone out of use.
        self.fields["acts"].queryset = Act.objects.filter(
            Q(is_active=True) | Q(pk__in=incident.acts.values("pk"))
        )
        self.fields["triggers"].queryset = Trigger.objects.filter(
            Q(is_active=True) | Q(pk__in=incident.triggers.values("pk"))
        )
        units = access.units_where(editor, access.Perm.REPORT) | {incident.unit_id}
        people = (
            User.objects.filter(
                Q(memberships__unit__in=units, is_active=True)
                | Q(pk__in=incident.witnesses.values("pk"))
            )
            .distinct()
            .order_by("name")
        )
        self.fields["witnesses"].queryset = people
        if incident.perpetrator_id:
            self.initial["perpetrator_reference"] = incident.perpetrator.reference
        self.initial["has_absence"] = bool(incident.absence_from or incident.absence_days)
        # The form shows minutes: compare in minutes, or every save would "change" the time.
        self.initial["occurred_at"] = timezone.localtime(incident.occurred_at).replace(
            second=0, microsecond=0
        )

    @classmethod
    def _only_what_fits(cls, data, instance):
        """The posted answers without those that do not fit the episode: they are saved as
        empty. A question left unanswered (an older page) drops nothing."""
        if data is None:
            return None
        data = data.copy()
        kind = data.get("kind") or getattr(instance, "kind", "")
        dropped = list(cls.NOT_ONLINE if kind == Kind.ONLINE else cls.ONLINE_ONLY)
        # The injury text shows only after "yes" (report.css), so only then is it kept.
        if data.get("is_injured") != "True":
            dropped.append("injury")
        if data.get("has_absence") == "False":
            dropped += ["absence_from", "absence_days"]
        for name in dropped:
            data.pop(name, None)
        return data

    def full_clean(self):
        super().full_clean()
        if self._errors and self.posted is not None:
            self.data = self.posted  # shown again: everything typed, also what was not saved

    @property
    def changed_data(self):
        # The absence question only leads to the absence fields; they carry the change.
        return [name for name in super().changed_data if name != "has_absence"]

    def act_groups(self):
        """The acts in groups by kind, the episode's own kind first: (kind, label, is the
        episode's, [choices])."""
        groups = {}
        for choice in self["acts"]:
            groups.setdefault(choice.data["value"].instance.kind, []).append(choice)
        kind = self["kind"].value() or self.instance.kind
        order = [kind, *(value for value in Kind.values if value != kind)]
        return [(key, Kind(key).label, key == kind, groups[key]) for key in order if key in groups]

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        check_moment(occurred_at, latest=self.instance.reported_at)
        return occurred_at

    def clean_links(self):
        return clean_links(self.cleaned_data["links"])

    def clean_perpetrator_reference(self):
        reference = self.cleaned_data["perpetrator_reference"].strip()
        if looks_like_cpr(reference):
            raise forms.ValidationError(
                _("This looks like a CPR number. Use initials or a case number.")
            )
        return reference

    def clean(self):
        cleaned = super().clean()
        self.check_cpr()
        return cleaned


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["manager_severity"]
        labels = {"manager_severity": _("Your assessment as manager")}
        help_texts = {
            "manager_severity": _(
                "Shown beside the employee's own experience, which stays as given."
            )
        }


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why was it registered in error?"),
        max_length=300,
        error_messages={"required": _("Write why the episode was registered in error.")},
    )


class CorrectionForm(CprCheckForm):
    """An affected employee's or the reporter's correction or objection to their own case."""

    kind = forms.ChoiceField(
        label=_("Is it a correction or an objection?"),
        choices=CorrectionKind.choices,
        initial=CorrectionKind.CORRECTION,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it is a correction or an objection.")},
    )
    text = forms.CharField(
        label=_("What is wrong, or what do you object to?"),
        max_length=CORRECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Write it in your own words. What the case says now stays as it is, and your "
            "text is shown beside it to everyone who can read the case."
        ),
        error_messages={"required": _("Write what is wrong, or what you object to.")},
    )
    cpr_checked_fields = ("text",)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_correction-%s")
        super().__init__(*args, **kwargs)
        if self.is_bound and looks_like_cpr(self.data.get("text", "")):
            self.fields["send_anyway"].widget = forms.CheckboxInput()

    def clean(self):
        cleaned = super().clean()
        self.check_cpr()
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a picture or a PDF"),
        help_text=_("Up to 10 MB. Screenshots and photos of injuries or damage are welcome."),
        error_messages={"required": _("Choose a file.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = sniff(upload)
        return upload


class MinorDayForm(RepeatCheckForm):
    """The end-of-shift log: the unit and the day, shared by every row."""

    unit = UnitChoiceField(
        label=_("Where?"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose the unit"),
        error_messages={"required": _("Choose where it happened.")},
    )
    on_date = forms.DateField(
        label=_("Which day?"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, reporter, **kwargs):
        super().__init__(*args, **kwargs)
        reporting_units(self.fields["unit"], reporter)
        self.fields["on_date"].initial = timezone.localdate()

    def clean_on_date(self):
        day = self.cleaned_data["on_date"]
        if day < EARLIEST:
            raise forms.ValidationError(_("The date is too far back. Write when it happened."))
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day

    def entries(self, formset):
        """The filled rows as arguments for report_incident; adds an error to a row whose time
        is in the future."""
        day = self.cleaned_data["on_date"]
        result = []
        for row in formset:
            data = row.cleaned_data
            if not data:
                continue
            try:
                moment = moment_on(day, data["at_time"])
            except forms.ValidationError as error:
                row.add_error("at_time", error)
                continue
            act = data["act"]
            result.append(
                {
                    "kind": act.kind,
                    "occurred_at": moment,
                    "severity": data["severity"],
                    "description": data["note"] or str(act.label),
                    "acts": [act],
                }
            )
        return result


class MinorEntryForm(forms.Form):
    at_time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": _("Write the time.")},
    )
    act = ModelChoiceField(
        label=_("What"),
        queryset=Act.objects.filter(is_active=True, is_minor=True),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose what happened.")},
    )
    severity = forms.TypedChoiceField(
        label=_("How it felt"),
        choices=[("", _("Choose")), *Severity.choices],
        coerce=int,
        error_messages={"required": _("Choose how it felt.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean_note(self):
        note = self.cleaned_data["note"]
        if looks_like_cpr(note):
            raise forms.ValidationError(_("This looks like a CPR number. Please remove it."))
        return note


class BaseMinorEntries(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(row.cleaned_data for row in self.forms if row.is_valid()):
            raise forms.ValidationError(_("Fill in at least one episode."))


def minor_entries_formset(data=None):
    formset = forms.formset_factory(
        MinorEntryForm, formset=BaseMinorEntries, extra=6, max_num=30, validate_max=True
    )
    return formset(data, prefix="rows")


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Screenshot, print or PDF"),
        help_text=_("Up to 10 MB. Evidence is never changed; a correction is a new item."),
        error_messages={"required": _("Choose a file.")},
    )
    source_url = forms.CharField(
        label=_("The address it came from"),
        required=False,
        max_length=1000,
        validators=[WEB_ADDRESS],
        help_text=_("The post's address, beginning with https://"),
    )
    captured_at = forms.DateTimeField(
        label=_("When was it captured?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["captured_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = sniff(upload)
        return upload

    def clean_captured_at(self):
        moment = self.cleaned_data["captured_at"]
        check_moment(moment)
        return moment
