"""The police report: a draft composed from the case, an A4 PDF (WeasyPrint), and delivery by
e-mail to the recipients the municipality names."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryghed import audit
from tryghed.audit.models import Action
from tryghed.core import metrics
from tryghed.core import pdf as pdfs
from tryghed.followup.models import PoliceReport, PoliceReportStatus, TaskKind, TaskStatus
from tryghed.incidents import history
from tryghed.notifications.services import notify
from tryghed.organizations.models import Contact, ContactKind


def compose(incident):
    """A first draft from the facts of the case, for the manager to edit and the employee to
    review."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("followup/police_report_draft.txt", {"incident": incident}).strip()


def pdf(report):
    incident = report.incident
    municipality = incident.unit.municipality
    return pdfs.from_template(
        "followup/police_report_pdf.html",
        {"report": report, "incident": incident, "municipality": municipality},
    )


def recipients(incident):
    """The primary recipient, with the alternate as copy; the alternate alone if there is no
    primary."""
    contacts = Contact.objects.for_unit(incident.unit)
    primary = contacts.get(ContactKind.POLICE_REPORT)
    alternate = contacts.get(ContactKind.POLICE_REPORT_ALTERNATE)
    to = [c.email for c in (primary,) if c and c.email] or [
        c.email for c in (alternate,) if c and c.email
    ]
    cc = [alternate.email] if primary and primary.email and alternate and alternate.email else []
    return to, cc


class WrongState(Exception):
    """The police report is not in the state this step starts from."""


@transaction.atomic
def save_draft(*, incident, by, text):
    """Only a draft can be written; once sent, the text is what was sent."""
    report, created = PoliceReport.objects.get_or_create(incident=incident, defaults={"text": text})
    if not report.is_draft:
        raise WrongState
    changed = not created and report.text != text
    if changed:
        report.text = text
        report.reviewed_by_employee_at = None  # a changed text needs a new review
        report.save(update_fields=["text", "reviewed_by_employee_at"])
    if created or changed:
        notify(
            recipients=list(incident.affected.all()),
            title=gettext_lazy("A police report about your episode is ready for you to read"),
            url=reverse("followup:police_report", args=[incident.pk]),
        )
    audit.record(actor=by, action=Action.POLICE_REPORT_SAVED, target=incident, unit=incident.unit)
    return report


@transaction.atomic
def mark_reviewed(*, report, by):
    if not report.is_draft:
        raise WrongState
    report.reviewed_by_employee_at = timezone.now()
    report.save(update_fields=["reviewed_by_employee_at"])
    _timeline(report, by, "police_report_reviewed")


@transaction.atomic
def send(*, report, by):
    """Sent for signature: the e-mail leaves after commit (and the sweep retries it until it
    is delivered); the police-report task is done."""
    if not report.is_draft or report.reviewed_by_employee_at is None:
        raise WrongState
    report.status = PoliceReportStatus.SENT
    report.sent_at = timezone.now()
    report.sent_by = by
    report.save(update_fields=["status", "sent_at", "sent_by"])
    _timeline(report, by, "police_report_sent")
    audit.record(
        actor=by,
        action=Action.POLICE_REPORT_SENT,
        target=report.incident,
        unit=report.incident.unit,
    )
    from tryghed.followup.services import complete_task

    for task in report.incident.tasks.filter(kind=TaskKind.POLICE_REPORT, status=TaskStatus.OPEN):
        complete_task(task=task, by=by, note=_("Sent for signature"))
    transaction.on_commit(lambda: deliver(PoliceReport.objects.get(pk=report.pk)))


def deliver(report):
    """E-mail the PDF to the recipients, once: the attempt is claimed first, so two workers
    never send the same report. A failure is kept on the report for the sweep to retry;
    returns whether it went."""
    claimed = PoliceReport.objects.filter(
        pk=report.pk, delivered_at__isnull=True, send_attempts=report.send_attempts
    ).update(send_attempts=F("send_attempts") + 1)
    if not claimed:
        return False
    report.refresh_from_db()
    to, cc = recipients(report.incident)
    try:
        if not to:
            raise ValueError(_("No recipient of police reports is set up"))
        with translation.override(settings.LANGUAGE_CODE):
            message = EmailMessage(
                subject=_("Police report from %(unit)s, case %(number)s")
                % {"unit": report.incident.unit.name, "number": report.incident.number},
                body=render_to_string("followup/police_report_email.txt", {"report": report}),
                to=to,
                cc=cc,
            )
            message.attach(
                f"politianmeldelse-{report.incident.number}.pdf", pdf(report), "application/pdf"
            )
            message.send()
    except Exception as error:
        metrics.email_failed()
        report.send_error = str(error)[:500] or type(error).__name__
        report.save(update_fields=["send_error"])
        return False
    report.send_error = ""
    report.delivered_at = timezone.now()
    report.save(update_fields=["send_error", "delivered_at"])
    return True


NEXT = {
    PoliceReportStatus.SENT: (PoliceReportStatus.SIGNED, "signed_at", "signed_recorded_by"),
    PoliceReportStatus.SIGNED: (
        PoliceReportStatus.COPY_RECEIVED,
        "copy_received_at",
        "copy_recorded_by",
    ),
}


@transaction.atomic
def advance(*, report, by, status):
    """Signed, then copy received, in that order: each with its date and the person who
    recorded it."""
    following = NEXT.get(report.status)
    if following is None or following[0] != status:
        raise WrongState
    status, at_field, by_field = following
    setattr(report, at_field, timezone.now())
    setattr(report, by_field, by)
    report.status = status
    report.save(update_fields=[at_field, by_field, "status"])
    _timeline(report, by, "police_report_status", status)


def _timeline(report, by, code, value=""):
    history.record(incident=report.incident, by=by, code=code, new=value)
