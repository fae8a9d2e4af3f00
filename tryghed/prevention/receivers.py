"""How prevention reacts (connected in apps.PreventionConfig.ready): a new hire, temp,
apprentice or intern placed in a unit gets an onboarding checklist.

This listens to Django's post_save of Membership, not to a signal of the organizations app:
memberships are created by the import, by three pages of the administration (a person's roles,
a unit's roles, the list of roles), by the demo and by tests, and post_save is the one place
every one of them passes, including any added later. A checklist missed because one path forgot
to send would go unnoticed; this cannot be forgotten."""

from tryghed.accounts.models import EmploymentType
from tryghed.prevention import services


def onboard_new_people(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.user.employment_type == EmploymentType.PERMANENT:
        return
    services.start_onboarding(instance.user, instance.unit)
