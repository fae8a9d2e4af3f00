"""SMS providers: the one place that knows how a text message leaves Tryghed.

A provider is a class with

- `is_configured`: whether it can send at all (the HTTP provider needs SMS_URL), and
- `send(*, to, text)`: returns when the provider has accepted the message, or raises
  `SmsFailed` with a short reason that names neither the phone number nor the text.

SMS_PROVIDER names the class. `HttpProvider` (production) POSTs JSON to the municipality's SMS
gateway; `OutboxProvider` (the demo) keeps the message for the outbox page. Nothing here logs a
phone number or a message text.
"""

import httpx
from django.conf import settings
from django.utils.module_loading import import_string


class SmsFailed(Exception):
    """The provider did not accept the message. `reason` is short and holds no personal data;
    `retry` says whether trying again later may help (a timeout, a 5xx) or not (a 400)."""

    def __init__(self, reason, *, retry=True):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


class HttpProvider:
    """POST {"recipient", "sender", "text"} as JSON to SMS_URL, with `Authorization: Bearer
    SMS_TOKEN` or HTTP basic auth (SMS_USERNAME, SMS_PASSWORD). Any 2xx answer is a success;
    anything else, a timeout after SMS_TIMEOUT_SECONDS or a network error is a failure."""

    @property
    def is_configured(self):
        return bool(settings.SMS_URL)

    def send(self, *, to, text):
        headers, auth = {}, None
        if settings.SMS_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_TOKEN}"
        elif settings.SMS_USERNAME:
            auth = httpx.BasicAuth(settings.SMS_USERNAME, settings.SMS_PASSWORD)
        payload = {"recipient": to, "sender": settings.SMS_SENDER, "text": text}
        try:
            response = httpx.post(
                settings.SMS_URL,
                json=payload,
                headers=headers,
                auth=auth,
                timeout=settings.SMS_TIMEOUT_SECONDS,
            )
        except httpx.TimeoutException:
            raise SmsFailed("timeout") from None
        except httpx.HTTPError as error:
            # The exception's text may hold the request; its kind says enough.
            raise SmsFailed(f"network error ({type(error).__name__})") from None
        if not response.is_success:
            status = response.status_code
            raise SmsFailed(f"HTTP {status}", retry=status >= 500 or status in (408, 429))


class OutboxProvider:
    """The demo's: keeps every message on the outbox page instead of sending it."""

    is_configured = True

    def send(self, *, to, text):
        from tryghed.notifications.models import OutboxSms

        OutboxSms.objects.create(to=to, text=text)


def provider():
    """The configured provider, or None when none is set up (no message can be sent)."""
    instance = import_string(settings.SMS_PROVIDER)()
    return instance if instance.is_configured else None
