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


def _key_on(page):
    found = re.search(r'data-key="([^"]+)"', page.content.decode())
    return found and found.group(1)


def test_a_logged_in_page_gives_the_persons_own_key_and_nobody_elses(client, employee, manager):
    client.force_login(employee)
    key = _key_on(client.get(reverse("incidents:report")))
    assert len(base64.b64decode(key)) == 32  # AES-256
    assert key == webapp.report_key(employee)
    client.logout()
    client.force_login(employee)
    assert _key_on(client.get(reverse("home:quick_guide"))) == key, "the same after a new login"
    client.force_login(manager)
    assert _key_on(client.get(reverse("home:quick_guide"))) not in (None, key)


def test_a_page_for_nobody_logged_in_has_no_key(client, db):
    assert _key_on(client.get(reverse("home:quick_guide"))) is None


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
