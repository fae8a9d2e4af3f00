"""Factories with Danish sample data: æøå find encoding bugs."""

import factory

from tryghed.accounts.models import EmploymentType, User
from tryghed.organizations.models import Contact, ContactKind, Membership, Unit, UnitKind
from tryghed.organizations.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    name = factory.Sequence(lambda n: f"Søren Ærø Østergaard {n}")
    email = factory.Sequence(lambda n: f"person{n}@ishøj.example")
    job_title = "Sagsbehandler"
    employment_type = EmploymentType.PERMANENT
    password = factory.django.Password("kodeord-æøå-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Afdeling Ærtebjerg {n}")
    code = factory.Sequence(lambda n: f"enhed-{n}")
    parent = None
    kind = factory.LazyAttribute(
        lambda unit: UnitKind.MUNICIPALITY if unit.parent is None else UnitKind.DEPARTMENT
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.EMPLOYEE


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    kind = ContactKind.SITE_GUARD
    name = "Centervagten"
    phone = "28 88 09 01"


def person(unit, role=Role.EMPLOYEE, **fields):
    """A person with one role in one unit."""
    member = UserFactory(**fields)
    MembershipFactory(user=member, unit=unit, role=role)
    return member
