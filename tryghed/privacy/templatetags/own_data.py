from django import template

from tryghed.core.templatetags.tryghed import moment

register = template.Library()

# The copy's PDF loads this library; the filter is the one the case file uses too.
register.filter("moment", moment)
