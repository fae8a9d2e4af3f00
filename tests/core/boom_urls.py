"""Tryghed's URLs and one view that fails after reading what was typed: for the error-report
test (tests/core/test_errors.py)."""

from django.urls import path

from tryghed.urls import urlpatterns as tryghed_urls


def boom(request):
    typed = request.POST.get("description", "")
    raise ValueError(f"could not save the story: {typed}")


urlpatterns = [path("boom/", boom), *tryghed_urls]
