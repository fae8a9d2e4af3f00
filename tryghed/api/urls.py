from django.urls import path

from tryghed.api import views

app_name = "api"
urlpatterns = [
    path("api-noegler/", views.tokens, name="tokens"),
    path("api-noegler/system/", views.system_token, name="system_token"),
    path("api-noegler/<int:pk>/tilbagekald/", views.revoke, name="revoke"),
]
