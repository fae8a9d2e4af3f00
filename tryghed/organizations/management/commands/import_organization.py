from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tryghed.organizations.importer import InvalidFile, import_organization

# Exit codes: 0 all rows imported, 1 nothing imported (file unreadable or without a header),
# 2 some rows rejected while the valid rows were imported (or, on a dry run, would have been).
ROWS_REJECTED = 2


class Command(BaseCommand):
    help = (
        "Import units and people from a CSV file (UTF-8, ';' or ','); docs/import.md describes "
        "the columns. Exits with 2 if some rows were rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but save nothing"
        )

    def handle(self, *, file, dry_run, **options):
        text = read_text(file)
        try:
            result = import_organization(text, dry_run=dry_run)
        except InvalidFile as error:
            raise CommandError(f"{file}: {error}") from None
        for line in report(result):
            self.stdout.write(line)
        if result.rejected:
            raise CommandError(rejected_summary(result), returncode=ROWS_REJECTED)


def read_text(path):
    """The file's text, decoded as UTF-8 with or without a byte-order mark; any problem ends
    in one line saying what to do, never a traceback."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(_("%(file)s: no such file") % {"file": path}) from None
    except UnicodeDecodeError:
        raise CommandError(
            _('%(file)s is not UTF-8 text; save it as "CSV UTF-8" and try again') % {"file": path}
        ) from None
    except OSError as error:
        raise CommandError(
            _("%(file)s cannot be read: %(reason)s") % {"file": path, "reason": error.strerror}
        ) from None


def report(result):
    """The lines that tell the administrator what happened, rejected rows last."""
    if result.dry_run:
        yield _("Dry run: nothing was saved. A real import would do this:")
    yield _("Units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % vars(
        result.units
    )
    yield _("People: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % vars(
        result.people
    )
    yield _("Memberships: %(created)d added, %(unchanged)d already there.") % vars(
        result.memberships
    )
    if result.rejected:
        yield from rejected_lines(result)


def rejected_lines(result):
    yield ngettext(
        "%(count)d row was rejected:", "%(count)d rows were rejected:", len(result.rejected)
    ) % {"count": len(result.rejected)}
    for number, reason in result.rejected:
        yield "  " + _("line %(number)d: %(reason)s") % {"number": number, "reason": reason}
    if result.dry_run:
        yield _("The other rows would be imported; fix the rejected rows and run again.")
    else:
        yield _("The other rows were imported; fix the rejected rows and import the file again.")


def rejected_summary(result):
    count = len(result.rejected)
    return ngettext(
        "%(count)d row was rejected; see the report above.",
        "%(count)d rows were rejected; see the report above.",
        count,
    ) % {"count": count}
