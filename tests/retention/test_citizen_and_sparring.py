"""Retention of what issue 20 added: the agreements with a citizen go with the perpetrator
reference (or with the case, whichever goes first) and wait while they are still to be
reviewed; sparring keeps its dates, not who recorded them."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests.retention.conftest import five_years_on
from tryghed.followup import services
from tryghed.followup.models import CitizenConversation, ConversationKind, SparringSession
from tryghed.incidents.models import Incident, Perpetrator
from tryghed.retention import services as retention


def talk_about(case, manager, review_on):
    perpetrator = Perpetrator.objects.create(unit=case.unit, reference="ØS-3")
    Incident.objects.filter(pk=case.pk).update(perpetrator=perpetrator)
    case.refresh_from_db()
    return services.record_conversation(
        incident=case,
        by=manager,
        kind=ConversationKind.CONVERSATION,
        held_on=timezone.localdate(),
        agreements="Aftalt: kommer kun med forudgående aftale.",
        review_on=review_on,
    )


def test_the_agreements_go_with_the_perpetrator_reference(confirmed, old_cases, manager):
    cases, _open = old_cases
    talk_about(cases[0], manager, timezone.localdate() + timedelta(days=90))
    with time_machine.travel(five_years_on(), tick=False):
        retention.sweep()
    assert not CitizenConversation.objects.exists()
    assert Perpetrator.objects.get().anonymised_at is not None


def test_agreements_still_to_be_reviewed_keep_the_reference_and_the_case(
    confirmed, old_cases, manager
):
    cases, _open = old_cases
    conversation = talk_about(cases[0], manager, five_years_on().date() + timedelta(days=30))
    with time_machine.travel(five_years_on(), tick=False):
        retention.sweep()
    conversation.refresh_from_db()
    assert conversation.agreements and Perpetrator.objects.get().anonymised_at is None
    assert Incident.objects.get(pk=cases[0].pk).anonymised_at is None


def test_an_anonymised_case_keeps_when_sparring_took_place_but_not_who_recorded_it(
    confirmed, old_cases, manager
):
    cases, _open = old_cases
    sparring = cases[1].tasks.get(kind="sparring")
    services.plan_sparring(
        task=sparring, by=manager, form="colleagues", planned_on=timezone.localdate()
    )
    services.record_sparring_held(task=sparring, by=manager, held_on=timezone.localdate())
    with time_machine.travel(five_years_on(), tick=False):
        retention.sweep()
    session = SparringSession.objects.get()
    assert session.held_on == timezone.localdate()
    assert (session.planned_by, session.held_recorded_by) == (None, None)
