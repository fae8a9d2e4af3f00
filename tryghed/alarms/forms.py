from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tryghed.alarms.models import Floor, Level, Room, Site
from tryghed.core.forms import ModelIdsField
from tryghed.core.pickers import PathChoiceField
from tryghed.organizations.models import RiskLevel, Unit
from tryghed.organizations.pickers import UnitChoiceField, unit_paths


class RoomChoiceField(PathChoiceField):
    """Rooms and desks labelled by site, floor and room, grouped by site."""

    def paths(self, rooms):
        return {room.pk: [room.floor.site.name, room.floor.name, room.name] for room in rooms}


class SiteChoiceField(PathChoiceField):
    """A site is a unit's place: labelled by that unit's path."""

    def paths(self, sites):
        by_unit = unit_paths([site.unit_id for site in sites])
        return {site.pk: by_unit[site.unit_id] for site in sites}


class RaiseForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    unit = UnitChoiceField(label=_("Where are you?"), queryset=Unit.objects.none(), required=False)
    room = RoomChoiceField(
        label=_("Room or desk"),
        queryset=Room.objects.select_related("floor__site__unit"),
        required=False,
        empty_label=_("My usual place"),
    )
    is_silent = forms.BooleanField(label=_("Silent on my screen"), required=False)

    def __init__(self, *args, places, **kwargs):
        """`places`: services.alarm_places(person), {unit: its site}."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in places])
        self.fields["room"].queryset = self.fields["room"].queryset.filter(
            floor__site__in=set(places.values())
        )
        if len(places) == 1:
            self.fields["unit"].initial = next(iter(places)).pk


class DoorLockForm(forms.Form):
    floors = ModelIdsField(
        label=_("Floors"),
        queryset=Floor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    doors = forms.CharField(
        label=_("Doors"),
        max_length=300,
        required=False,
        help_text=_("Which doors, if not whole floors."),
    )
    locked_from = forms.DateTimeField(
        label=_("Locked from"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    reopened_at = forms.DateTimeField(
        label=_("Opened again"),
        required=False,
        help_text=_("Leave empty until the doors are opened again."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["floors"].queryset = site.floors.all()
        self.fields["locked_from"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("floors") and not cleaned.get("doors"):
            self.add_error("floors", _("Choose the floors or name the doors."))
        start, end = cleaned.get("locked_from"), cleaned.get("reopened_at")
        if start and end and end <= start:
            self.add_error("reopened_at", _("The doors open after they are locked."))
        return cleaned


class GuardRequestForm(forms.Form):
    site = SiteChoiceField(label=_("Site"), queryset=Site.objects.none())
    starts_at = forms.DateTimeField(
        label=_("From"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a meeting with a citizen who has threatened staff."),
    )
    expected_risk = forms.ChoiceField(
        label=_("Expected risk"), choices=RiskLevel.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
        if len(sites) == 1:
            self.fields["site"].initial = sites[0].pk

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end comes after the start."))
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WorkplaceForm(forms.Form):
    room = RoomChoiceField(
        label=_("Where do you usually sit?"),
        queryset=Room.objects.select_related("floor__site__unit"),
        required=False,
        empty_label=_("Not stated"),
    )
