from django.contrib import admin
from django.urls import include, path

from tryghed.api.v1 import api

urlpatterns = [
    path("", include("tryghed.core.urls")),
    path("", include("tryghed.home.urls")),
    path("", include("tryghed.demo.urls")),
    path("", include("tryghed.accounts.urls")),
    path("", include("tryghed.incidents.urls")),
    path("", include("tryghed.followup.urls")),
    path("", include("tryghed.privacy.urls")),
    path("", include("tryghed.retention.urls")),
    path("forebyggelse/", include("tryghed.prevention.urls")),
    path("raad/", include("tryghed.guidance.urls")),
    path("enheder/", include("tryghed.organizations.urls")),
    path("overblik/", include("tryghed.stats.urls")),
    path("log/", include("tryghed.audit.urls")),
    path("indstillinger/", include("tryghed.setup.urls")),
    path("beskeder/", include("tryghed.notifications.urls")),
    path("alarm/", include("tryghed.alarms.urls")),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("tryghed.api.urls")),
    # The API for other systems (docs/api.md); NinjaAPI names its own namespace, "api-v1".
    path("api/v1/", api.urls),
]
