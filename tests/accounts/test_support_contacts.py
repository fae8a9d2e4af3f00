"""Support contacts (støttepersoner): each person names, on their own profile, the colleagues
they want support from and their next of kin."""

import pytest
from django.db import IntegrityError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import UserFactory, person
from tryghed.accounts import forms
from tryghed.accounts.models import SupportContact, SupportKind
from tryghed.organizations.roles import Role

URL = reverse("accounts:support_contacts")


def blank():
    data = {f"colleague_{n}": "" for n in range(1, forms.COLLEAGUE_SLOTS + 1)}
    for n in range(1, forms.NEXT_OF_KIN_SLOTS + 1):
        data |= {f"next_of_kin_{n}_{part}": "" for part in ("name", "relation", "phone")}
    return data


def save(client, **fields):
    return client.post(URL, blank() | {key: str(value) for key, value in fields.items()})


def in_danish(message):
    """`message` as the Danish page shows it (the English msgid until it is translated)."""
    with translation.override("da"):
        return escape(translation.gettext(str(message)))


@pytest.fixture
def me(client, employee):
    client.force_login(employee)
    return employee


@pytest.fixture
def freja(tree):
    return person(tree["own"], name="Freja Ærø Holm", email="freja@ishoj.example")


@pytest.fixture
def birk(tree):
    return person(tree["below"], name="Birk Østergård", email="birk@ishoj.example")


def test_a_person_names_two_colleagues_and_a_next_of_kin_and_sees_them_on_the_profile(
    client, me, freja, birk
):
    response = save(
        client,
        colleague_1=birk.pk,
        colleague_2=freja.pk,
        next_of_kin_1_name="Åse Nørgaard",
        next_of_kin_1_relation="søster",
        next_of_kin_1_phone="+45 20 30 40 50",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    contacts = list(me.support_contacts.all())
    assert [(c.kind, c.colleague, c.name) for c in contacts] == [
        (SupportKind.COLLEAGUE, birk, ""),
        (SupportKind.COLLEAGUE, freja, ""),
        (SupportKind.NEXT_OF_KIN, None, "Åse Nørgaard"),
    ]
    profile = client.get(response["Location"]).text
    assert "Birk Østergård" in profile and "Freja Ærø Holm" in profile
    assert "Åse Nørgaard</strong>, søster" in profile
    assert 'href="tel:+4520304050"' in profile
    assert profile.index("Birk Østergård") < profile.index("Freja Ærø Holm"), "in the order named"


def test_the_edit_page_shows_what_was_saved(client, me, freja):
    save(
        client,
        colleague_1=freja.pk,
        next_of_kin_1_name="Åse Nørgaard",
        next_of_kin_1_phone="20304050",
    )
    page = client.get(URL).text
    assert f'<option value="{freja.pk}" selected>' in page
    assert 'value="Åse Nørgaard"' in page


def test_saving_again_replaces_the_contacts(client, me, freja, birk):
    save(
        client,
        colleague_1=freja.pk,
        next_of_kin_1_name="Åse Nørgaard",
        next_of_kin_1_phone="20304050",
    )
    save(client, colleague_1=birk.pk)
    assert [c.colleague for c in me.support_contacts.all()] == [birk]


def test_saving_an_empty_form_removes_every_contact(client, me, freja):
    save(client, colleague_1=freja.pk)
    assert save(client).status_code == 302
    assert not me.support_contacts.exists()


def test_the_profile_says_so_when_none_are_named_and_who_can_see_them(client, me):
    profile = client.get(reverse("accounts:profile")).text
    assert in_danish("You have not named any support contacts yet.") in profile
    assert (
        in_danish(
            "The colleagues you want support from if something happens to you, and your next of "
            "kin. Only your managers can see them, and only in the follow-up of a case about you."
        )
        in profile
    )
    assert f'href="{URL}"' in profile


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"next_of_kin_1_name": "Åse Nørgaard", "next_of_kin_1_phone": "tyve tredive"},
            "next_of_kin_1_phone",
            forms.PHONE_NOT_DIGITS,
        ),
        (
            {"next_of_kin_1_name": "Åse Nørgaard", "next_of_kin_1_phone": "2030"},
            "next_of_kin_1_phone",
            forms.PHONE_LENGTH,
        ),
        (
            {"next_of_kin_1_name": "Åse Nørgaard"},
            "next_of_kin_1_phone",
            forms.PHONE_MISSING,
        ),
        (
            {"next_of_kin_2_relation": "bror", "next_of_kin_2_phone": "20304050"},
            "next_of_kin_2_name",
            forms.NAME_MISSING,
        ),
        ({"colleague_1": "FREJA", "colleague_3": "FREJA"}, "colleague_3", forms.SAME_COLLEAGUE),
    ],
)
def test_bad_input_is_refused_at_the_field_and_what_was_typed_is_kept(
    client, me, freja, fields, field, message
):
    me.replace_support_contacts([SupportContact(kind=SupportKind.COLLEAGUE, colleague=freja)])
    fields = {key: freja.pk if value == "FREJA" else value for key, value in fields.items()}
    response = save(client, **fields)
    assert response.status_code == 200
    page = response.text
    assert 'id="error-summary"' in page
    assert f'id="id_{field}_error"' in page
    assert f'aria-describedby="id_{field}_error"' in page
    assert in_danish(message) in page
    for key, value in fields.items():
        kept = (
            f'<option value="{value}" selected>'
            if key.startswith("colleague")
            else f'value="{value}"'
        )
        assert kept in page, "what was typed is kept"
    assert [c.colleague for c in me.support_contacts.all()] == [freja], "nothing was changed"


def test_messages_have_english_msgids_for_the_english_page(client, me):
    client.cookies["django_language"] = "en"
    response = save(client, next_of_kin_1_name="Åse Nørgaard", next_of_kin_1_phone="tyve tredive")
    assert "Write the phone number with digits, for example 20 30 40 50." in response.text


def test_only_colleagues_from_the_persons_own_units_are_offered(
    client, me, tree, freja, birk, manager, outsider
):
    beside = person(tree["beside"], name="Bo Hjemmepleje", email="bo@ishoj.example")
    retired = person(tree["own"], name="Grethe Fratrådt", email="grethe@ishoj.example")
    retired.is_active = False
    retired.save()
    page = client.get(URL).text
    for offered in (freja, birk, manager):
        assert f'<option value="{offered.pk}">' in page
    for other in (me, outsider, beside, retired):
        assert f'<option value="{other.pk}"' not in page


def test_posting_an_outsider_as_colleague_is_refused(client, me, outsider):
    response = save(client, colleague_1=outsider.pk)
    assert response.status_code == 200
    assert in_danish(forms.NOT_A_COLLEAGUE) in response.text
    assert not SupportContact.objects.exists()


def test_a_person_without_a_unit_is_told_there_are_no_colleagues_but_may_name_next_of_kin(
    client, db
):
    loner = UserFactory(name="Søs Ulvær")
    client.force_login(loner)
    page = client.get(URL).text
    assert "colleague_1" not in page
    assert (
        in_danish(
            "You are not placed in any unit yet, so there are no colleagues to choose. "
            "Ask your administrator."
        )
        in page
    )
    save(client, next_of_kin_1_name="Åse Nørgaard", next_of_kin_1_phone="20304050")
    assert [c.name for c in loner.support_contacts.all()] == ["Åse Nørgaard"]


def test_the_page_only_ever_edits_the_logged_in_persons_own_contacts(client, me, manager, freja):
    manager.replace_support_contacts([SupportContact(kind=SupportKind.COLLEAGUE, colleague=freja)])
    page = client.get(URL + f"?person={manager.pk}").text
    assert f'<option value="{freja.pk}" selected>' not in page
    save(
        client, person=manager.pk, next_of_kin_1_name="Åse Nørgaard", next_of_kin_1_phone="20304050"
    )
    assert [c.colleague for c in manager.support_contacts.all()] == [freja]
    assert [c.name for c in me.support_contacts.all()] == ["Åse Nørgaard"]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_name_support_contacts(client, tree, role):
    client.force_login(person(tree["own"], role))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, tree, method):
    response = getattr(client, method)(URL, blank() | {"next_of_kin_1_name": "Åse Nørgaard"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not SupportContact.objects.exists()


def test_the_component_lists_a_persons_contacts_in_one_query(
    employee, freja, django_assert_num_queries
):
    employee.replace_support_contacts(
        [
            SupportContact(kind=SupportKind.COLLEAGUE, colleague=freja),
            SupportContact(kind=SupportKind.NEXT_OF_KIN, name="Åse Nørgaard", phone="20 30 40 50"),
        ]
    )
    with django_assert_num_queries(1):
        html = render_to_string("components/support_contacts.html", {"person": employee})
    assert "Freja Ærø Holm" in html
    assert 'href="tel:20304050">20 30 40 50</a>' in html


def test_the_component_says_when_a_person_has_named_no_one(employee):
    with translation.override("en"):
        html = render_to_string("components/support_contacts.html", {"person": employee})
    assert "Maja Nørgaard has named no support contacts." in html


@pytest.mark.parametrize(
    "fields",
    [{}, {"name": "Åse Nørgaard", "colleague": "FREJA"}],
    ids=["neither", "both"],
)
def test_a_contact_is_either_a_colleague_or_a_name(employee, freja, fields):
    fields = {key: freja if value == "FREJA" else value for key, value in fields.items()}
    with pytest.raises(IntegrityError, match="accounts_supportcontact_colleague_or_name"):
        SupportContact.objects.create(person=employee, kind=SupportKind.COLLEAGUE, **fields)
