"""The organization's news, for the apps that hold work in people's names."""

from django.dispatch import Signal

# A person has left (inactive now): the full import's `services.offboard` and the
# administration's deactivation send it inside their transaction. Arguments: person, actor. A
# receiver returns counts for the operator's report, e.g. {"tasks_handed_over": 2}.
person_left = Signal()


def send_person_left(*, person, actor):
    """Tell every app that `person` has left; the counts their receivers return, summed."""
    totals = {}
    for _receiver, counts in person_left.send(type(person), person=person, actor=actor):
        for key, count in (counts or {}).items():
            totals[key] = totals.get(key, 0) + count
    return totals
