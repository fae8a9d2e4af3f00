from django.urls import path

from tryghed.prevention import views

app_name = "prevention"
urlpatterns = [
    path("tiltag/", views.measures, name="measures"),
    path("tiltag/<int:pk>/udfoert/", views.complete_measure, name="complete_measure"),
]
