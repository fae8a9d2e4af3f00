from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tryghed.notifications.models import Notification


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
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "notifications/email.txt",
            {
                "recipient": notification.recipient,
                "link": settings.SITE_URL.rstrip("/") + notification.get_absolute_url(),
            },
        )
        send_mail(
            _("There is something for you in Tryghed"),
            body,
            None,
            [notification.recipient.email],
        )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
