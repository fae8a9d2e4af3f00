"""A new hire, temp, apprentice or intern placed in a unit gets an onboarding checklist."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from tryghed.accounts.models import EmploymentType
from tryghed.organizations.models import Membership
from tryghed.prevention import services


@receiver(post_save, sender=Membership, dispatch_uid="prevention.onboarding")
def onboard_new_people(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.user.employment_type == EmploymentType.PERMANENT:
        return
    services.start_onboarding(instance.user, instance.unit)
