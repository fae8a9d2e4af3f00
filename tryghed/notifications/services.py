from django.db import transaction

from tryghed.notifications.models import Notification
from tryghed.notifications.tasks import send_notification_email


def notify(*, recipients, title, url="", email=True):
    """Tell each recipient: a notification in their inbox now, an e-mail after commit."""
    notifications = [
        Notification.objects.create(recipient=person, title=title, url=url)
        for person in recipients
        if person.is_active
    ]
    if email:
        for notification in notifications:
            transaction.on_commit(lambda pk=notification.pk: send_notification_email.enqueue(pk))
    return notifications
