from django.urls import path
from django.views.generic import RedirectView

from tryghed.core import views, webapp

app_name = "core"
urlpatterns = [
    # The health checks are answered by core.middleware.health before the host check; these
    # patterns name them (reverse) and serve them should that middleware be left out.
    path("sundhed/live", views.live, name="live"),
    path("sundhed/ready", views.ready, name="ready"),
    path("sundhed/app/", views.health_app, name="health_app"),
    # The first monitoring address: its checks are /sundhed/ready's now.
    path("sundhed/", RedirectView.as_view(pattern_name="core:ready", permanent=True)),
    path("metrics", views.prometheus, name="metrics"),
    path("favicon.ico", views.favicon),
    # At the root: a service worker's scope is the folder it is served from.
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("offline/noegle/", webapp.offline_key, name="offline_key"),
]
