"""The register's signals are sent inside the report's transaction: whatever a receiver does
is part of the report, and a receiver that fails undoes it."""

import pytest

from tests.incidents.factories import make_incident
from tryghed.incidents.models import Incident
from tryghed.incidents.signals import incident_reported


class CaseCannotOpen(Exception):
    pass


@pytest.fixture
def failing_receiver():
    def refuse(sender, *, incident, **kwargs):
        raise CaseCannotOpen

    incident_reported.connect(refuse, dispatch_uid="tests.refuse")
    yield
    incident_reported.disconnect(dispatch_uid="tests.refuse")


def test_an_episode_whose_case_cannot_be_opened_is_not_registered(tree, employee, failing_receiver):
    with pytest.raises(CaseCannotOpen):
        make_incident(employee, tree["own"])
    assert not Incident.objects.exists()
