from django.urls import path

from tryghed.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("lyn-guide/", views.quick_guide, name="quick_guide"),
    path("lyn-guide/plakat.pdf", views.quick_guide_poster, name="quick_guide_poster"),
]
