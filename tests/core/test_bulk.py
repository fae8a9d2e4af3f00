import pytest
from django.db import connection

from tests.factories import UnitFactory
from tests.planner import planned_rows
from tryghed.core.bulk import analyze
from tryghed.incidents.models import Incident
from tryghed.organizations.models import Unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"),
]


def units(count):
    """`count` units more; each test its own number, as ANALYZE's figures outlast a rollback."""
    root = UnitFactory()
    UnitFactory.create_batch(count - 1, parent=root)
    rows = Unit.objects.count()
    assert planned_rows(Unit) != rows  # else the test shows nothing
    return rows


def shared_catalog_locks():
    """Relation locks this connection holds outside its own database: on the catalogs all the
    server's databases share (its roles, its databases)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() "
            "AND locktype = 'relation' AND database = 0"
        )
        return cursor.fetchone()[0]


def test_a_bulk_load_analyzes_every_table_of_ours_and_no_catalog_other_databases_share():
    rows = units(7)

    analyze()

    assert planned_rows(Unit) == rows
    # Held to the end of the transaction, such a lock made other databases' ANALYZE wait.
    assert shared_catalog_locks() == 0


def test_only_the_tables_of_the_models_named_are_analyzed():
    rows = units(11)

    analyze(Incident)

    assert planned_rows(Unit) != rows
    analyze(Unit)
    assert planned_rows(Unit) == rows
