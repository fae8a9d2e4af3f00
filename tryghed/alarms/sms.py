"""Text messages behind a small interface: a gateway has `send(phone, text)`. The demo and the
tests log them; a municipality plugs in its provider with ALARM_SMS_GATEWAY."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class LoggingGateway:
    """Keeps every message in `sent` (for the tests) and writes it to the log."""

    sent = []

    def send(self, phone, text):
        self.sent.append((phone, text))
        logger.info("SMS to %s: %s", phone, text)


def gateway():
    return import_string(settings.ALARM_SMS_GATEWAY)()


def send_sms(phone, text):
    if phone:
        gateway().send(phone, text)
