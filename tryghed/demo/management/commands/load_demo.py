from django.core.management import BaseCommand, CommandError

from tryghed.core.bulk import analyze
from tryghed.demo import seed


class Command(BaseCommand):
    help = "Load the demo municipality (Ishøj Kommune) with its units, contacts and people."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the demo data is already there"
        )
        parser.add_argument("--incidents", type=int, default=None, help="how many episodes")

    def handle(self, *, if_empty, incidents, **options):
        if seed.has_demo_data():
            if if_empty:
                self.stdout.write("Demodata findes allerede; de bevares.")
                return
            raise CommandError("the demo data is already loaded; use `tryghed demo --reset`")
        people = seed.load_demo(incidents=incidents)
        analyze()
        self.stdout.write(f"Demodata indlæst: Ishøj Kommune med {people} personer.")
