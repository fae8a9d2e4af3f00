from datetime import timedelta

from django.utils import timezone

from tryghed.incidents import services
from tryghed.incidents.models import Kind, Severity


def make_incident(reporter, unit, **fields):
    """An episode reported the way every episode comes into being."""
    values = {
        "kind": Kind.PSYCHOLOGICAL,
        "occurred_at": timezone.now() - timedelta(hours=2),
        "severity": Severity.MODERATE,
        "description": "Borgeren råbte og truede ved skranken på Kløverengen.",
        "notify_people": False,
    }
    values.update(fields)
    return services.report_incident(reporter=reporter, unit=unit, **values)
