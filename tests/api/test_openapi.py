import re

from django.templatetags.static import static
from django.test import Client
from openapi_spec_validator import validate


def test_the_openapi_document_validates(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert set(document["paths"]) == {
        "/api/v1/episodes",
        "/api/v1/cases/{case_id}",
        "/api/v1/tasks",
        "/api/v1/statistics",
    }


def test_the_docs_page_loads_swagger_from_our_own_static_files_under_the_sites_policy(db):
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts and all(src.startswith(static("ninja/")) for src in scripts)
    assert "cdn" not in page.lower()
    # Only data, never code, inline: the policy forbids inline scripts.
    assert not re.search(r"<script(?![^>]*(src=|application/json))", page)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for src in scripts:
        assert client.get(src).status_code == 200
