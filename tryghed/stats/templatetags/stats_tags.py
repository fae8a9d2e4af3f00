from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tryghed.stats.suppression import HIDDEN, SMALL, Shown

register = template.Library()
DASH = "\u2013"  # no figure
MINUS = "\u2212"


@register.filter
def shown(value):
    """A count as the viewer may see it: the number (rounded for a protected viewer), "<3", or
    "hidden"; a dash for no figure."""
    if isinstance(value, Shown):
        if value.state == SMALL:
            return f"<{settings.STATS_SUPPRESSION_THRESHOLD}"
        if value.state == HIDDEN:
            return _("hidden")
        return number_format(value.number, force_grouping=True)
    if value is None:
        return DASH
    if isinstance(value, float):
        return number_format(value, 1)
    return number_format(value, force_grouping=True)


@register.filter
def is_hidden(value):
    """True for a figure the viewer may not see (a median over too few episodes)."""
    return isinstance(value, Shown) and not value.is_shown


@register.filter
def signed(value):
    """A change: +3, minus 2, 0; a dash when it cannot be shown."""
    if value is None:
        return DASH
    if value > 0:
        return f"+{number_format(value, force_grouping=True)}"
    if value < 0:
        return f"{MINUS}{number_format(-value, force_grouping=True)}"
    return "0"


@register.filter
def bar_width(value, largest):
    """Width in percent of a bar for the PDF's drawn charts; 0 for a hidden count."""
    number = value.number if isinstance(value, Shown) else value
    if not number or not largest:
        return 0
    return round(number / largest * 100)


@register.filter
def heat(value, largest):
    """A shade class 0 to 4 for a cell of the weekday-and-hour table."""
    if not isinstance(value, Shown) or not value.number or not largest:
        return 0
    return min(4, 1 + int(value.number / largest * 4))
