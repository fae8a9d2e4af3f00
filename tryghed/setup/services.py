"""The settings pages' writes: each change of a setting in one transaction with its audit
event, and a person placed in a unit with their role in one step."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.organizations.models import Membership
from tryghed.organizations.signals import membership_changed


def save_setting(*, section, form, actor, request):
    """Save `form` and record who changed which fields (the names of the fields, never what
    was written: a phone number or a text stays out of the log)."""
    adding = form.instance.pk is None
    with transaction.atomic():
        row = form.save()
        audit.record(
            actor=actor,
            action=Action.SETTING_ADDED if adding else Action.SETTING_CHANGED,
            target=row,
            unit=section.audit_unit(row),
            request=request,
            setting=section.key,
            fields=sorted(form.changed_data),
        )
    return row


def delete_setting(*, section, row, actor, request):
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=Action.SETTING_DELETED,
            target=row,
            unit=section.audit_unit(row),
            request=request,
            setting=section.key,
        )
        row.delete()
        if section.deleted:
            section.deleted(row)


def copy_setting(*, section, row, root, actor, request):
    """Make `row` (shared) the own copy of the municipality with root `root`, recorded as a
    setting added (the copy) with the row it was copied from."""
    with transaction.atomic():
        made = section.copy(row, root)
        audit.record(
            actor=actor,
            action=Action.SETTING_ADDED,
            target=made,
            unit=section.audit_unit(made),
            request=request,
            setting=section.key,
            copied_from=row.pk,
        )
    return made


def place_person(*, email, unit, role, details, actor, request):
    """Give the person with `email` the `role` in `unit`, creating the person (from `details`,
    without a password: they log in through the municipality or "forgot your password") when
    nobody has the address. Done twice, it finds both again: a form sent twice makes one person
    and one role. A role given is told like every other (membership_changed, for the audit
    log); the membership's post_save starts the onboarding of a person not permanently
    employed. Returns (person, membership, person_created, membership_created)."""
    with transaction.atomic():
        person, person_created = get_user_model().objects.get_or_create(
            email__iexact=email,
            defaults={"email": email.lower(), "password": make_password(None), **details},
        )
        membership, created = Membership.objects.get_or_create(user=person, unit=unit, role=role)
        if created:
            membership_changed.send(
                Membership, membership=membership, actor=actor, change="saved", request=request
            )
    return person, membership, person_created, created
