"""Use cases of the organization that span models."""

from django.db import transaction

from tryghed.organizations.models import Membership
from tryghed.organizations.signals import membership_changed


def give_membership(*, person, unit, role, actor, reason):
    """Give `person` the `role` in `unit`, telling of it (membership_changed) like every other
    change of a role, so the audit log holds it whichever path gave it."""
    with transaction.atomic():
        membership = Membership.objects.create(user=person, unit=unit, role=role)
        membership_changed.send(
            Membership, membership=membership, actor=actor, change="saved", reason=reason
        )
    return membership


def end_memberships(*, person, actor, reason):
    """Take every role in every unit from `person` (they have left), telling of each one
    (membership_changed) before it goes. Returns how many were ended."""
    with transaction.atomic():
        memberships = list(Membership.objects.filter(user=person).select_related("unit", "user"))
        for membership in memberships:
            membership_changed.send(
                Membership, membership=membership, actor=actor, change="ended", reason=reason
            )
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).delete()
    return len(memberships)
