"""System checks of the alarm set-up, run by `tryghed serve` at start and by `check --deploy`."""

from django.conf import settings
from django.core.checks import Warning, register

from tryghed.notifications import sms


@register(deploy=True)
def sms_provider_for_escalation(app_configs, **kwargs):
    """An unanswered alarm is escalated with a text message to the site guard: without an SMS
    provider, none leaves."""
    if settings.ALARM_ESCALATION_SECONDS <= 0 or sms.provider() is not None:
        return []
    return [
        Warning(
            "Alarm escalation is on (ALARM_ESCALATION_SECONDS > 0) but no SMS provider is set "
            "up, so no text message reaches the site guard's phone.",
            hint="Set SMS_URL and SMS_TOKEN (or SMS_USERNAME and SMS_PASSWORD); see README.",
            id="alarms.W001",
        )
    ]
