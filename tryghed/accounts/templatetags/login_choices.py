from django import template

from tryghed.accounts import sso

register = template.Library()


@register.simple_tag
def login_choices():
    """{"sso": {"name", "url"} or None, "passwords": bool}: what the login page offers."""
    return sso.login_choices()
