"""The organization's news. The organizations app sits below the audit log and the people app,
so it tells of what changed here and leaves the recording and the hand-overs to them
(audit/receivers.py, followup/receivers.py)."""

from django.dispatch import Signal

# A person has left (inactive now): accounts.services.offboard (the full import) and the
# administration's deactivation send it inside their transaction. Arguments: person, actor. A
# receiver returns counts for the operator's report, e.g. {"tasks_handed_over": 2}.
person_left = Signal()

# A person's role in a unit was given, changed or taken away: sent inside the change's
# transaction. Arguments: membership, actor, change ("saved", "deleted", "ended"), and request
# (None outside a request) and reason (a short code such as "import", or None).
membership_changed = Signal()


def send_person_left(*, person, actor):
    """Tell every app that `person` has left; the counts their receivers return, summed."""
    totals = {}
    for _receiver, counts in person_left.send(type(person), person=person, actor=actor):
        for key, count in (counts or {}).items():
            totals[key] = totals.get(key, 0) + count
    return totals
