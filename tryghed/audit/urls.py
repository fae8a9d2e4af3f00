from django.urls import path

from tryghed.audit import views

app_name = "audit"
urlpatterns = [
    path("mine/", views.about_me, name="about_me"),
    path("soeg/", views.search, name="search"),
]
