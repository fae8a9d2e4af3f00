from django.urls import path

from tryghed.alarms import views

app_name = "alarms"
urlpatterns = [
    path("", views.panic, name="panic"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/svar/", views.answer, name="answer"),
    path("<int:pk>/ringer-112/", views.call_police, name="call_police"),
    path("<int:pk>/afslut/", views.resolve, name="resolve"),
    path("<int:pk>/falsk-alarm/", views.cancel, name="cancel"),
    path("<int:pk>/registrer/", views.report, name="report"),
    path("vagt/", views.guard_console, name="guard_console"),
    path("doere/", views.doors, name="doors"),
    path("doere/<int:pk>/aaben/", views.reopen, name="reopen"),
    path("opnormering/", views.guard_requests, name="guard_requests"),
    path("opnormering/<int:pk>/beslut/", views.decide, name="decide"),
    path("min-plads/", views.workplace, name="workplace"),
]
