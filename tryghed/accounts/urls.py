from django.urls import path

from tryghed.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/stoettepersoner/", views.support_contacts, name="support_contacts"),
    path("demo-login/", views.demo_login, name="demo_login"),
]
