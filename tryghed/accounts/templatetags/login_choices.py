from django import template

from tryghed.accounts import sso

register = template.Library()


@register.simple_tag(takes_context=True)
def login_choices(context):
    """{"sso": {"name", "url"} or None, "passwords": bool}: what the login page offers."""
    return sso.login_choices(context.get("request"))
