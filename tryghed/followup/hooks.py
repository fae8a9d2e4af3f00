"""The follow-up joins the register through its hooks: a new episode opens its case, a
changed report moves deadlines. A completed risk assessment closes the tasks that asked for it."""

from tryghed.followup import services
from tryghed.incidents import hooks
from tryghed.prevention.services import risk_assessment_completed

hooks.INCIDENT_REPORTED.append(services.open_case)
hooks.REPORT_CHANGED.append(services.refresh_case)
risk_assessment_completed.connect(services.revision_done, dispatch_uid="followup.revision_done")
