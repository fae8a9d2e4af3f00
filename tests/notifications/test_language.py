"""A notification is a message sent, kept as written: its title is written in the recipient's
language (the municipality's, settings.LANGUAGE_CODE, while people have none of their own),
never in the language of the person whose action sent it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.incidents.factories import make_incident
from tryghed.followup.leavers import _handed_over_title
from tryghed.notifications.models import Notification
from tryghed.notifications.services import lazy_text, notify


@pytest.fixture
def incident(employee, tree):
    return make_incident(employee, tree["own"])


def add_a_correction(client, employee, incident, language):
    client.cookies["django_language"] = language
    client.force_login(employee)
    client.post(
        reverse("incidents:add_correction", args=[incident.pk]),
        {"kind": "correction", "text": "Det var i mødelokale 2."},
    )
    return Notification.objects.get(title__contains=incident.number)


def test_an_english_reader_sends_a_danish_notification(client, employee, manager, incident):
    told = add_a_correction(client, employee, incident, "en")
    assert told.recipient == manager
    assert told.title == f"Der er tilføjet en rettelse til sag {incident.number}"


def test_the_title_follows_the_municipalitys_language_not_the_writers(
    client, settings, employee, manager, incident
):
    settings.LANGUAGE_CODE = "en"
    told = add_a_correction(client, employee, incident, "da")
    assert told.title == f"A correction has been added to case {incident.number}"


def test_a_lazy_title_with_a_plural_is_worded_when_written(manager):
    with translation.override("en"):
        notify(recipients=[manager], title=_handed_over_title(2), email=False)
    assert Notification.objects.get().title == (
        "Du har fået 2 opfølgningsopgaver fra en kollega, der er stoppet"
    )


def test_a_title_already_worded_is_kept_as_given(manager):
    notify(recipients=[manager], title="Færdig tekst", email=False)
    assert Notification.objects.get().title == "Færdig tekst"
    assert str(lazy_text("%(a)s og %(b)s", a="æ", b="ø")) == "æ og ø"
