from django.conf import settings
from django.core.management import BaseCommand

from tryghed.demo import seed, vallensbaek


class Command(BaseCommand):
    help = "Print the demo logins, one per role."

    def handle(self, **options):
        self.stdout.write(f"\nDemo-logins (adgangskode: {seed.DEMO_PASSWORD}):")
        for login in seed.DEMO_LOGINS + seed.CASE_LOGINS:
            self.stdout.write(f"  {login.label:<32} {login.email:<32} {login.name}")
        self.stdout.write("\nEn anden kommune i samme system, Vallensbæk Kommune:")
        for login in vallensbaek.LOGINS:
            self.stdout.write(f"  {login.label:<32} {login.email:<32} {login.name}")
        if not settings.DEMO:
            self.stdout.write("(Adgangskoderne virker kun, når systemet kører som demo.)")
