from datetime import timedelta

from django.conf import settings

from tryghed.core.sweep import sweep_job
from tryghed.notifications.models import Notification, SmsDelivery, SmsStatus


@sweep_job("notifications.purge_read")
def purge_read_notifications(now):
    """Retention: read notifications older than NOTIFICATION_RETENTION_DAYS are removed."""
    cutoff = now - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _ = Notification.objects.read_before(cutoff).delete()
    return deleted


SMS_GIVE_UP_AFTER = timedelta(hours=1)


@sweep_job("notifications.sms_overdue")
def end_overdue_text_messages(now):
    """A text message still waiting an hour after it was queued (a worker stopped in the middle
    of a try, or was down all along) is of no use any more: it is recorded as failed rather
    than left "queued" for ever, and a late retry will not send it."""
    overdue = list(SmsDelivery.objects.pending().filter(created_at__lt=now - SMS_GIVE_UP_AFTER))
    for delivery in overdue:
        delivery.end(SmsStatus.FAILED, at=now)
    return len(overdue)
