"""What other apps do when a person leaves the organization. The organizations app knows
nothing of them: an app appends a function here in its ready(), and `services.offboard` (the
full import) and the administration's deactivation call each one inside their transaction, after
the person is inactive.

PERSON_LEFT: f(person, actor) -> dict of counts for the operator's report, e.g.
{"tasks_handed_over": 2, "tasks_without_manager": 0}.
"""

PERSON_LEFT = []


def run_person_left(person, actor):
    totals = {}
    for hook in PERSON_LEFT:
        for key, count in (hook(person, actor) or {}).items():
            totals[key] = totals.get(key, 0) + count
    return totals
