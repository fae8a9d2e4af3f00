from django import template
from django.conf import settings
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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


@register.simple_tag
def table_rows(table):
    """The rows of a table of figures, written here rather than by a loop in the template: the
    weekday-and-hour grid alone has 168 cells, and the template engine took about a third of
    the overview's time for its tables."""
    largest = table.largest_cell if table.chart == "grid" else None
    lines = []
    for row in table.rows:
        cells = [f'<th scope="row">{conditional_escape(localize(row.label))}</th>', _td(row.count)]
        if table.slug == "key":
            cells += [_td(row.extra[0]), _td(row.extra[1], signed)]
        elif table.chart == "grid":
            cells += [_td(cell, shade=heat(cell, largest)) for cell in row.extra]
        else:
            cells += [_td(value) for value in row.extra]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(lines))  # each value escaped in _td


def _td(value, show=shown, *, shade=None):
    """A number's cell; `shade`: the weekday-and-hour grid's heat class, 0 to 4."""
    heat_class = "" if shade is None else f" tryghed-heat-{shade}"
    return f'<td class="tryghed-num{heat_class}">{conditional_escape(show(value))}</td>'
