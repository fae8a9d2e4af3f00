from django.urls import path

from tryghed.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.advice, name="advice"),
    path("raad.pdf", views.advice_pdf, name="advice_pdf"),
    path("sociale-medier/", views.social_media, name="social_media"),
]
