"""Use cases of the organization that span models."""

from django.db import transaction

from tryghed import audit
from tryghed.accounts.services import deactivate
from tryghed.audit.models import Action
from tryghed.organizations.models import Membership
from tryghed.organizations.signals import send_person_left


def offboard(*, person, actor, reason):
    """A person has left: no login from now on (inactive, every session ended), no role in
    any unit, and what they were given to do goes to someone who is still here (the
    person_left signal). Returns counts for the operator's report; the audit log holds ids and
    counts, never names."""
    with transaction.atomic():
        deactivate(person=person, actor=actor, reason=reason)
        memberships = list(Membership.objects.filter(user=person).select_related("unit"))
        for membership in memberships:
            audit.record(
                actor=actor,
                action=Action.MEMBERSHIP_CHANGED,
                target=person,
                unit=membership.unit,
                subjects=[person],
                role=membership.role,
                change="ended",
                reason=reason,
            )
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).delete()
        counts = send_person_left(person=person, actor=actor)
    return {"memberships_ended": len(memberships), **counts}
