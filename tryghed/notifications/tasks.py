import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tryghed.core import metrics
from tryghed.core.tasks import task
from tryghed.notifications import sms
from tryghed.notifications.models import Notification, SmsAttempt, SmsDelivery, SmsStatus

logger = logging.getLogger(__name__)


def recipient_language(person):
    """The language of a message to `person`: their own if the User has one, else the
    municipality's (settings.LANGUAGE_CODE). Tryghed's users have no language of their own
    yet: the language switch is a cookie of the browser, not of the person."""
    return getattr(person, "language", "") or settings.LANGUAGE_CODE


@task()
def send_notification_email(notification_id):
    """E-mail a person that something waits for them in Tryghed: a link, never the story."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return
    with translation.override(recipient_language(notification.recipient)):
        body = render_to_string(
            "notifications/email.txt",
            {
                "recipient": notification.recipient,
                "link": settings.SITE_URL.rstrip("/") + notification.get_absolute_url(),
            },
        )
        try:
            send_mail(
                _("There is something for you in Tryghed"),
                body,
                None,
                [notification.recipient.email],
            )
        except Exception:
            metrics.email_failed()
            raise
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])


@task()
def send_text_message(delivery_id):
    """One try at sending a text message; a failure that may pass is tried again later by a
    task of its own (SMS_RETRY_SECONDS, then 3 and 9 times that), up to SMS_MAX_ATTEMPTS tries.
    Every try is recorded. Nothing logged names the phone or the text."""
    delivery = SmsDelivery.objects.pending().filter(pk=delivery_id).first()
    if delivery is None:
        return
    number = delivery.attempts.count() + 1
    try:
        with transaction.atomic():
            attempt = SmsAttempt.objects.create(delivery=delivery, number=number)
    except IntegrityError:
        return  # another worker is making this try
    provider = sms.provider()
    if provider is None:
        attempt.outcome, attempt.reason = SmsStatus.FAILED, "no SMS provider"
        attempt.save(update_fields=["outcome", "reason"])
        delivery.end(SmsStatus.NOT_SENT)
        return
    try:
        _send(provider, delivery)
    except sms.SmsFailed as failure:
        attempt.outcome, attempt.reason = SmsStatus.FAILED, failure.reason[:100]
        attempt.save(update_fields=["outcome", "reason"])
        metrics.sms_attempt_failed()
        logger.warning("SMS %s, attempt %s failed: %s", delivery.pk, number, failure.reason)
        if failure.retry and number < settings.SMS_MAX_ATTEMPTS:
            delivery.status = SmsStatus.RETRYING
            delivery.save(update_fields=["status"])
            _try_again(delivery, retry_delay(number))
        else:
            delivery.end(SmsStatus.FAILED)
        return
    attempt.outcome = SmsStatus.SENT
    attempt.save(update_fields=["outcome"])
    delivery.end(SmsStatus.SENT)
    logger.info("SMS %s sent on attempt %s", delivery.pk, number)


def _send(provider, delivery):
    try:
        provider.send(to=delivery.phone, text=delivery.text)
    except sms.SmsFailed:
        raise
    except Exception as error:
        # A fault of ours or of the set-up (a token that is not ASCII): recorded, not retried,
        # and its message (which may quote the request) kept out of the log.
        raise sms.SmsFailed(f"error ({type(error).__name__})", retry=False) from None


def retry_delay(tries_made):
    """Seconds before the next try: SMS_RETRY_SECONDS, then three and nine times that."""
    return timedelta(seconds=settings.SMS_RETRY_SECONDS * 3 ** (tries_made - 1))


def _try_again(delivery, delay):
    task = send_text_message
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    # A backend that cannot wait (immediate: the demo) tries again at once.
    task.enqueue(delivery.pk)
