from django import template
from django.utils.translation import gettext as _
from ua_parser import parse

register = template.Library()


@register.filter
def device(user_agent):
    """A browser's self-description in words a person recognises: "Chrome på Windows"."""
    result = parse(user_agent or "")
    browser = result.user_agent.family if result.user_agent else ""
    system = result.os.family if result.os else ""
    if browser and system and system != "Other":
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser if browser and browser != "Other" else _("Unknown browser")
