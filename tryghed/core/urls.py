from django.urls import path

from tryghed.core import views

app_name = "core"
urlpatterns = [
    path("sundhed/", views.health, name="health"),
    path("sundhed/app/", views.health_app, name="health_app"),
    path("favicon.ico", views.favicon),
]
