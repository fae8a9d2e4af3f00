from django import template

from tryghed.incidents.forms import KIND_HINTS
from tryghed.incidents.models import Kind

register = template.Library()


@register.simple_tag
def kind_hint(value):
    """The short hint under each kind of episode: which acts it covers."""
    return KIND_HINTS.get(Kind(value), "")
