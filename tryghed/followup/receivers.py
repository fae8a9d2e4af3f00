"""How the follow-up reacts to the other apps' news (connected in apps.FollowupConfig.ready):
a new episode opens its case, a changed report moves deadlines, a completed risk assessment
closes the tasks that asked for it, and a person who leaves hands their open tasks to the
manager. Each receiver runs inside the sender's transaction and only calls a service."""

from tryghed.followup import services
from tryghed.followup.leavers import hand_over_tasks


def open_case(sender, *, incident, **kwargs):
    services.open_case(incident)


def refresh_case(sender, *, incident, changed, **kwargs):
    services.refresh_case(incident, changed)


def close_revision_tasks(sender, *, assessment, revisions, **kwargs):
    services.revision_done(assessment=assessment, revisions=revisions)


def hand_over_leavers_tasks(sender, *, person, actor, **kwargs):
    """The counts go back to the sender, for the operator's report."""
    return hand_over_tasks(person, actor)
