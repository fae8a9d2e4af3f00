from datetime import timedelta

from django.conf import settings

from tryghed.core.sweep import sweep_job
from tryghed.notifications.models import Notification


@sweep_job("notifications.purge_read")
def purge_read_notifications(now):
    """Retention: read notifications older than NOTIFICATION_RETENTION_DAYS are removed."""
    cutoff = now - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _ = Notification.objects.read_before(cutoff).delete()
    return deleted
