from django.urls import path

from tryghed.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/stoettepersoner/", views.support_contacts, name="support_contacts"),
    # The address it had beside the units' pages: bookmarks keep working.
    path("enheder/hvem-kan-hvad/", views.access_overview, name="access_overview"),
    # In front of allauth's own (tryghed/urls.py includes these first): single sign-on.
    path("konto/login/", views.login),
    path("konto/oidc/<str:provider_id>/login/", views.sso_login),
    path("konto/oidc/<str:provider_id>/login/callback/", views.sso_callback),
    path("konto/password/reset/", views.password_reset),
    path("konto/logout/", views.logout, name="logout"),
]
