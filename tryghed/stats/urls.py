from django.urls import path

from tryghed.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("episoder.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("episoder.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("aarsrapport/", views.annual_report, name="annual_report"),
]
