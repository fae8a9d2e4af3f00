from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tryghed.core.sweep import run_sweep
from tryghed.notifications.models import Notification, OutboxEmail
from tryghed.notifications.services import notify


def test_a_notification_lands_in_the_inbox_and_is_emailed_after_commit(
    employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[employee], title="Ny episode i din enhed", url="/enheder/")
        assert len(mail.outbox) == 0, "nothing is sent before the commit"
    for callback in callbacks:
        callback()
    assert Notification.objects.visible_to(employee).unread().count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    assert message.subject == "Der er noget til dig i Tryghed"


def test_the_email_carries_a_link_but_never_the_story(employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(recipients=[employee], title="Slag i receptionen på Kløverengen")
    body = mail.outbox[0].body
    assert "Kløverengen" not in body
    assert "Slag" not in body
    assert notification.get_absolute_url() in body


def test_the_header_counts_unread_messages(client, employee):
    notify(recipients=[employee], title="Første", email=False)
    notify(recipients=[employee], title="Anden", email=False)
    client.force_login(employee)
    response = client.get(reverse("home:home"))
    assert '<span class="badge badge-small tryghed-unread">2<' in response.text


def test_opening_a_notification_marks_it_read_and_leads_on(client, employee):
    [notification] = notify(recipients=[employee], title="Se enheden", url="/enheder/", email=False)
    client.force_login(employee)
    response = client.get(notification.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == "/enheder/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_link_to_another_site_is_never_followed(client, employee):
    [notification] = notify(
        recipients=[employee], title="x", url="https://evil.example/", email=False
    )
    client.force_login(employee)
    response = client.get(notification.get_absolute_url())
    assert response["Location"] == reverse("notifications:inbox")


def test_someone_elses_notification_is_not_found(client, employee, outsider):
    [notification] = notify(recipients=[employee], title="Privat", email=False)
    client.force_login(outsider)
    assert client.get(notification.get_absolute_url()).status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read(client, employee, outsider):
    notify(recipients=[employee, outsider], title="Til begge", email=False)
    client.force_login(employee)
    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.visible_to(employee).unread().count() == 0
    assert Notification.objects.visible_to(outsider).unread().count() == 1


def test_the_outbox_exists_only_in_the_demo(client, employee, settings):
    client.force_login(employee)
    assert client.get(reverse("notifications:outbox")).status_code == 404
    settings.DEMO = True
    settings.MAILERS = {"default": {"BACKEND": "tryghed.notifications.backends.OutboxBackend"}}
    link = "http://127.0.0.1:8000/beskeder/1/"
    mail.send_mail("Der er noget til dig i Tryghed", f"Se: {link}", None, [employee.email])
    assert OutboxEmail.objects.get().to == employee.email
    response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 200
    assert "Der er noget til dig i Tryghed" in response.text
    assert f'<a href="{link}"' in response.text, "the link in an e-mail can be followed"


@pytest.mark.parametrize(("age_days", "kept"), [(10, True), (400, False)])
def test_the_sweep_removes_old_read_notifications(employee, age_days, kept):
    [notification] = notify(recipients=[employee], title="Gammel", email=False)
    notification.mark_read(at=timezone.now() - timedelta(days=age_days))
    results = run_sweep()
    assert results["notifications.purge_read"] == (0 if kept else 1)
    assert Notification.objects.filter(pk=notification.pk).exists() == kept


def test_unread_notifications_are_kept_however_old(employee):
    [notification] = notify(recipients=[employee], title="Ulæst", email=False)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(days=1000)
    )
    run_sweep()
    assert Notification.objects.filter(pk=notification.pk).exists()
