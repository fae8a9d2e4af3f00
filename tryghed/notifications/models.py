"""Notifications: the one way anything tells a person. A `Notification` lands in the person's
in-app inbox and, by a background task after commit, as an e-mail that says only that there is
something to look at. `OutboxEmail` keeps the demo's e-mails so they can be read in the app."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)

    def read_before(self, moment):
        return self.filter(read_at__lt=moment)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # The title names the kind of thing waiting ("A new episode in your unit"), never its story.
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notifications_recipient_idx")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Opening a notification marks it read and leads on to what it is about."""
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_read(self):
        return self.read_at is not None

    def mark_read(self, at=None):
        if self.read_at is None:
            self.read_at = at or timezone.now()
            self.save(update_fields=["read_at"])


class OutboxEmail(models.Model):
    """An e-mail the demo kept instead of sending (EMAIL_BACKEND = OutboxBackend)."""

    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    to = models.CharField(_("to"), max_length=500)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("e-mail in the outbox")
        verbose_name_plural = _("outbox")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject
