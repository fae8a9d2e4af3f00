from django.urls import path

from tryghed.followup import views

app_name = "followup"
urlpatterns = [
    path("opgaver/", views.my_tasks, name="my_tasks"),
    path("opgaver/kalender/", views.calendar, name="calendar"),
    path("opgaver/kalender/slaa-fra/", views.calendar_off, name="calendar_off"),
    # The token is the key: calendar apps fetch it without logging in (followup/calendar_feed.py).
    path("kalender/<str:token>.ics", views.calendar_feed_ics, name="calendar_feed"),
    path("opgaver/<int:pk>/evaluering/", views.evaluation, name="evaluation"),
    path("opgaver/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
    path("episoder/<int:pk>/opfoelgning/", views.case, name="case"),
    path(
        "episoder/<int:pk>/opfoelgning/sag.pdf",
        views.case_file,
        {"file_format": "pdf"},
        name="case_file_pdf",
    ),
    path(
        "episoder/<int:pk>/opfoelgning/sag.json",
        views.case_file,
        {"file_format": "json"},
        name="case_file_json",
    ),
    path("episoder/<int:pk>/opfoelgning/luk/", views.close, name="close"),
    path("episoder/<int:pk>/opfoelgning/genaabn/", views.reopen, name="reopen"),
    path("episoder/<int:pk>/opfoelgning/kommentar/", views.comment, name="comment"),
    path("episoder/<int:pk>/politianmeldelse/", views.police_report, name="police_report"),
    path(
        "episoder/<int:pk>/politianmeldelse/pdf/", views.police_report_pdf, name="police_report_pdf"
    ),
    path("opslag/<int:pk>/slettet/", views.removed, name="removed"),
    path(
        "episoder/<int:pk>/opfoelgning/borgersamtale/",
        views.citizen_conversation,
        name="citizen_conversation",
    ),
    path("borgersamtaler/", views.citizen_conversations, name="citizen_conversations"),
    path("blokeringer/", views.blocks, name="blocks"),
    path("blokeringer/it/", views.it_blocks, name="it_blocks"),
    path("blokeringer/<int:pk>/udfoert/", views.block_carried_out, name="block_carried_out"),
    path("tjekliste-sociale-medier.pdf", views.online_checklist, name="online_checklist"),
]
