from django.urls import path

from tryghed.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("kommunens-logo/", views.logo, name="logo"),
]
