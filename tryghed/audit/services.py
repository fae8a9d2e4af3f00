from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from tryghed.audit.models import Action, AuditEvent


def record(*, actor, action, target=None, unit=None, subjects=(), purpose="", request=None, **data):
    """Write one audit event. `action` must be one of `Action`'s codes; `data` holds ids and
    counts only."""
    action = Action(action)
    actor = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        event = AuditEvent.objects.create(
            actor=actor,
            action=action,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            unit=unit,
            purpose=purpose,
            request_id=getattr(request, "request_id", None),
            data=data,
        )
        if subjects:
            event.subjects.set(subjects)
    return event
