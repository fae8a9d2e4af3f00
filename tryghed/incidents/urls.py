from django.urls import path

from tryghed.incidents import views

app_name = "incidents"
urlpatterns = [
    path("registrer/", views.quick_report, name="report"),
    path("registrer/mindre/", views.minor_report, name="minor_report"),
    path("episoder/", views.my_incidents, name="mine"),
    path("episoder/enhed/", views.unit_list, name="unit_list"),
    path("episoder/<int:pk>/", views.detail, name="detail"),
    path("episoder/<int:pk>/kvittering/", views.receipt, name="receipt"),
    path("episoder/<int:pk>/detaljer/", views.edit_details, name="edit"),
    path("episoder/<int:pk>/bilag/", views.upload_attachment, name="upload"),
    path("episoder/<int:pk>/bilag/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("episoder/<int:pk>/beviser/", views.add_evidence, name="add_evidence"),
    path("episoder/<int:pk>/beviser/<int:evidence_pk>/", views.evidence, name="evidence"),
    path("episoder/<int:pk>/beviser.zip", views.evidence_zip, name="evidence_zip"),
    path("episoder/<int:pk>/rettelse/", views.add_correction, name="add_correction"),
    path("episoder/<int:pk>/vurdering/", views.assess, name="assess"),
    path("episoder/<int:pk>/fejlregistrering/", views.void, name="void"),
]
