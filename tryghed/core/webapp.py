"""Tryghed as an installable web app that reports without a network (docs/offline.md).

The manifest names the app and its icons. The service worker is served from the site's root,
so its scope is the whole site; the worker's own code is a static file
(static/tryghed/offline-sw.js) with Workbox from npm, and /sw.js only hands it the addresses
it needs: the hashed names of the static files change with each release, and so does /sw.js,
which is how a browser learns of a new worker.

A report made offline is kept encrypted in the browser (static/tryghed/offline.js) with a key
held in the person's session (`report_key`): drawn at random for each login, handed to the
page by `offline_key` (never written into a page, so the service worker's kept copies do not
hold it), and gone with the login.
"""

import base64
import json
import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

# The pages a person needs where there is no network: the quick report and the quick guide.
OFFLINE_PAGES = ("incidents:report", "home:quick_guide")
WORKBOX_MODULES = {
    "workbox-core": "workbox/workbox-core/build/workbox-core.prod.js",
    "workbox-routing": "workbox/workbox-routing/build/workbox-routing.prod.js",
    "workbox-strategies": "workbox/workbox-strategies/build/workbox-strategies.prod.js",
}
ICONS = [
    ("tryghed/icons/icon-192.png", "192x192", "any"),
    ("tryghed/icons/icon-512.png", "512x512", "any"),
    ("tryghed/icons/icon-maskable-512.png", "512x512", "maskable"),
]


def manifest(request):
    body = {
        "name": "Tryghed",
        "short_name": "Tryghed",
        "description": _("Report violence and threats at work, also without a network."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1a1a1a",
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
        "shortcuts": [
            {"name": _("Report an episode"), "url": reverse("incidents:report")},
            {"name": _("Quick guide"), "url": reverse("home:quick_guide")},
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


def service_worker(request):
    config = {
        "modules": {name: static(path) for name, path in WORKBOX_MODULES.items()},
        "pages": [reverse(name) for name in OFFLINE_PAGES],
        "start": reverse("home:home"),
        "static": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else f"/{settings.STATIC_URL}",
    }
    scripts = [static("workbox/workbox-sw/build/workbox-sw.js"), static("tryghed/offline-sw.js")]
    body = (
        f"self.TRYGHED_SW = {json.dumps(config)};\n"
        f"importScripts({', '.join(json.dumps(script) for script in scripts)});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker at every visit only if nothing caches this one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


REPORT_KEY = "tryghed_offline_report_key"


def report_key(request):
    """The AES-GCM key (256 bits, base64) that encrypts this login's reports kept offline. It
    lives in the session: a new login has a new key, and logging out (which ends the session)
    leaves whatever the browser still kept unreadable."""
    if REPORT_KEY not in request.session:
        request.session[REPORT_KEY] = base64.b64encode(secrets.token_bytes(32)).decode()
    return request.session[REPORT_KEY]


@never_cache
@login_required
def offline_key(request):
    """The session's key, for offline.js on a page of this login (not before the second factor:
    its middleware sends that request elsewhere), with whose it is (the page compares it with
    its own person) and the login's CSRF token (the page may be a copy kept from an earlier
    login). Only the site's own pages can read it: a JSON read across sites needs CORS, which
    Tryghed never grants."""
    return JsonResponse(
        {"key": report_key(request), "owner": owner_tag(request.user), "csrf": get_token(request)}
    )


def new_report_key(sender, request, user, **kwargs):
    """At every login (user_logged_in): its key is drawn here, once, before any page can ask
    for it; drawn at the first ask instead, two asks at once could each draw one."""
    request.session.pop(REPORT_KEY, None)
    report_key(request)


def owner_tag(user):
    """Tells the browser whose reports and pages it keeps, without naming the person."""
    return salted_hmac("tryghed.offline.owner", str(user.pk), algorithm="sha256").hexdigest()[:16]
