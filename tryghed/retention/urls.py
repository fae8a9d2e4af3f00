from django.urls import path

from tryghed.retention import views

app_name = "retention"
urlpatterns = [
    path("opbevaring/", views.overview, name="overview"),
    path("opbevaring/regler/<int:pk>/bekraeft/", views.confirm, name="confirm"),
    path("episoder/<int:pk>/tilbageholdelse/", views.hold, name="hold"),
]
