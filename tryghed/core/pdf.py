"""PDFs from HTML templates with WeasyPrint, in the site's language (Danish): the one way a
document that is kept or sent on is written (the police report, the case file for the journal).
User text reaches the PDF only through the template's autoescaping, never through CSS."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def from_template(template_name, context):
    from weasyprint import HTML  # slow to import: only when a PDF is made

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
