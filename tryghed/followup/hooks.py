"""The follow-up joins the register through its hooks: a new episode opens its case, a
changed report moves deadlines. A completed risk assessment closes the tasks that asked for it.
A person who leaves the organization hands their open tasks to the manager."""

from tryghed.followup import services
from tryghed.followup.leavers import hand_over_tasks
from tryghed.incidents import hooks
from tryghed.organizations import hooks as organization_hooks
from tryghed.prevention.services import risk_assessment_completed

hooks.INCIDENT_REPORTED.append(services.open_case)
hooks.REPORT_CHANGED.append(services.refresh_case)
organization_hooks.PERSON_LEFT.append(hand_over_tasks)
risk_assessment_completed.connect(services.revision_done, dispatch_uid="followup.revision_done")
