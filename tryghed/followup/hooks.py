"""The follow-up joins the register through its hooks: a new episode opens its case, a
changed report moves deadlines."""

from tryghed.followup import services
from tryghed.incidents import hooks

hooks.INCIDENT_REPORTED.append(services.open_case)
hooks.REPORT_CHANGED.append(services.refresh_case)
