from django.core.management import BaseCommand, CommandError

from tryghed.core import demo


class Command(BaseCommand):
    help = "Load the demo municipality (Ishøj Kommune) with its units, contacts and people."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the demo data is already there"
        )

    def handle(self, *, if_empty, **options):
        if demo.has_demo_data():
            if if_empty:
                self.stdout.write("Demodata findes allerede; de bevares.")
                return
            raise CommandError("the demo data is already loaded; use `tryghed demo --reset`")
        people = demo.load_demo()
        self.stdout.write(f"Demodata indlæst: Ishøj Kommune med {people} personer.")
