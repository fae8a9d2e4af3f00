from django.urls import path

from tryghed.organizations import views

app_name = "privacy"
urlpatterns = [path("", views.privacy, name="page")]
