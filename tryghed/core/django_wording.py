"""Django's own messages in plain Danish.

Django's Danish offers "- Vælg en valgmulighed -" as a list's empty choice and "Marker en gyldig
valgmulighed" for a wrong one. These are Django's msgids, marked here so that makemessages keeps
them in our catalog; our catalog (LOCALE_PATHS) is read before Django's, so its words win."""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = (
    gettext_noop("- Select an option -"),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
)
