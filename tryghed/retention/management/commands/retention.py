from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tryghed.organizations.models import RetentionRule
from tryghed.retention import services


class Command(BaseCommand):
    help = (
        "Retention: --dry-run shows what the next sweep would anonymise or delete per rule; "
        "--confirm confirms the rules as they stand (the sweep acts only on confirmed rules); "
        "with neither, the sweep runs now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--confirm", action="store_true", help="confirm the rules as they are")
        parser.add_argument("--kind", action="append", help="only these kinds of data (--confirm)")
        parser.add_argument("--by", help="the e-mail of the administrator who confirms")

    def handle(self, *, dry_run, confirm, kind, by, **options):
        for municipality in services.municipalities():
            RetentionRule.objects.add_missing(municipality)
        if confirm:
            self._confirm(kind, by)
        if dry_run or confirm:
            self._show(services.plan())
            return
        done = services.sweep()
        for (municipality_id, rule_kind), count in done.items():
            self.stdout.write(f"{municipality_id}\t{rule_kind}\t{count}")
        self.stdout.write(f"Swept: {sum(done.values())} items.")

    def _confirm(self, kinds, by):
        person = None
        if by:
            person = get_user_model().objects.filter(email__iexact=by).first()
            if person is None:
                raise CommandError(f"Nobody has the e-mail address {by}.")
        for rule in services.rules():
            if not kinds or rule.kind in kinds:
                services.confirm(rule=rule, by=person)

    def _show(self, planned):
        self.stdout.write("municipality\tkind\tmonths\tfrom\tconfirmed\titems")
        for item in planned:
            rule = item.rule
            confirmed = "yes" if item.is_confirmed else "NO (the sweep waits)"
            self.stdout.write(
                f"{rule.municipality.unit.name}\t{rule.kind}\t{rule.months}\t{rule.from_event}"
                f"\t{confirmed}\t{item.count}"
            )
