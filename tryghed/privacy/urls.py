from django.urls import path

from tryghed.privacy import views

app_name = "privacy"
urlpatterns = [
    path("profil/mine-data/", views.own_copy, name="own_copy"),
    path("privatliv/kopi/", views.copy_for_person, name="copy_for_person"),
    path("databeskyttelse/", views.page, name="page"),
]
