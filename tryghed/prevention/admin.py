from django.contrib import admin

from tryghed.organizations.admin_site import SharedSettingsAdmin
from tryghed.prevention.models import Course, OnboardingStep, RiskCheckpoint


@admin.register(RiskCheckpoint)
class RiskCheckpointAdmin(SharedSettingsAdmin):
    """The points a risk assessment goes through: the municipality's guide as data."""

    list_display = ["__str__", "cornerstone", "position", "is_active"]
    list_filter = ["cornerstone", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(OnboardingStep)
class OnboardingStepAdmin(SharedSettingsAdmin):
    list_display = ["__str__", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Course)
class CourseAdmin(SharedSettingsAdmin):
    list_display = ["__str__", "risk_level"]
