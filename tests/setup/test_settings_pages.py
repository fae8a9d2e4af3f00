"""The settings pages: who may use each (everyone else gets 404), every change in the audit log,
and a clear Danish message at the field with what was typed kept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ContactFactory, person
from tryghed.audit.models import Action, AuditEvent
from tryghed.followup.models import TaskTemplate
from tryghed.guidance.models import GuidancePoint
from tryghed.organizations.models import Contact, ContactKind, Municipality, RetentionRule
from tryghed.organizations.roles import Role

SECTIONS = ["kontakter", "modtagere", "vejledning", "opgaveskabeloner", "opbevaring"]
# An administrator below the root edits the contacts of their units and the texts every
# municipality shares, as in the administration; the municipality's own settings are the root's.
BELOW_ROOT_ADMIN = {"kontakter": 200, "modtagere": 404, "vejledning": 200}
BELOW_ROOT_ADMIN |= {"opgaveskabeloner": 200, "opbevaring": 404}


@pytest.fixture
def municipality(tree):
    return Municipality.objects.create(unit=tree["root"])


@pytest.fixture
def local_admin(tree):
    return person(tree["own"], Role.ADMIN, name="Åge Lokal", email="aage@ishoj.example")


@pytest.mark.parametrize("key", SECTIONS)
def test_the_municipalitys_administrator_uses_every_section(client, administrator, key):
    Municipality.objects.get_or_create(unit=administrator.memberships.get().unit)
    client.force_login(administrator)
    assert client.get(reverse("setup:list", args=[key])).status_code == 200


@pytest.mark.parametrize("key", SECTIONS)
def test_an_administrator_below_the_root_uses_what_the_administration_lets_them(
    client, municipality, local_admin, key
):
    client.force_login(local_admin)
    assert client.get(reverse("setup:list", args=[key])).status_code == BELOW_ROOT_ADMIN[key]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_everyone_but_administrators_gets_404_for_the_settings(client, tree, municipality, role):
    client.force_login(person(tree["root"], role))
    assert client.get(reverse("setup:index")).status_code == 404
    for key in SECTIONS:
        assert client.get(reverse("setup:list", args=[key])).status_code == 404
    contact = Contact.objects.first()
    assert client.get(reverse("setup:edit", args=["kontakter", contact.pk])).status_code == 404


def test_anyone_logged_out_is_sent_to_the_login(client, tree):
    response = client.get(reverse("setup:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_contact_outside_the_administrators_units_is_a_404(client, tree, local_admin):
    at_root = Contact.objects.get(unit=tree["root"], kind=ContactKind.SITE_GUARD)
    client.force_login(local_admin)
    assert client.get(reverse("setup:edit", args=["kontakter", at_root.pk])).status_code == 404
    assert client.post(reverse("setup:delete", args=["kontakter", at_root.pk])).status_code == 404
    assert Contact.objects.filter(pk=at_root.pk).exists()


def test_the_menu_shows_the_settings_to_administrators_only(client, administrator, manager):
    client.force_login(administrator)
    assert reverse("setup:index") in client.get(reverse("home:home")).text
    client.force_login(manager)
    assert reverse("setup:index") not in client.get(reverse("home:home")).text


def test_sections_without_adding_answer_404_for_the_add_page(client, administrator, municipality):
    client.force_login(administrator)
    assert client.get(reverse("setup:add", args=["opbevaring"])).status_code == 404
    assert client.get(reverse("setup:add", args=["modtagere"])).status_code == 404
    rule = RetentionRule.objects.create(
        municipality=municipality, kind="cases", months=60, from_event="closed"
    )
    assert client.post(reverse("setup:delete", args=["opbevaring", rule.pk])).status_code == 404


# --- Audit ---------------------------------------------------------------------------------
def test_a_changed_phone_number_is_audited_without_the_number(client, tree, administrator):
    guard = Contact.objects.get(unit=tree["root"], kind=ContactKind.SITE_GUARD)
    client.force_login(administrator)
    response = client.post(
        reverse("setup:edit", args=["kontakter", guard.pk]),
        {"unit": tree["root"].pk, "kind": guard.kind, "name": guard.name, "phone": "43 57 70 00"},
    )
    assert response.status_code == 302
    guard.refresh_from_db()
    assert guard.phone == "43 57 70 00"
    event = AuditEvent.objects.get(action=Action.SETTING_CHANGED)
    assert event.actor == administrator and event.unit == tree["root"]
    assert event.data == {"setting": "kontakter", "fields": ["phone"]}
    assert "43 57" not in str(event.data)


def test_an_added_and_a_deleted_guidance_point_are_audited(client, administrator):
    client.force_login(administrator)
    client.post(
        reverse("setup:add", args=["vejledning"]),
        {
            "topic": "calm_words",
            "text": "Tal roligt og i øjenhøjde.",
            "position": 5,
            "is_active": "on",
        },
    )
    point = GuidancePoint.objects.get(text="Tal roligt og i øjenhøjde.")
    client.post(reverse("setup:delete", args=["vejledning", point.pk]))
    assert not GuidancePoint.objects.filter(pk=point.pk).exists()
    settings = AuditEvent.objects.filter(action__startswith="setting.").order_by("pk")
    actions = list(settings.values_list("action", "target_id"))
    assert actions == [
        (Action.SETTING_ADDED, str(point.pk)),
        (Action.SETTING_DELETED, str(point.pk)),
    ]


def test_a_changed_retention_rule_waits_for_confirmation(client, administrator, municipality):
    RetentionRule.objects.add_missing(municipality)
    rule = RetentionRule.objects.get(municipality=municipality, kind="cases")
    rule.confirm(by=administrator, at=timezone.now())
    client.force_login(administrator)
    client.post(
        reverse("setup:edit", args=["opbevaring", rule.pk]), {"months": 36, "from_event": "closed"}
    )
    rule.refresh_from_db()
    assert rule.months == 36 and not rule.is_confirmed
    assert AuditEvent.objects.get(action=Action.SETTING_CHANGED).data["fields"] == ["months"]


# --- Bad input -------------------------------------------------------------------------------
def test_a_phone_number_with_letters_is_told_at_the_field_and_kept(client, tree, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("setup:add", args=["kontakter"]),
        {
            "unit": tree["own"].pk,
            "kind": ContactKind.UNION,
            "name": "Fællestillid",
            "phone": "ring til Søren",
        },
    )
    assert response.status_code == 200
    assert "Skriv telefonnummeret med tal" in response.text
    assert "så folk kan komme i kontakt" not in response.text  # one message, the right one
    assert 'value="ring til Søren"' in response.text and 'value="Fællestillid"' in response.text
    assert not Contact.objects.filter(name="Fællestillid").exists()
    assert not AuditEvent.objects.filter(action__startswith="setting.").exists()


def test_a_contact_nobody_can_reach_is_refused(client, tree, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("setup:add", args=["kontakter"]),
        {"unit": tree["own"].pk, "kind": ContactKind.IT, "name": "IT-support"},
    )
    assert "så folk kan komme i kontakt" in response.text


def test_a_second_contact_of_a_kind_in_a_unit_is_told_at_the_kind(client, tree, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("setup:add", args=["kontakter"]),
        {
            "unit": tree["root"].pk,
            "kind": ContactKind.SITE_GUARD,
            "name": "Vagt 2",
            "phone": "12 34 56 78",
        },
    )
    assert "har allerede en kontakt af denne slags" in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("offset_days", "400", "Skriv et antal dage fra 0 til 365."),
        ("offset_hours", "1000", "Skriv et antal timer fra 0 til 720."),
        ("escalate_after_days", "-1", "Skriv et antal dage fra 0 til 90."),
    ],
)
def test_a_task_deadline_out_of_range_is_told_at_the_field(
    client, administrator, field, value, message
):
    task = TaskTemplate.objects.first()
    data = {
        "case_template": task.case_template_id,
        "order": task.order,
        "kind": task.kind,
        "title": "",
        "guidance": "",
        "assignee": task.assignee,
        "condition": task.condition,
        "anchor": task.anchor,
        "offset_days": 0,
        "offset_hours": 0,
        "escalate_after_days": 2,
        field: value,
    }
    client.force_login(administrator)
    response = client.post(reverse("setup:edit", args=["opgaveskabeloner", task.pk]), data)
    assert response.status_code == 200 and message in response.text
    assert f'value="{value}"' in response.text


def test_retention_months_out_of_range_are_told_at_the_field(client, administrator, municipality):
    RetentionRule.objects.add_missing(municipality)
    rule = RetentionRule.objects.get(municipality=municipality, kind="files")
    client.force_login(administrator)
    response = client.post(
        reverse("setup:edit", args=["opbevaring", rule.pk]),
        {"months": 5000, "from_event": "closed"},
    )
    assert "Skriv antal måneder fra 0 til 1200." in response.text
    assert 'value="5000"' in response.text


def test_the_contacts_list_groups_by_unit(client, tree, administrator):
    ContactFactory(
        unit=tree["own"], kind=ContactKind.SITE_GUARD, name="Kløverengens vagt", phone="11 22 33 44"
    )
    ContactFactory(unit=tree["own"], kind=ContactKind.IT, name="IT-support", phone="")
    client.force_login(administrator)
    page = client.get(reverse("setup:list", args=["kontakter"])).text
    assert page.index("Ishøj Kommune") < page.index("Kløverengen</h2>")
    assert "Centervagt: Kløverengens vagt</a><br>" in page and "11 22 33 44" in page
    assert "Uden telefon, e-mail eller webadresse: ingen kan komme i kontakt med den." in page
