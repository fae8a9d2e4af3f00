import argparse
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tryghed.accounts.importer import InvalidFile, TooManyLeavers, import_organization

# Exit codes: 0 all rows imported, 1 nothing imported (file unreadable or without a header),
# 2 some rows rejected while the valid rows were imported (or, on a dry run, would have been),
# 3 a full import refused by the safety valve: nothing imported (on a dry run: a real run would
# be refused).
ROWS_REJECTED = 2
TOO_MANY_LEAVERS = 3


def share(value):
    """A share of the people, as 0.1 or 10%."""
    text = value.strip()
    try:
        number = float(text.rstrip("%").replace(",", ".")) / (100 if text.endswith("%") else 1)
    except ValueError:
        number = -1
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(
            _("give a share between 0 and 1, or a percentage such as 10%")
        )
    return number


class Command(BaseCommand):
    help = (
        "Import units and people from a CSV file (UTF-8, ';' or ','); docs/import.md describes "
        "the columns. Exits with 2 if some rows were rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check and report (with a full import: list who would be deactivated), but "
            "save nothing",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="the file holds everyone: deactivate the people placed in the municipality who "
            "are not in it, end their sessions and memberships, and hand their open tasks to "
            "the manager",
        )
        parser.add_argument(
            "--max-leavers-share",
            type=share,
            default=None,
            help="with --full, refuse to deactivate more than this share of the active people "
            "(0.1 or 10%%; default IMPORT_MAX_LEAVERS_SHARE, 10%%)",
        )
        parser.add_argument(
            "--force", action="store_true", help="with --full, deactivate even above the share"
        )

    def handle(self, *, file, dry_run, full, max_leavers_share, force, **options):
        if (force or max_leavers_share is not None) and not full:
            raise CommandError(_("--force and --max-leavers-share go with --full."))
        text = read_text(file)
        try:
            result = import_organization(
                text, dry_run=dry_run, full=full, max_leavers_share=max_leavers_share, force=force
            )
        except InvalidFile as error:
            raise CommandError(f"{file}: {error}") from None
        except TooManyLeavers as error:
            raise CommandError(refused(error.leavers), returncode=TOO_MANY_LEAVERS) from None
        for line in report(result):
            self.stdout.write(line)
        # A dry run that a real run would refuse says so first: it is the graver news.
        if result.dry_run and result.leavers and result.leavers.too_many and not force:
            raise CommandError(refused(result.leavers, dry_run=True), returncode=TOO_MANY_LEAVERS)
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
    if result.leavers is not None:
        yield from leaver_lines(result)
    if result.rejected:
        yield from rejected_lines(result)


def percent(leavers, value=None):
    value = leavers.share if value is None else value
    return number_format(round(100 * value, 1), 1) + " %"


def leaver_lines(result):
    """Who leaves, by name and e-mail, on a dry run: this is the administrator's terminal,
    never a log. A real run says how many; the audit log holds the counts."""
    leavers = result.leavers
    counts = {
        "count": len(leavers.people),
        "active": leavers.active,
        "share": percent(leavers),
    }
    count = len(leavers.people)
    if result.dry_run:
        yield (
            ngettext(
                "Full import: %(count)d of %(active)d active people (%(share)s) is not in the "
                "file and would be deactivated:",
                "Full import: %(count)d of %(active)d active people (%(share)s) are not in the "
                "file and would be deactivated:",
                count,
            )
            % counts
        )
        for person in leavers.people:
            yield f"  {person.name} <{person.email}>"
    else:
        yield (
            ngettext(
                "Full import: %(count)d of %(active)d active people (%(share)s) was not in the "
                "file and is deactivated and logged out on all devices.",
                "Full import: %(count)d of %(active)d active people (%(share)s) were not in the "
                "file and are deactivated and logged out on all devices.",
                count,
            )
            % counts
        )
    done = leavers.offboarded
    yield _(
        "Memberships ended: %(memberships)d. Open follow-up tasks handed to the manager: %(tasks)d."
    ) % {"memberships": done["memberships_ended"], "tasks": done["tasks_handed_over"]}
    if done["tasks_without_manager"]:
        yield ngettext(
            "%(count)d open task has no manager to go to; give it to someone in the case.",
            "%(count)d open tasks have no manager to go to; give them to someone in the cases.",
            done["tasks_without_manager"],
        ) % {"count": done["tasks_without_manager"]}


def refused(leavers, dry_run=False):
    counts = {
        "count": len(leavers.people),
        "active": leavers.active,
        "share": percent(leavers),
        "limit": percent(leavers, leavers.limit),
    }
    if dry_run:
        return (
            _(
                "A real full import would be refused: it would deactivate %(count)d of %(active)d "
                "active people (%(share)s), more than %(limit)s. If the file is right, run with "
                "--force."
            )
            % counts
        )
    return (
        _(
            "The full import would deactivate %(count)d of %(active)d active people (%(share)s), "
            "more than %(limit)s. Nothing was imported. See who with --dry-run; if the file is "
            "right, run again with --force."
        )
        % counts
    )


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
