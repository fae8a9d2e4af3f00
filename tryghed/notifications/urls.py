from django.urls import path

from tryghed.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("alle-laest/", views.mark_all_read, name="mark_all_read"),
    path("udbakke/", views.outbox, name="outbox"),
]
