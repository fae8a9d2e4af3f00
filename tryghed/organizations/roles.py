"""The words the organization's rules are written in: the role a Membership gives, the kinds of
unit in the tree, and the titles a role earns from its place in the tree.

Plain choices with no imports from the app, so models.py (the data) and access.py (the rules)
both use them without importing each other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    SAFETY_REP = "safety_rep", _("Safety representative")
    UNION_REP = "union_rep", _("Union representative")
    ADVISOR = "advisor", _("Advisor")
    ADMIN = "admin", _("Administrator")


class UnitKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    CENTER = "center", _("Center")
    STAFF = "staff", _("Staff function")
    SITE = "site", _("Site")
    DEPARTMENT = "department", _("Department")


class DerivedTitle:
    """Titles that follow from a role's place in the tree (access.derived_title)."""

    EXECUTIVE = _("Executive management")
    HR = _("HR")
    CENTER_HEAD = _("Center head")
