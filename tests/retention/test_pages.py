"""The retention page shows administrators what the next sweep would do and lets them confirm
a rule; administrators and HR see the cases on legal hold. A case's managers and HR put a case
on hold from its follow-up page."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.html import duplicate_ids
from tests.incidents.factories import make_incident
from tryghed.audit.models import Action, AuditEvent
from tryghed.incidents.models import Incident
from tryghed.organizations.models import RetentionKind, RetentionRule
from tryghed.retention.models import HoldGround, LegalHold


def text_of(response):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert not duplicate_ids(page)
    return unescape(page)


@pytest.fixture
def expired(tree, employee, municipality):
    """Three cases closed six years ago."""
    long_ago = timezone.now() - timedelta(days=6 * 366)
    cases = [make_incident(employee, tree["own"], occurred_at=long_ago) for _ in range(3)]
    Incident.objects.filter(pk__in=[c.pk for c in cases]).update(
        reported_at=long_ago, closed_at=long_ago + timedelta(days=10)
    )
    return cases


def test_an_administrator_sees_each_rule_with_what_the_next_sweep_would_do(
    client, administrator, expired
):
    client.force_login(administrator)
    page = text_of(client.get(reverse("retention:overview")))
    assert "Persondata i lukkede sager (anonymiseres)" in page
    assert "60 måneder efter sagen blev lukket" in page
    assert "3 venter på bekræftelse" in page


def test_confirming_a_rule_is_recorded_and_then_the_sweep_acts_on_it(
    client, administrator, expired, municipality
):
    rule = RetentionRule.objects.get(municipality=municipality, kind=RetentionKind.CASES)
    client.force_login(administrator)
    response = client.post(reverse("retention:confirm", args=[rule.pk]))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.is_confirmed and rule.confirmed_by == administrator
    event = AuditEvent.objects.get(action=Action.RETENTION_RULE_CONFIRMED)
    assert event.actor == administrator and event.data["rule"] == "cases"


@pytest.mark.parametrize("who", ["employee", "manager", "executive"])
def test_the_retention_page_is_404_for_everyone_else(client, request, who, municipality):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("retention:overview")).status_code == 404


def test_hr_sees_the_holds_but_cannot_confirm(client, hr, manager, expired, municipality):
    LegalHold.objects.create(
        incident=expired[0],
        ground=HoldGround.POLICE,
        reason="Politiets journalnr. 0100-12345",
        ends_on=timezone.localdate() + timedelta(days=90),
        placed_by=manager,
    )
    client.force_login(hr)
    page = text_of(client.get(reverse("retention:overview")))
    assert expired[0].number in page and "En politisag er stadig åben" in page
    assert "0100-12345" not in page
    assert "venter på bekræftelse" not in page
    rule = RetentionRule.objects.get(municipality=municipality, kind=RetentionKind.CASES)
    assert client.post(reverse("retention:confirm", args=[rule.pk])).status_code == 404


def test_a_manager_puts_a_case_on_hold_and_it_is_audited(client, manager, tree, employee):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    case = text_of(client.get(reverse("followup:case", args=[incident.pk])))
    assert "Sæt sagen i bero mod sletning" in case
    until = timezone.localdate() + timedelta(days=200)
    response = client.post(
        reverse("retention:hold", args=[incident.pk]),
        {"ground": "work_injury", "reason": "AES-sag 2026-77", "ends_on": until.isoformat()},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(incident=incident)
    assert hold.placed_by == manager and hold.ends_on == until
    event = AuditEvent.objects.get(action=Action.LEGAL_HOLD_PLACED)
    assert event.data == {"ground": "work_injury", "ends_on": until.isoformat()}


def test_a_hold_needs_a_day_after_today_and_keeps_what_was_typed(client, manager, tree, employee):
    incident = make_incident(employee, tree["own"])
    client.force_login(manager)
    response = client.post(
        reverse("retention:hold", args=[incident.pk]),
        {"ground": "police", "reason": "Sag 4411", "ends_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Vælg en dag efter i dag." in page
    assert 'value="Sag 4411"' in response.content.decode()
    assert not LegalHold.objects.exists()


def test_the_affected_employee_may_not_put_their_case_on_hold(client, tree, employee):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    assert client.get(reverse("retention:hold", args=[incident.pk])).status_code == 403


def test_an_outsider_gets_404_for_the_hold_page(client, tree, employee, outsider):
    incident = make_incident(employee, tree["own"])
    client.force_login(outsider)
    assert client.get(reverse("retention:hold", args=[incident.pk])).status_code == 404


def test_an_anonymised_case_opens_for_its_manager_and_names_nobody(
    client, manager, expired, municipality, administrator
):
    from tryghed.retention import services as retention

    for rule in retention.rules(municipality):
        retention.confirm(rule=rule, by=administrator)
    retention.sweep()
    incident = Incident.objects.get(pk=expired[0].pk)
    assert incident.anonymised_at is not None
    client.force_login(manager)
    for name in ("incidents:detail", "followup:case"):
        page = text_of(client.get(reverse(name, args=[incident.pk])))
        assert "En person (anonymiseret)" in page
        assert "Maja Nørgaard" not in page and "Borgeren råbte" not in page
    assert "Sæt sagen i bero" not in text_of(
        client.get(reverse("followup:case", args=[incident.pk]))
    )
