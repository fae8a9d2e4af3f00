"""Every contact can be reached: a link that calls or writes where it is needed, and a contact
without any way to reach it is flagged to administrators."""

from django.core import checks
from django.urls import reverse

from tests.factories import ContactFactory
from tryghed.organizations.models import Contact, ContactKind


def test_a_contact_without_phone_email_or_address_is_flagged_by_a_system_check(tree):
    ContactFactory(unit=tree["root"], kind=ContactKind.IT, name="IT-support", phone="", email="")
    warnings = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    flagged = [w for w in warnings if w.id == "organizations.W001"]
    assert [w.obj.name for w in flagged] == ["IT-support"]


def test_the_administrations_list_of_contacts_names_the_unreachable_ones(
    client, tree, administrator
):
    ContactFactory(
        unit=tree["root"], kind=ContactKind.UNION, name="Fællestillidsrepræsentanterne", phone=""
    )
    client.force_login(administrator)
    page = client.get(reverse("admin:organizations_contact_changelist")).text
    assert "så ingen kan komme i kontakt med dem" in page
    assert "Fællestillidsrepræsentanterne" in page


def test_a_contact_with_an_email_is_reachable_and_written_to(tree):
    contact = ContactFactory(
        unit=tree["root"], kind=ContactKind.COMPETENCE, phone="", email="hr@ishoj.example"
    )
    assert contact.is_reachable and contact.email_uri == "mailto:hr@ishoj.example"
    assert not Contact.objects.unreachable().filter(pk=contact.pk).exists()
