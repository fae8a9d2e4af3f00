from collections import defaultdict

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
        event.subjects.add(*subjects)  # a new event: add, as set() would read the links first
    return event


def name_targets(events):
    """Give each event `target_label`: which case (or other thing) it was about, as its model's
    `audit_label()` names it; one query per kind of target."""
    wanted = defaultdict(set)
    for event in events:
        if event.target_type_id:
            wanted[event.target_type_id].add(event.target_id)
    labels = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not hasattr(model, "audit_label"):
            continue
        for target in model._base_manager.filter(pk__in=ids):
            labels[(type_id, str(target.pk))] = target.audit_label()
    for event in events:
        event.target_label = labels.get((event.target_type_id, event.target_id), "")
