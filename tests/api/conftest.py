import pytest
from django.test import Client

from tryghed.api import services

# The cast of tests/conftest.py, every role and title once.
CAST = [
    "employee",
    "manager",
    "safety_rep",
    "union_rep",
    "advisor",
    "center_head",
    "executive",
    "hr",
    "administrator",
    "outsider",
]


def personal_key(person, **fields):
    """A personal key's secret, made as the page makes it."""
    return services.create_token(name="Fagsystem", by=person, user=person, valid_days=30)[1]


def statistics_key(municipality, by):
    return services.create_token(
        name="Datavarehus", by=by, municipality=municipality, valid_days=30
    )[1]


class ApiClient:
    """Calls the API with a key, as another system would: no session, no cookies."""

    def __init__(self, secret):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, body, **headers):
        return self.client.post(
            f"/api/v1{path}",
            body,
            content_type="application/json",
            headers={**self.headers, **headers},
        )


@pytest.fixture
def api_as():
    return lambda person: ApiClient(personal_key(person))
