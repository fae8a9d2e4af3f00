"""System checks of the municipality's data: every contact the guideline names must be one a
person can reach, or the page that shows it leaves them with a name and nothing to press."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def contacts_are_reachable(app_configs, databases=None, **kwargs):
    """Run with `check --database default` (and by `migrate`): a contact with no phone, e-mail
    or web address. Before the tables exist there is nothing to check."""
    from tryghed.organizations.models import Contact

    try:
        contacts = list(Contact.objects.unreachable().select_related("unit"))
    except DatabaseError:
        return []
    return [
        Warning(
            f"The contact {contact.name!r} ({contact.kind}, {contact.unit}) has no phone, "
            "e-mail or web address: nobody can reach it from the pages that show it.",
            hint="Give it a phone number or an e-mail address in the administration.",
            obj=contact,
            id="organizations.W001",
        )
        for contact in contacts
    ]
