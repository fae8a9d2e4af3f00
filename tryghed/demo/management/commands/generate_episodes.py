import time

from django.core.management.base import BaseCommand, CommandError

from tryghed.demo.generate import generate


class Command(BaseCommand):
    help = "Create many realistic episodes fast, to measure the overview (not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="how many episodes")
        parser.add_argument("--seed", type=int, default=6, help="the random seed")

    def handle(self, *, count, seed, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        started = time.monotonic()

        def progress(made):
            if made % 100_000 == 0 or made == count:
                self.stdout.write(f"{made} episodes ({time.monotonic() - started:.0f} s)")

        try:
            total = generate(count, seed=seed, progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        self.stdout.write(f"Made {count} episodes in {seconds:.1f} s; {total} in all.")
