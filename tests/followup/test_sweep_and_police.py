import io
import math
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import ContactFactory
from tests.incidents.factories import make_incident
from tryghed.core.sweep import run_sweep
from tryghed.followup import police
from tryghed.followup.models import PoliceReport, PoliceReportStatus, TaskStatus
from tryghed.incidents.models import Act, Trigger
from tryghed.notifications.models import Notification
from tryghed.organizations.models import ContactKind

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args):
    return datetime(*args, tzinfo=CPH)


def sweep(moment):
    with time_machine.travel(moment, tick=False):
        return run_sweep()


def test_the_sweep_run_twice_sends_each_reminder_once(tree, employee, manager, center_head):
    with time_machine.travel(at(2026, 5, 4, 9, 0), tick=False):
        incident = make_incident(employee, tree["own"], occurred_at=at(2026, 5, 4, 8, 30))
    talk = incident.tasks.get(kind="follow_up_talk")  # due 11 May 23:59
    Notification.objects.all().delete()

    def reminders():
        return Notification.objects.filter(
            recipient=manager, url__endswith=f"#task-{talk.pk}"
        ).count()

    sweep(at(2026, 5, 8, 7, 0))
    assert reminders() == 0, "not before eight the working day before"
    sweep(at(2026, 5, 8, 8, 5))
    sweep(at(2026, 5, 10, 9, 0))
    assert reminders() == 1, "the working day before (the Friday), once"
    sweep(at(2026, 5, 11, 8, 1))
    sweep(at(2026, 5, 11, 15, 0))
    assert reminders() == 2, "on the day, once"
    escalations = Notification.objects.filter(
        recipient=center_head, url__endswith=f"#task-{talk.pk}"
    )
    sweep(at(2026, 5, 13, 12, 0))
    assert escalations.count() == 0, "two days after the deadline is not yet past it"
    sweep(at(2026, 5, 14, 0, 30))
    sweep(at(2026, 5, 14, 6, 0))
    assert escalations.count() == 1


def test_reminders_and_escalations_over_many_tasks_are_read_a_batch_at_a_time(
    tree, employee, manager, center_head, monkeypatch
):
    """A sweep after a long stop meets a great many due tasks: it reads them in batches
    (core.sweep.in_batches), never all at once, and still reminds and escalates each once."""
    from tryghed.core import sweep as sweeps
    from tryghed.followup.models import FollowUpTask

    with time_machine.travel(at(2026, 5, 4, 9, 0), tick=False):
        for _ in range(3):
            make_incident(employee, tree["own"], occurred_at=at(2026, 5, 4, 8, 30))
    Notification.objects.all().delete()
    tasks = FollowUpTask.objects.filter(status=TaskStatus.OPEN)
    read = []
    batches = sweeps.in_batches

    def counted(queryset, size=sweeps.BATCH):
        for task in batches(queryset, size=2):
            read.append(task.pk)
            yield task

    monkeypatch.setattr("tryghed.followup.sweeps.in_batches", counted)
    sweep(at(2026, 6, 30, 9, 0))  # every task long overdue
    # Each task is read once by the reminders and once by the escalations.
    assert set(Counter(read).values()) == {2}
    assert set(read) == set(tasks.values_list("pk", flat=True))
    assert tasks.filter(reminded_on_day_at__isnull=True).count() == 0
    assert tasks.filter(escalated_at__isnull=True).count() == 0
    reminded = Notification.objects.filter(recipient=manager, title__startswith="En opgave")
    assert reminded.count() >= tasks.filter(assignees=manager).count() > 2
    with CaptureQueriesContext(connection) as queries:
        read_in_twos = list(sweeps.in_batches(tasks.prefetch_related("assignees"), size=2))
    assert read_in_twos == list(tasks.order_by("pk"))
    reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "followup_followuptask"' in q["sql"]
    ]
    assert len(reads) == 1 + math.ceil(tasks.count() / 2), "the ids, then a query per two tasks"


def test_a_reminder_that_fails_leaves_the_ones_before_it_sent(tree, employee, manager, monkeypatch):
    """Reminders commit task by task: when one fails, those before it stay claimed and sent,
    and it and those after it are tried again at the next sweep."""
    from tryghed.followup import sweeps as followup_sweeps
    from tryghed.followup.models import FollowUpTask

    with time_machine.travel(at(2026, 5, 4, 9, 0), tick=False):
        make_incident(employee, tree["own"], occurred_at=at(2026, 5, 4, 8, 30))
    Notification.objects.all().delete()
    calls = []
    real_notify = followup_sweeps.notify

    def failing_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("the mail server fell over")
        return real_notify(**kwargs)

    monkeypatch.setattr(followup_sweeps, "notify", failing_second)
    results = sweep(at(2026, 6, 30, 9, 0))
    assert results["followup.reminders"] is None
    claimed = FollowUpTask.objects.filter(reminded_on_day_at__isnull=False)
    assert claimed.count() == 1 and Notification.objects.count() >= 1
    monkeypatch.setattr(followup_sweeps, "notify", real_notify)
    sweep(at(2026, 6, 30, 9, 5))
    assert not FollowUpTask.objects.open().filter(reminded_on_day_at__isnull=True).exists()


def test_a_done_task_is_never_reminded(tree, employee, manager):
    with time_machine.travel(at(2026, 5, 4, 9, 0), tick=False):
        incident = make_incident(employee, tree["own"], occurred_at=at(2026, 5, 4, 8, 30))
    Notification.objects.all().delete()
    incident.tasks.update(status=TaskStatus.DONE, completed_at=timezone.now())
    sweep(at(2026, 5, 11, 9, 0))
    assert not Notification.objects.exists()


def test_followup_sweep_can_be_started_by_hand(tree, employee):
    out = io.StringIO()
    call_command("followup_sweep", stdout=out)
    assert "followup.reminders" in out.getvalue()


def recipients(root):
    ContactFactory(
        unit=root, kind=ContactKind.POLICE_REPORT, name="Sekretariatet", email="skr@ishoj.example"
    )
    ContactFactory(
        unit=root,
        kind=ContactKind.POLICE_REPORT_ALTERNATE,
        name="Stedfortræder",
        email="bjc@ishoj.example",
    )


def test_the_police_report_is_drafted_reviewed_sent_as_a_pdf_and_followed_to_the_end(
    client, tree, employee, manager, django_capture_on_commit_callbacks
):
    recipients(tree["root"])
    incident = make_incident(
        employee, tree["own"], description="Borgeren slog ud efter mig med en stol."
    )
    url = reverse("followup:police_report", args=[incident.pk])
    client.force_login(manager)
    page = client.get(url).text
    assert "Borgeren slog ud efter mig med en stol." in page, "the draft is composed from the case"
    client.post(
        url, {"save": "1", "text": "Anmeldelse: borgeren slog ud efter medarbejderen med en stol."}
    )
    response = client.post(
        url, {"send": "1", "text": "Anmeldelse: borgeren slog ud efter medarbejderen med en stol."}
    )
    assert "Medarbejderen skal læse politianmeldelsen, før den sendes." in response.text
    client.force_login(employee)
    client.post(url, {"reviewed": "1"})
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"send": "1", "text": "Anmeldelse: borgeren slog ud efter medarbejderen med en stol."},
        )
    report = PoliceReport.objects.get()
    assert report.status == PoliceReportStatus.SENT and report.send_error == ""
    [message] = [m for m in mail.outbox if m.attachments]
    assert message.to == ["skr@ishoj.example"] and message.cc == ["bjc@ishoj.example"]
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Politianmeldelse" in text
    assert "stol" in text
    assert incident.tasks.get(kind="police_report").status == TaskStatus.DONE
    client.post(url, {"status": "signed"})
    client.post(url, {"status": "copy_received"})
    report.refresh_from_db()
    assert report.status == PoliceReportStatus.COPY_RECEIVED
    assert report.signed_at and report.copy_received_at


def test_a_police_report_that_cannot_be_sent_shows_it_and_is_retried(
    client, tree, employee, manager, settings, django_capture_on_commit_callbacks
):
    incident = make_incident(employee, tree["own"])
    client.force_login(employee)
    client.force_login(manager)
    url = reverse("followup:police_report", args=[incident.pk])
    client.post(url, {"save": "1", "text": "Anmeldelse af trussel."})
    PoliceReport.objects.update(reviewed_by_employee_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"send": "1", "text": "Anmeldelse af trussel."})
    report = PoliceReport.objects.get()
    assert report.send_error, "no recipient is set up yet"
    assert "Ikke leveret endnu" in client.get(url).text
    recipients(tree["root"])
    run_sweep()
    report.refresh_from_db()
    assert report.send_error == "" and report.send_attempts == 2
    assert any(m.attachments for m in mail.outbox)


def test_the_pdf_opens_for_the_manager_and_not_for_an_outsider(
    client, tree, employee, manager, outsider
):
    incident = make_incident(employee, tree["own"])
    PoliceReport.objects.create(incident=incident, text="Tekst med æøå: Kløverengen")
    client.force_login(manager)
    response = client.get(reverse("followup:police_report_pdf", args=[incident.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "Kløverengen" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    client.force_login(outsider)
    assert client.get(reverse("followup:police_report_pdf", args=[incident.pk])).status_code == 404


def test_the_police_report_moves_only_forward(client, tree, employee, manager):
    incident = make_incident(employee, tree["own"])
    url = reverse("followup:police_report", args=[incident.pk])
    client.force_login(manager)
    client.post(url, {"save": "1", "text": "Første tekst"})
    client.post(url, {"status": "copy_received"})
    report = PoliceReport.objects.get()
    assert report.status == PoliceReportStatus.DRAFT, "a draft is not received by anyone"
    report.reviewed_by_employee_at = timezone.now()
    report.save()
    client.post(url, {"send": "1", "text": "Første tekst"})
    client.post(url, {"status": "signed"})
    client.post(url, {"save": "1", "text": "Omskrevet bagefter"})
    report.refresh_from_db()
    assert report.status == PoliceReportStatus.SIGNED
    assert report.text == "Første tekst", "what was signed is not rewritten"
    assert report.signed_recorded_by == manager


def test_a_late_report_does_not_escalate_at_once(tree, employee, manager, center_head):
    with time_machine.travel(at(2026, 5, 11, 9, 0), tick=False):
        make_incident(employee, tree["own"], occurred_at=at(2026, 5, 1, 10, 0))
    Notification.objects.all().delete()
    sweep(at(2026, 5, 11, 9, 30))
    assert not Notification.objects.filter(recipient=center_head).exists()


def test_the_draft_writes_the_acts_triggers_and_witnesses_out_in_words(
    tree, employee, manager, safety_rep
):
    """The draft is plain text without autoescaping, where |join of model objects gives the
    queryset's repr; that once reached the police as "<QuerySet [<Act: Spark>]>"."""
    incident = make_incident(employee, tree["own"])
    incident.acts.set(Act.objects.filter(code__in=["kick", "spit"]))
    triggers = list(Trigger.objects.all()[:2])
    incident.triggers.set(triggers)
    incident.witnesses.set([manager, safety_rep])
    text = police.compose(incident)
    assert "QuerySet" not in text and "<" not in text
    acts = ", ".join(str(act).lower() for act in incident.acts.all())
    assert f"({acts})" in text and "spark" in acts and "spyt" in acts
    assert f"Forud for episoden: {triggers[0]}, {triggers[1]}" in text
    witnesses = text.split("Vidner: ")[1].splitlines()[0]
    assert sorted(witnesses.split("; ")) == sorted([manager.name, safety_rep.name])
    assert text.split("Klokken: ")[1][0].islower(), "a Danish weekday is written in lowercase"


def test_send_is_offered_only_once_the_employee_has_read_the_police_report(
    client, tree, employee, manager
):
    incident = make_incident(employee, tree["own"])
    url = reverse("followup:police_report", args=[incident.pk])
    client.force_login(manager)
    assert "Send til underskrift" not in client.get(url).text
    client.post(url, {"save": "1", "text": "Anmeldelse af trussel."})
    page = client.get(url).text
    assert "Send til underskrift" not in page
    assert "Medarbejderen har ikke læst politianmeldelsen endnu" in page
    assert "errorlist" not in page and "error-message" not in page
    client.force_login(employee)
    client.post(url, {"reviewed": "1"})
    client.force_login(manager)
    assert "Send til underskrift" in client.get(url).text
