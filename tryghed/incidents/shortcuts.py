"""Loading a case for a view and recording the read: the same two steps in every view that
shows a case, whichever app the view belongs to."""

from django.shortcuts import get_object_or_404

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.incidents.models import Incident


def visible_incident_or_404(request, pk, queryset=None):
    """The case, if the person may see it; otherwise 404, exactly as if it did not exist."""
    cases = (queryset if queryset is not None else Incident.objects).visible_to(request.user)
    return get_object_or_404(cases, pk=pk)


def record_read(request, incident, action=Action.INCIDENT_VIEWED, purpose="", **data):
    """Every read of a case goes into the audit log, for the people it is about to see."""
    audit.record(
        actor=request.user,
        action=action,
        target=incident,
        unit=incident.unit,
        subjects=list(incident.affected.all()),
        purpose=purpose,
        request=request,
        **data,
    )
