from django.urls import path

from tryghed.demo import views

app_name = "demo"
urlpatterns = [
    path("demo-login/", views.login, name="login"),
]
