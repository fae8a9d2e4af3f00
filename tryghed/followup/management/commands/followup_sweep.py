from django.core.management import BaseCommand

from tryghed.core.sweep import JOBS


class Command(BaseCommand):
    help = "Send due follow-up reminders and escalations and retry police reports, once."

    def handle(self, **options):
        from django.utils import timezone

        now = timezone.now()
        for name, job in JOBS.items():
            if name.startswith("followup."):
                self.stdout.write(f"{name}: {job(now)}")
