from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from tryghed.guidance.models import GuidancePoint, Topic


def advice(request):
    """Calm words, the conflict staircase and colleague first aid. Open without login, like the
    quick guide it belongs to."""
    return render(
        request,
        "guidance/advice.html",
        {"topics": GuidancePoint.objects.for_reader(request).advice()},
    )


def advice_pdf(request):
    """The advice on one A4 page, to print and keep by the desk."""
    from weasyprint import HTML  # slow to import; only this page needs it

    html = render_to_string(
        "guidance/advice_pdf.html",
        {"topics": GuidancePoint.objects.for_reader(request).advice()},
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="raad-til-dig-og-din-kollega.pdf"'
    return response


def social_media(request):
    """The municipality's rules for social media, for every employee: a unit's own guidance
    may add to them, never replace them."""
    points = GuidancePoint.objects.for_reader(request).about(Topic.SOCIAL_MEDIA)
    return render(request, "guidance/social_media.html", {"points": points})
