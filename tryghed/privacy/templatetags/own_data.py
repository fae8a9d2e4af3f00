from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as date_filter

register = template.Library()


@register.filter
def moment(value):
    """An ISO time or day from the copy's JSON, as the person reads it ("5. december 2026
    14:03")."""
    if not value:
        return "\u2013"  # an en dash, as the pages show a missing value
    if "T" in value:
        return date_filter(datetime.fromisoformat(value), "DATETIME_FORMAT")
    return date_filter(date.fromisoformat(value), "DATE_FORMAT")
