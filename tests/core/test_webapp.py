"""The installable web app: its manifest, its service worker at the root, the key of the
reports kept offline, and a logout that tells the browser to drop what it kept
(docs/offline.md). tests/e2e/test_offline_report.py reports offline in a real browser."""

import base64
import io
import json
import re

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from tryghed.core import webapp


def _served(url):
    """The static file behind a URL that {% static %} handed out (unhashed in the tests)."""
    return finders.find(url.removeprefix("/static/"))


def test_the_service_worker_is_served_from_the_root_as_javascript_never_cached_long(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert reverse("core:service_worker") == "/sw.js"


def test_the_service_worker_loads_workbox_and_its_modules_from_our_own_static_files(client, db):
    body = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"self\.TRYGHED_SW = (\{.*\});", body).group(1))
    scripts = re.findall(r'"(/static/[^"]+)"', body.split("importScripts", 1)[1])
    assert scripts == [
        "/static/workbox/workbox-sw/build/workbox-sw.js",
        "/static/tryghed/offline-sw.js",
    ]
    assert set(config["modules"]) == {"workbox-core", "workbox-routing", "workbox-strategies"}
    for url in [*scripts, *config["modules"].values()]:
        assert _served(url), url
    assert config["pages"] == ["/registrer/", "/lyn-guide/"]


def test_the_service_worker_is_open_before_a_second_factor(password_client, manager):
    password_client.force_login(manager)
    assert password_client.get("/sw.js").status_code == 200
    assert password_client.get("/manifest.webmanifest").status_code == 200


def test_the_manifest_names_the_app_and_its_icons_at_their_sizes(client, db):
    response = client.get(reverse("core:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Tryghed"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["description"].startswith("Registrér vold og trusler")
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    for icon in manifest["icons"]:
        with Image.open(io.BytesIO(open(_served(icon["src"]), "rb").read())) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"


def test_every_page_links_the_manifest_and_the_offline_script(client, employee):
    client.force_login(employee)
    page = client.get(reverse("home:quick_guide")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert "tryghed/offline.js" in page


def _key(client):
    response = client.get(reverse("core:offline_key"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()["key"]


def test_the_key_is_the_sessions_new_with_each_login_and_gone_at_logout(client, employee, manager):
    client.force_login(employee)
    key = _key(client)
    assert len(base64.b64decode(key)) == 32  # AES-256
    assert _key(client) == key, "the same for every page of one login"
    assert client.get(reverse("core:offline_key")).json()["csrf"], "for a form kept from before"
    assert client.session[webapp.REPORT_KEY] == key
    client.post(reverse("account_logout"))
    assert webapp.REPORT_KEY not in client.session
    client.force_login(employee)
    assert _key(client) != key, "a new login has a new key"
    client.force_login(manager)
    assert _key(client) != key


def test_nobody_logged_in_gets_no_key(client, db):
    response = client.get(reverse("core:offline_key"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_no_page_carries_the_key(client, employee):
    """The service worker keeps copies of the quick report and the quick guide: a key written
    into them would lie in the browser beside the reports it opens."""
    client.force_login(employee)
    key = _key(client)
    for name in (*webapp.OFFLINE_PAGES, "home:home"):
        page = client.get(reverse(name)).content.decode()
        assert 'data-key-url="/offline/noegle/"' in page
        assert key not in page


def test_the_quick_report_form_stays_out_of_the_browsers_cache(client, employee):
    client.force_login(employee)
    assert "no-store" in client.get(reverse("incidents:report"))["Cache-Control"]


def test_logout_tells_the_browser_to_drop_the_kept_pages_and_reports(client, employee):
    client.force_login(employee)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_logout_question_clears_nothing(client, employee):
    client.force_login(employee)
    assert "Clear-Site-Data" not in client.get(reverse("account_logout"))
