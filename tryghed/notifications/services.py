from django.db import transaction

from tryghed.notifications import sms
from tryghed.notifications.models import Notification, SmsDelivery, SmsStatus
from tryghed.notifications.tasks import send_notification_email, send_text_message


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


def send_sms(*, to, recipient, text, about):
    """A text message to the phone `to` (whose it is: `recipient`, e.g. the contact's name),
    about `about` (an alarm), sent by the task queue after commit. With no SMS provider set up
    it is recorded as not sent, never as sent. Returns the SmsDelivery."""
    delivery = SmsDelivery.objects.create(about=about, recipient=recipient, phone=to, text=text)
    if sms.provider() is None:
        delivery.end(SmsStatus.NOT_SENT)
    else:
        transaction.on_commit(lambda pk=delivery.pk: send_text_message.enqueue(pk))
    return delivery
