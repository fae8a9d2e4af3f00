"""The organization import: units (the tree) and people with their roles, from one CSV file.

The file is usually an export from the municipality's HR system; docs/import.md describes it.
A row that cannot be imported is rejected with its physical line number and a reason, and the
other rows are still imported, so one typo does not hold back a whole municipality's update.
Units are matched by code and people by e-mail, so importing the same file twice changes
nothing; memberships are only ever added.

A full import (`full=True`) says the file holds everyone of its municipality (the roots above
the units it names): an active person placed there who is not in it has left, and is
offboarded (accounts.services.offboard: deactivated, sessions ended, memberships ended, open
tasks handed to the manager). A safety valve
refuses a full import that would offboard more than a share of the active people, unless forced:
a truncated export must not lock out a municipality.

It lives with the people rather than the organization: it creates people and takes the login
away from those who left, and it records itself in the audit log, both above organizations.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from tryghed import audit
from tryghed.accounts.services import offboard
from tryghed.audit.models import Action
from tryghed.organizations import access
from tryghed.organizations.models import (
    EmploymentType,
    Membership,
    Municipality,
    RiskLevel,
    Unit,
    UnitKind,
)
from tryghed.organizations.roles import Role
from tryghed.organizations.services import give_membership

COLUMNS = (
    "type",
    "kode",
    "navn",
    "overordnet",
    "art",
    "risikoniveau",
    "email",
    "stilling",
    "ansaettelsestype",
    "startdato",
    "rolle",
)
REQUIRED_COLUMNS = ("type", "kode", "navn")
COLUMN_ALIASES = {"ansættelsestype": "ansaettelsestype", "e-mail": "email"}

UNIT_TYPES = ("enhed", "unit")
PERSON_TYPES = ("person",)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


def _words(choices, danish):
    """Accepted cell values: the Danish words first (they are what the error message lists),
    then the codes themselves."""
    return {**danish, **{value: value for value in choices.values}}


KINDS = _words(
    UnitKind,
    {
        "kommune": UnitKind.MUNICIPALITY,
        "center": UnitKind.CENTER,
        "stab": UnitKind.STAFF,
        "driftssted": UnitKind.SITE,
        "afdeling": UnitKind.DEPARTMENT,
    },
)
RISK_LEVELS = _words(
    RiskLevel, {"høj": RiskLevel.HIGH, "middel": RiskLevel.MEDIUM, "lav": RiskLevel.LOW}
)
EMPLOYMENT_TYPES = _words(
    EmploymentType,
    {
        "fast": EmploymentType.PERMANENT,
        "nyansat": EmploymentType.NEW_HIRE,
        "vikar": EmploymentType.TEMP,
        "elev": EmploymentType.APPRENTICE,
        "praktikant": EmploymentType.INTERN,
    },
)
ROLES = _words(
    Role,
    {
        "medarbejder": Role.EMPLOYEE,
        "leder": Role.MANAGER,
        "amr": Role.SAFETY_REP,
        "arbejdsmiljørepræsentant": Role.SAFETY_REP,
        "tr": Role.UNION_REP,
        "tillidsrepræsentant": Role.UNION_REP,
        "konsulent": Role.ADVISOR,
        "administrator": Role.ADMIN,
    },
)


class InvalidFile(Exception):
    """The file as a whole cannot be imported: it is empty or has no valid header."""


class Rejected(Exception):
    """One row cannot be imported; the message says why, in words an administrator can act on."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Leavers:
    """A full import's people who are not in the file: who they are (for the operator's
    terminal only), how many active people they are among, and what offboarding them did."""

    people: list = field(default_factory=list)
    active: int = 0
    limit: float = 0.0
    offboarded: dict = field(default_factory=dict)

    @property
    def share(self):
        return len(self.people) / self.active if self.active else 0.0

    @property
    def too_many(self):
        return self.share > self.limit


class TooManyLeavers(Exception):
    """A full import would offboard more than the allowed share of the active people."""

    def __init__(self, leavers):
        super().__init__("too many leavers")
        self.leavers = leavers


@dataclass
class ImportResult:
    """What the import did, or, on a dry run, would have done. A membership is never updated,
    only added, so `memberships.updated` is always 0. `leavers` is None unless the import is
    full."""

    units: Tally
    people: Tally
    memberships: Tally
    rejected: list[tuple[int, str]]
    dry_run: bool
    leavers: Leavers | None = None


def import_organization(
    rows_or_file, *, dry_run, actor=None, full=False, max_leavers_share=None, force=False
) -> ImportResult:
    """Import the file's units and people in one transaction. A dry run does exactly the same
    work and rolls it back, so its report is what a real run would do.

    With `full`, people placed in the municipality who are not in the file are offboarded;
    more than `max_leavers_share` of the active people (default: the setting
    IMPORT_MAX_LEAVERS_SHARE) raises TooManyLeavers before anything changes, unless `force`.
    A dry run never raises it: its report says that a real run would be refused."""
    lines = read_lines(rows_or_file)
    with transaction.atomic():
        # One import at a time: a second waits here until the first has committed, so two
        # full imports cannot each judge the leavers on a picture the other is changing.
        list(Unit.objects.roots().select_for_update())
        leavers = None
        if full:
            leavers = find_leavers(lines, max_leavers_share)
            if leavers.too_many and not force and not dry_run:
                raise TooManyLeavers(leavers)
        result = _Import(lines, actor).run(dry_run=dry_run)
        if leavers is not None:
            leavers.offboarded = _offboard(leavers.people, actor)
            result.leavers = leavers
        if dry_run:
            transaction.set_rollback(True)
        else:
            _record(result, actor)
    return result


def find_leavers(lines, max_share=None) -> Leavers:
    """The active people placed in the municipality whom no person row of the file names.
    A row that is rejected still names its person: a typo in a unit code must not offboard
    anyone. Superusers are never leavers: they are the way back in."""
    named = {line.get("email").lower() for line in lines if _is_person_line(line)}
    placed = Membership.objects.filter(unit__in=access.tree().descendants(_roots_named(lines)))
    active = (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, pk__in=placed.values("user"))
        .annotate(email_lower=Lower("email"))
        .order_by("name", "email")
    )
    people = list(active)
    limit = settings.IMPORT_MAX_LEAVERS_SHARE if max_share is None else max_share
    return Leavers(
        people=[person for person in people if person.email_lower not in named],
        active=len(people),
        limit=limit,
    )


def _roots_named(lines):
    """The municipalities the file is about: the roots above the units it names. A full import
    of one municipality's file never offboards the people of another."""
    codes = {line.get(column) for line in lines for column in ("kode", "overordnet")}
    units = access.tree()
    found = Unit.objects.filter(code__in=codes - {""}).values_list("pk", flat=True)
    return {units.root_of(pk) for pk in found}


def _is_person_line(line):
    return line.get("type").lower() in PERSON_TYPES


def _offboard(people, actor):
    totals = {"memberships_ended": 0, "tasks_handed_over": 0, "tasks_without_manager": 0}
    for person in people:
        for key, count in offboard(person=person, actor=actor, reason="import").items():
            totals[key] = totals.get(key, 0) + count
    return totals


def _record(result, actor):
    counts = {}
    if result.leavers is not None:
        counts = {"full": True, "deactivated": len(result.leavers.people)}
        counts.update(result.leavers.offboarded)
    audit.record(
        actor=actor,
        action=Action.ORGANIZATION_IMPORTED,
        units=result.units.created + result.units.updated,
        people=result.people.created + result.people.updated,
        memberships=result.memberships.created,
        rejected=len(result.rejected),
        **counts,
    )


# Reading the file


@dataclass(frozen=True)
class Line:
    """One non-blank row of the file and the physical line it starts on."""

    number: int
    values: dict[str, str]
    extra: tuple[str, ...] = ()

    def get(self, column):
        return self.values.get(column, "").strip()

    def require(self, column):
        value = self.get(column)
        if not value:
            raise Rejected(_('the column "%(column)s" is empty') % {"column": column})
        return value


def read_lines(rows_or_file) -> list[Line]:
    """The rows of a CSV text, an open text file or a list of lines, with a header on line 1.
    The delimiter is whichever of ";" and "," the header uses more: Danish Excel writes ";"."""
    physical = iter(
        io.StringIO(rows_or_file, newline="") if isinstance(rows_or_file, str) else rows_or_file
    )
    first = next(physical, "").lstrip("\ufeff")
    if not first.strip():
        raise InvalidFile(_("The file is empty; its first line must be the header."))
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(_chain(first, physical), delimiter=delimiter)
    header = _header(next(reader))
    return list(_data_lines(reader, header))


def _chain(first, rest):
    yield first
    yield from rest


def _data_lines(reader, header):
    start = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            values = dict(zip(header, cells, strict=False))
            yield Line(start, values, tuple(cells[len(header) :]))
        start = reader.line_num + 1


def _header(cells):
    names = [COLUMN_ALIASES.get(name, name) for name in (c.strip().lower() for c in cells)]
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        raise InvalidFile(
            _("The first line must be the header; unknown columns: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise InvalidFile(
            _("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise InvalidFile(
            _("The header names a column twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    return names


# Reading one row


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    risk_level: str | None


@dataclass(frozen=True)
class PersonRow:
    line: int
    email: str
    name: str
    job_title: str
    employment_type: str | None
    started_on: date | None
    unit_code: str
    role: str

    def details(self):
        """The person's own details as given on this row; an empty cell gives nothing."""
        given = {
            "name": self.name,
            "job_title": self.job_title,
            "employment_type": self.employment_type,
            "started_on": self.started_on,
        }
        return {key: value for key, value in given.items() if value not in ("", None)}


def parse(line):
    """A UnitRow or a PersonRow, or Rejected."""
    if any(cell.strip() for cell in line.extra):
        raise Rejected(_("the row has more cells than the header has columns"))
    kind = line.require("type").lower()
    if kind in UNIT_TYPES:
        return parse_unit(line)
    if kind in PERSON_TYPES:
        return parse_person(line)
    raise Rejected(
        _('unknown type "%(value)s"; use "enhed" or "person"') % {"value": line.get("type")}
    )


def parse_unit(line):
    code = _code(line.require("kode"))
    kind = _choice(line, "art", KINDS, required=True)
    parent_code = line.get("overordnet") or None
    if kind == UnitKind.MUNICIPALITY and parent_code:
        raise Rejected(_("a municipality is the root of the tree and has no parent unit"))
    if kind != UnitKind.MUNICIPALITY and not parent_code:
        raise Rejected(_('every unit but the municipality needs a parent unit ("overordnet")'))
    if parent_code == code:
        raise Rejected(_("a unit cannot be its own parent"))
    return UnitRow(
        line=line.number,
        code=code,
        name=_limited(line.require("navn"), Unit, "name"),
        kind=kind,
        parent_code=parent_code,
        risk_level=_choice(line, "risikoniveau", RISK_LEVELS),
    )


def parse_person(line):
    return PersonRow(
        line=line.number,
        email=_email(line.require("email")),
        name=_limited(line.require("navn"), get_user_model(), "name"),
        job_title=_limited(line.get("stilling"), get_user_model(), "job_title"),
        employment_type=_choice(line, "ansaettelsestype", EMPLOYMENT_TYPES),
        started_on=_date(line.get("startdato")),
        unit_code=line.require("kode"),
        role=_choice(line, "rolle", ROLES) or Role.EMPLOYEE,
    )


def _code(value):
    try:
        validate_slug(value)
    except ValidationError:
        raise Rejected(
            _('the code "%(value)s" may hold only the letters a-z, digits, "-" and "_"')
            % {"value": value}
        ) from None
    return _limited(value, Unit, "code")


def _choice(line, column, words, required=False):
    """The code for the cell's word, or None for an empty optional cell."""
    value = line.require(column) if required else line.get(column)
    if not value:
        return None
    try:
        return words[value.lower()]
    except KeyError:
        allowed = ", ".join(_danish_words(words))
        raise Rejected(
            _('unknown value "%(value)s" in "%(column)s"; use one of: %(allowed)s')
            % {"value": value, "column": column, "allowed": allowed}
        ) from None


def _danish_words(words):
    """The Danish word for each code, the form the error messages suggest."""
    first = {}
    for word, code in words.items():
        first.setdefault(code, word)
    return first.values()


def _email(value):
    try:
        validate_email(value)
    except ValidationError:
        raise Rejected(_('"%(value)s" is not a valid e-mail address') % {"value": value}) from None
    return value.lower()


def _date(value):
    if not value:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise Rejected(
        _('"%(value)s" is not a date; write it as YYYY-MM-DD or DD-MM-YYYY') % {"value": value}
    )


def _limited(value, model, field_name):
    limit = model._meta.get_field(field_name).max_length
    if len(value) > limit:
        raise Rejected(
            _('"%(value)s…" is longer than %(limit)d characters')
            % {"value": value[:20], "limit": limit}
        )
    return value


# Importing


@dataclass
class _Seen:
    """Which objects the import created, changed or found as they were, counted once each
    even when several rows name them."""

    seen: set = field(default_factory=set)
    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)

    def tally(self):
        updated = self.updated - self.created
        return Tally(
            created=len(self.created),
            updated=len(updated),
            unchanged=len(self.seen - self.created - updated),
        )


class _Import:
    """One run over the file: units first, so people's rows can name units the file creates."""

    def __init__(self, lines, actor):
        self.lines = lines
        self.actor = actor
        self.rejected = []
        self.units = _Seen()
        self.people = _Seen()
        self.memberships = _Seen()
        self.rejected_units = {}

    def run(self, *, dry_run):
        unit_rows, person_rows = self.parse_all()
        unit_plan = _UnitPlan(unit_rows, self.reject, self.rejected_units)
        by_code = self.apply_units(unit_plan.ordered())
        self.apply_people(person_rows, by_code, unit_plan.rejected_codes)
        return ImportResult(
            units=self.units.tally(),
            people=self.people.tally(),
            memberships=self.memberships.tally(),
            rejected=sorted(self.rejected),
            dry_run=dry_run,
        )

    def reject(self, line, reason):
        self.rejected.append((line, reason))

    def parse_all(self):
        unit_rows, person_rows = [], []
        for line in self.lines:
            try:
                row = parse(line)
            except Rejected as error:
                self.reject(line.number, str(error))
                self.note_rejected_unit(line)
                continue
            (unit_rows if isinstance(row, UnitRow) else person_rows).append(row)
        return unit_rows, person_rows

    def note_rejected_unit(self, line):
        """Remember a rejected unit's code, so rows that name it can say why it is missing."""
        code = line.get("kode")
        if line.get("type").lower() in UNIT_TYPES and code:
            self.rejected_units.setdefault(code, line.number)

    def apply_units(self, rows):
        """Create or update the planned units, parents before children; returns every unit by
        code."""
        by_code = Unit.objects.in_bulk(field_name="code")
        for row in rows:
            parent = by_code[row.parent_code] if row.parent_code else None
            unit = by_code.get(row.code)
            if unit is None:
                by_code[row.code] = self.create_unit(row, parent)
            else:
                self.update_unit(unit, row, parent)
        return by_code

    def create_unit(self, row, parent):
        unit = Unit.objects.create(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            risk_level=row.risk_level or RiskLevel.LOW,
        )
        if parent is None:
            Municipality.objects.create(unit=unit)  # its settings, for the administrator to fill
        self.units.seen.add(unit.pk)
        self.units.created.add(unit.pk)
        return unit

    def update_unit(self, unit, row, parent):
        wanted = {"name": row.name, "kind": row.kind, "parent_id": parent.pk if parent else None}
        if row.risk_level:
            wanted["risk_level"] = row.risk_level
        self.units.seen.add(unit.pk)
        if _assign(unit, wanted):
            self.units.updated.add(unit.pk)

    def apply_people(self, rows, units_by_code, rejected_codes):
        people = _people_by_email({row.email for row in rows})
        memberships = _memberships_of(people.values())
        first_rows = {}
        for row in rows:
            try:
                unit = _unit_for(row, units_by_code, rejected_codes)
                _check_same_details(row, first_rows.setdefault(row.email, row))
            except Rejected as error:
                self.reject(row.line, str(error))
                continue
            person = self.apply_person(row, people)
            self.add_membership(person, unit, row.role, memberships)

    def apply_person(self, row, people):
        person = people.get(row.email)
        if person is None:
            person = get_user_model().objects.create_user(row.email, None, **row.details())
            people[row.email] = person
            self.people.created.add(person.pk)
        elif _assign(person, row.details()):
            self.people.updated.add(person.pk)
        self.people.seen.add(person.pk)
        return person

    def add_membership(self, person, unit, role, existing):
        key = (person.pk, unit.pk, role)
        if key not in existing:
            give_membership(person=person, unit=unit, role=role, actor=self.actor, reason="import")
            existing.add(key)
            self.memberships.created.add(key)
        self.memberships.seen.add(key)


def _assign(obj, wanted):
    """Set the fields that differ and save only those; True if anything changed."""
    changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, wanted[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _people_by_email(emails):
    """Existing people by lower-cased e-mail: addresses are matched regardless of case, also
    for people created before the e-mail was stored in lower case."""
    found = get_user_model().objects.annotate(email_lower=Lower("email"))
    return {person.email_lower: person for person in found.filter(email_lower__in=emails)}


def _memberships_of(people):
    rows = Membership.objects.filter(user__in=[p.pk for p in people])
    return set(rows.values_list("user_id", "unit_id", "role"))


def _unit_for(row, units_by_code, rejected_codes):
    if row.unit_code in units_by_code:
        return units_by_code[row.unit_code]
    if row.unit_code in rejected_codes:
        raise Rejected(
            _('the unit "%(code)s" was rejected (line %(line)d)')
            % {"code": row.unit_code, "line": rejected_codes[row.unit_code]}
        )
    raise Rejected(_('unknown unit "%(code)s"') % {"code": row.unit_code})


def _check_same_details(row, first):
    """Rows for the same person must agree on their details; otherwise which one wins would
    depend on the order of the rows."""
    mine, theirs = row.details(), first.details()
    if any(theirs[key] != value for key, value in mine.items() if key in theirs):
        raise Rejected(
            _("the person's details differ from those on line %(line)d") % {"line": first.line}
        )


class _UnitPlan:
    """Which unit rows can be imported and in what order: every parent known (in the database
    or in the file), no unit below itself, and a single municipality at the root."""

    def __init__(self, rows, reject, rejected_codes):
        self.reject = reject
        self.existing_parent = dict(Unit.objects.values_list("code", "parent__code"))
        self.rows = {}
        self.rejected_codes = rejected_codes
        for row in rows:
            self.add(row)
        self.root_code = self.find_root_code()
        self.settle()

    def add(self, row):
        if row.code in self.rows:
            self.reject(
                row.line,
                _('the code "%(code)s" is already used on line %(line)d')
                % {"code": row.code, "line": self.rows[row.code].line},
            )
        else:
            self.rows[row.code] = row

    def find_root_code(self):
        """The municipality the file is about: its first municipality row (a new one is added
        beside those already in Tryghed: docs/municipalities.md); or, for a file without one,
        the existing root's code. A file holds one municipality."""
        municipalities = [r for r in self.rows.values() if r.kind == UnitKind.MUNICIPALITY]
        if municipalities:
            return min(municipalities, key=lambda r: r.line).code
        roots = [code for code, parent in self.existing_parent.items() if parent is None]
        return min(roots) if roots else None

    def parent_of(self, code):
        row = self.rows.get(code)
        return row.parent_code if row else self.existing_parent.get(code)

    def is_known(self, code):
        return code in self.rows or code in self.existing_parent

    def settle(self):
        """Reject rows until every remaining one fits: a rejection can leave other rows
        without a parent. Rows are tried from the end of the file, so of rows that together
        would form a loop, the one that closes it is rejected."""
        while True:
            bad = next(
                (
                    (row, reason)
                    for row in reversed(self.rows.values())
                    if (reason := self.problem(row))
                ),
                None,
            )
            if bad is None:
                return
            row, reason = bad
            del self.rows[row.code]
            self.rejected_codes[row.code] = row.line
            self.reject(row.line, reason)

    def problem(self, row):
        """Why `row` cannot be imported as things stand, or None."""
        if row.kind == UnitKind.MUNICIPALITY and row.code != self.root_code:
            return _('there is already a municipality ("%(code)s"); there can be only one') % {
                "code": self.root_code
            }
        if row.code == self.root_code and row.kind != UnitKind.MUNICIPALITY:
            return _('"%(code)s" is the municipality, at the root of the tree') % {"code": row.code}
        if row.parent_code and not self.is_known(row.parent_code):
            return self.unknown_parent(row.parent_code)
        if row.code in self.ancestors(row.code):
            return _("the unit would be placed below itself")
        return None

    def unknown_parent(self, code):
        if code in self.rejected_codes:
            return _('the parent unit "%(code)s" was rejected (line %(line)d)') % {
                "code": code,
                "line": self.rejected_codes[code],
            }
        return _('unknown parent unit "%(code)s"') % {"code": code}

    def ancestors(self, code):
        """Codes above `code` as the file would leave the tree, nearest first; stops at a
        loop."""
        chain = []
        current = self.parent_of(code)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent_of(current)
        return chain

    def ordered(self):
        """The rows to import, parents before children."""
        return sorted(self.rows.values(), key=lambda r: (len(self.ancestors(r.code)), r.line))
