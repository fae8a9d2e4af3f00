from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    """The employee's own guidance: the advice every employee is given (calm words, the
    conflict staircase, colleague first aid) and the municipality's rules for social media.
    Data the municipality keeps, shown where it helps (the quick guide, the receipt, onboarding,
    the online report)."""

    name = "tryghed.guidance"
    verbose_name = _("Guidance for employees")
