"""With a read replica, the overview and the exports count on the replica, and everything else
(the login, the audit record of an export, every other page) stays on the primary. The
replica here is the test database under a second name (a mirror), so the queries on each
connection show which one a page used."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tryghed.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.READ_REPLICA = "replica"


def _on_each(request):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = request()
    return response, [q["sql"] for q in primary], [q["sql"] for q in replica]


def _episodes_read(queries):
    return [sql for sql in queries if 'FROM "incidents_incident"' in sql]


def test_the_overview_counts_on_the_replica(client, manager, episodes, replica):
    client.force_login(manager)
    response, primary, on_replica = _on_each(lambda: client.get(reverse("stats:overview")))
    assert response.status_code == 200
    assert _episodes_read(on_replica)
    assert not _episodes_read(primary)


def test_an_export_reads_on_the_replica_and_writes_its_audit_record_on_the_primary(
    client, manager, episodes, replica
):
    client.force_login(manager)
    url = reverse("stats:export_csv")
    response, primary, on_replica = _on_each(lambda: client.get(url))
    assert response.status_code == 200
    assert _episodes_read(on_replica)
    assert any(sql.startswith('INSERT INTO "audit_auditevent"') for sql in primary)
    assert AuditEvent.objects.filter(action=Action.EPISODES_EXPORTED).exists()


def test_other_pages_read_the_primary(client, manager, episodes, replica):
    client.force_login(manager)
    response, primary, on_replica = _on_each(lambda: client.get(reverse("incidents:mine")))
    assert response.status_code == 200
    assert _episodes_read(primary)
    assert on_replica == []


def test_without_a_replica_the_overview_reads_the_primary(client, manager, episodes):
    client.force_login(manager)
    response, primary, on_replica = _on_each(lambda: client.get(reverse("stats:overview")))
    assert response.status_code == 200
    assert _episodes_read(primary)
    assert on_replica == []


def test_the_apis_statistics_count_on_the_replica(manager, episodes, replica):
    from tests.api.conftest import ApiClient, personal_key

    api = ApiClient(personal_key(manager))
    response, primary, on_replica = _on_each(lambda: api.get("/statistics"))
    assert response.status_code == 200
    assert _episodes_read(on_replica)
    assert not _episodes_read(primary)
    assert any(sql.startswith('INSERT INTO "audit_auditevent"') for sql in primary)
