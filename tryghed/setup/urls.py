from django.urls import path

from tryghed.setup import views

app_name = "setup"
urlpatterns = [
    path("", views.index, name="index"),
    path("personer/ny/", views.place_person, name="place_person"),
    path("<slug:key>/", views.section_list, name="list"),
    path("<slug:key>/ny/", views.edit, name="add"),
    path("<slug:key>/<int:pk>/", views.edit, name="edit"),
    path("<slug:key>/<int:pk>/slet/", views.delete, name="delete"),
    path("<slug:key>/<int:pk>/tilpas/<int:root>/", views.copy, name="copy"),
]
