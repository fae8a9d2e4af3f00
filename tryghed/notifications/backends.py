from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    """Keeps every message in the database for the demo's outbox page instead of sending it."""

    def send_messages(self, email_messages):
        from tryghed.notifications.models import OutboxEmail

        for message in email_messages:
            OutboxEmail.objects.create(
                to=", ".join(message.recipients()), subject=message.subject, body=message.body
            )
        return len(email_messages)
