"""Notifications: the one way anything tells a person. A `Notification` lands in the person's
in-app inbox and, by a background task after commit, as an e-mail that says only that there is
something to look at. `OutboxEmail` keeps the demo's e-mails so they can be read in the app.

An `SmsDelivery` is one text message to one phone about one thing (an alarm), sent by the task
queue; each try is an `SmsAttempt`. The phone number and the text are kept only until the
delivery has ended (sent, failed or not sent); what remains says who was meant to get it and
what happened. `OutboxSms` keeps the demo's text messages."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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


class OutboxSms(models.Model):
    """A text message the demo kept instead of sending (SMS_PROVIDER = OutboxProvider)."""

    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    to = models.CharField(_("to"), max_length=40)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("text message in the outbox")
        verbose_name_plural = _("text messages in the outbox")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.text[:50]


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RETRYING = "retrying", _("Failed, will try again")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NOT_SENT = "not_sent", _("Not sent: no SMS provider is set up")


class SmsDeliveryQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(
            about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk
        ).prefetch_related("attempts")

    def pending(self):
        return self.filter(status__in=[SmsStatus.QUEUED, SmsStatus.RETRYING])


class SmsDelivery(models.Model):
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    about_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("about_type", "about_id")
    # Who the phone belongs to, as the data names them (the contact "Centervagten").
    recipient = models.CharField(_("recipient"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SmsStatus.choices, default=SmsStatus.QUEUED
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = SmsDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["about_type", "about_id"], name="notifications_sms_about_idx")
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_status_display()}"

    @property
    def last_attempt(self):
        attempts = list(self.attempts.all())  # prefetched by about()
        return attempts[-1] if attempts else None

    @property
    def failure_reason(self):
        """Why the last try failed ("HTTP 500"), while that is still the news."""
        last = self.last_attempt
        if self.status in (SmsStatus.FAILED, SmsStatus.RETRYING) and last:
            return last.reason
        return ""

    def end(self, status, at=None):
        """Sent, failed for good or never sendable: the number and the text are not kept."""
        self.status, self.ended_at = status, at or timezone.now()
        self.phone = self.text = ""
        self.save(update_fields=["status", "ended_at", "phone", "text"])


class SmsAttempt(models.Model):
    """One try at handing a text message to the provider. `outcome` is empty while it runs."""

    delivery = models.ForeignKey(SmsDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        blank=True,
        choices=[(SmsStatus.SENT, _("Sent")), (SmsStatus.FAILED, _("Failed"))],
    )
    # Short and free of personal data: "HTTP 500", "timeout".
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("attempt to send a text message")
        verbose_name_plural = _("attempts to send text messages")
        ordering = ["delivery", "number"]
        constraints = [
            # Two workers handed the same try: one of them makes it.
            models.UniqueConstraint(
                fields=["delivery", "number"], name="notifications_smsattempt_once"
            )
        ]

    def __str__(self):
        return f"{self.delivery}: {self.number}"
