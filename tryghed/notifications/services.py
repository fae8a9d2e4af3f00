from django.db import transaction
from django.utils import translation
from django.utils.functional import lazy

from tryghed.notifications import sms
from tryghed.notifications.models import Notification, SmsDelivery, SmsStatus
from tryghed.notifications.tasks import (
    recipient_language,
    send_notification_email,
    send_text_message,
)


def notify(*, recipients, title, url="", email=True):
    """Tell each recipient: a notification in their inbox now, an e-mail after commit.
    A notification is a message sent, kept as written: its title is written once, in the
    recipient's language (not the writer's), so `title` is best lazy (gettext_lazy, or
    lazy_text for one with values)."""
    notifications = [_notification(person, title, url) for person in recipients if person.is_active]
    if email:
        for notification in notifications:
            transaction.on_commit(lambda pk=notification.pk: send_notification_email.enqueue(pk))
    return notifications


def _notification(person, title, url):
    with translation.override(recipient_language(person)):
        return Notification.objects.create(recipient=person, title=str(title), url=url)


def _interpolated(text, params):
    return str(text % params) if params else str(text)


def lazy_text(text, **params):
    """`text % params`, worded only when it is read (in the language active then): a title
    that notify() writes in each recipient's language. `text` is lazy (gettext_lazy,
    ngettext_lazy with the number's name); values may be lazy too (a choice's label)."""
    return lazy(_interpolated, str)(text, params)


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
