from django.urls import path

from tryghed.prevention import views

app_name = "prevention"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("enhed/<int:pk>/", views.unit_page, name="unit"),
    path(
        "enhed/<int:unit_pk>/risikovurdering/ny/",
        views.risk_assessment_new,
        name="risk_assessment_new",
    ),
    path("risikovurdering/<int:pk>/", views.risk_assessment, name="risk_assessment"),
    path("risikovurdering/<int:pk>/ret/", views.risk_assessment_edit, name="risk_assessment_edit"),
    path(
        "risikovurdering/<int:pk>/underskriv/",
        views.sign_risk_assessment,
        name="sign_risk_assessment",
    ),
    path("enhed/<int:unit_pk>/kriseplan/", views.crisis_plan, name="crisis_plan"),
    path("enhed/<int:unit_pk>/maalinger/ny/", views.survey_result_new, name="survey_result_new"),
    path("enhed/<int:unit_pk>/sparring/ny/", views.sparring_new, name="sparring_new"),
    path("enhed/<int:unit_pk>/kriseplan/ret/", views.crisis_plan_edit, name="crisis_plan_edit"),
    path("enhed/<int:unit_pk>/<slug:slug>/", views.guideline, name="guideline"),
    path("enhed/<int:unit_pk>/<slug:slug>/ny-version/", views.guideline_new, name="guideline_new"),
    path("enhed/<int:unit_pk>/<slug:slug>/pdf/", views.guideline_pdf, name="guideline_pdf"),
    path("version/<int:pk>/", views.guideline_version, name="guideline_version"),
    path("kurser/", views.training, name="training"),
    path("kurser/nyt/", views.course_session_new, name="course_session_new"),
    path("introduktion/<int:pk>/", views.onboarding, name="onboarding"),
    path("tiltag/", views.measures, name="measures"),
    path("tiltag/<int:pk>/udfoert/", views.complete_measure, name="complete_measure"),
    path("tiltag/<int:pk>/stop/", views.stop_repeating, name="stop_repeating"),
]
