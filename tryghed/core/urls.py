from django.urls import path

from tryghed.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("lyn-guide/", views.quick_guide, name="quick_guide"),
    path("lyn-guide/plakat.pdf", views.quick_guide_poster, name="quick_guide_poster"),
    path("sundhed/", views.health, name="health"),
    path("sundhed/app/", views.health_app, name="health_app"),
    path("favicon.ico", views.favicon),
]
