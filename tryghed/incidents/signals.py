"""The register's news, for the apps that build on it (the follow-up). Each is sent inside the
transaction of the service that makes the change: a receiver that fails undoes the change with
it, so an episode never exists without its case."""

from django.dispatch import Signal

# An episode was registered (services.report_incident). Arguments: incident.
incident_reported = Signal()

# The full report was saved (services.update_report). Arguments: incident, changed (the names
# of the fields the form changed; may be empty).
report_changed = Signal()
