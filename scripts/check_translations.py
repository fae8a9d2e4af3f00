"""Check that the Danish translation is complete and that the committed .mo file is current.

Run from anywhere with the project's environment: `uv run python scripts/check_translations.py`.
It prints one line per problem and exits 1, or prints one summary line and exits 0. It changes
nothing in the working tree.

How it works (needs GNU gettext's msgfmt, msguniq, msgmerge and xgettext; Debian: gettext):

1. The committed tryghed/locale/da/LC_MESSAGES/django.po must exist and compile with
   `msgfmt --check-format`, exactly as Django's compilemessages compiles it (this also catches
   syntax errors, duplicate msgids and a Danish text that drops or renames a %(name)s
   placeholder).
2. Every message in the code must be in the .po. Django's makemessages is the only extractor that
   understands templates, but it always writes into the source tree and rewrites the .po (with a
   new timestamp), so a `git diff` after it cannot be the test. Instead the `tryghed` package is
   copied to a temporary folder and `django-admin makemessages -l da --keep-pot` runs there, with
   that copy first on the import path, so LOCALE_PATHS points into the copy. Its django.pot is
   the list of messages the code uses today; each one (context, msgid, plural) must appear as a
   current (not obsolete) entry of the committed .po. Entries of the .po that the code no longer
   uses are reported as warnings only: they do no harm, and makemessages will mark them obsolete.
   Only the `tryghed` package is extracted (not tests/, node_modules/ or var/); a makemessages
   run from the repository root may add more entries, which are then only warned about.
3. Every current entry must be translated: not fuzzy, and no empty msgstr (all plural forms).
4. The committed django.mo must hold the same catalog as the one msgfmt builds from the committed
   .po now. The bytes can differ between msgfmt versions, so both files are read with the
   standard library's gettext.GNUTranslations and their catalogs (header included) compared.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "tryghed"
LANGUAGE = "da"
CATALOG_DIR = Path(PACKAGE) / "locale" / LANGUAGE / "LC_MESSAGES"
PO = CATALOG_DIR / "django.po"
MO = CATALOG_DIR / "django.mo"
GETTEXT_TOOLS = ("msgfmt", "msguniq", "msgmerge", "xgettext")
FIX_HINT = (
    "to fix: uv run tryghed manage makemessages -l da, translate what is empty or fuzzy in "
    "the .po, then uv run tryghed manage compilemessages"
)
MAX_LINES = 60


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)
    obsolete: bool = False
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index (0 for singular) -> text

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None


class PoSyntaxError(Exception):
    pass


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s*(".*")$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(quoted, where):
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise PoSyntaxError(f"{where}: expected a quoted string")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])


def parse_po(path):
    """The entries of a .po or .pot file: a small parser, enough for what makemessages writes."""
    entries = []
    entry = None  # the entry being read
    last = None  # (field, plural index) that a continuation line extends
    pending = Entry(line=0)  # comments seen before the next entry starts

    def begin(lineno, obsolete):
        nonlocal entry, pending
        pending.line, pending.obsolete = lineno, obsolete
        entry, pending = pending, Entry(line=0)
        entries.append(entry)

    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{shown}:{lineno}"
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        elif line.startswith("#"):
            if entry is not None and entry.msgstr:
                entry, last = None, None
            if line.startswith("#,"):
                pending.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                pending.references.extend(line[2:].split())
            continue
        if not line:
            entry, last = None, None
            continue
        if line.startswith('"'):
            if entry is None or last is None:
                raise PoSyntaxError(f"{where}: a string outside an entry")
            name, index = last
            text = _unquote(line, where)
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise PoSyntaxError(f"{where}: cannot read {line[:40]!r}")
        name, index, quoted = match.group(1), match.group(2), match.group(3)
        text = _unquote(quoted, where)
        if name == "msgctxt" or (
            name == "msgid" and (entry is None or entry.msgid is not None or entry.msgstr)
        ):
            begin(lineno, obsolete)
        elif entry is None:
            raise PoSyntaxError(f"{where}: {name} before msgid")
        if name == "msgstr":
            plural = int(index) if index is not None else 0
            entry.msgstr[plural] = text
            last = (name, plural)
        else:
            setattr(entry, name, text)
            last = (name, None)
    for each in entries:
        if each.msgid is None:
            raise PoSyntaxError(f"{shown}:{each.line}: an entry without msgid")
    return entries


def show(key):
    """A message as one short line: its context, if any, and the start of its msgid."""
    msgctxt, msgid, _plural = key
    text = msgid.replace("\n", "\\n")
    if len(text) > 60:
        text = text[:57] + "..."
    return f'"{text}"' + (f" (context {msgctxt!r})" if msgctxt else "")


def missing_tools():
    return [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]


def compile_po(po, mo):
    """Compile as Django's compilemessages does; returns msgfmt's complaints, if any."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(mo), str(po)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    lines = [line for line in lines if not re.match(r"msgfmt: found \d+ fatal errors?$", line)]
    lines = [line if line.startswith("msgfmt:") else f"msgfmt: {line}" for line in lines]
    return lines or [f"msgfmt failed on {po} (exit {result.returncode})"]


def read_mo(path):
    with open(path, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def messages_in_code(workdir):
    """Run makemessages on a copy of the package; returns the entries of the POT it writes."""
    copy = workdir / "src"
    shutil.copytree(
        REPO / PACKAGE,
        copy / PACKAGE,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"),
    )
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = f"{PACKAGE}.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", LANGUAGE, "--keep-pot"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    pot = copy / PACKAGE / "locale" / "django.pot"
    if result.returncode != 0 or not pot.exists():
        output = (result.stderr or result.stdout).strip().splitlines()
        reason = output[-1] if output else f"exit {result.returncode}"
        raise RuntimeError(f"makemessages failed on a copy of {PACKAGE}/: {reason}")
    return parse_po(pot)


class Stop(Exception):
    """Problems after which the other checks cannot run; `hint` says whether FIX_HINT helps."""

    def __init__(self, *problems, hint=True):
        super().__init__(*problems)
        self.problems, self.hint = list(problems), hint


def check(workdir):
    """Returns (problems, warnings, summary); raises Stop when it cannot go on."""
    problems, warnings = [], []
    if not (REPO / PO).exists():
        raise Stop(f"no Danish translation at {PO}")
    tools = missing_tools()
    if tools:
        raise Stop(f"GNU gettext tools missing: {', '.join(tools)} (Debian: gettext)", hint=False)

    # 1. The .po compiles, as compilemessages would compile it.
    fresh_mo = workdir / "fresh.mo"
    complaints = compile_po(PO, fresh_mo)
    if complaints:
        raise Stop(*complaints)
    try:
        entries = parse_po(REPO / PO)
    except PoSyntaxError as error:
        raise Stop(f"cannot read {PO}: {error}") from None
    current = [entry for entry in entries if not entry.obsolete and not entry.is_header]
    in_po = {entry.key for entry in current}

    # 2. Every message of the code is in the .po.
    try:
        code = [entry for entry in messages_in_code(workdir) if not entry.is_header]
    except (RuntimeError, PoSyntaxError) as error:
        raise Stop(str(error), hint=False) from None
    in_code = {entry.key for entry in code}
    for entry in code:
        if entry.key not in in_po:
            where = f" ({entry.references[0]})" if entry.references else ""
            problems.append(f"{PO}: missing {show(entry.key)}{where}")
    for entry in current:
        if entry.key not in in_code:
            warnings.append(f"{PO}:{entry.line}: no longer used by the code: {show(entry.key)}")

    # 3. Every entry is translated.
    for entry in current:
        if "fuzzy" in entry.flags:
            problems.append(f"{PO}:{entry.line}: fuzzy (review, drop the flag): {show(entry.key)}")
        elif not entry.msgstr or any(not text for text in entry.msgstr.values()):
            problems.append(f"{PO}:{entry.line}: not translated: {show(entry.key)}")

    # 4. The committed .mo is what the .po compiles to.
    problems += compare_mo(REPO / MO, fresh_mo)

    summary = f"{len(current)} Danish messages, all translated; {MO.name} is current"
    return problems, warnings, summary


def compare_mo(committed_mo, fresh_mo):
    if not committed_mo.exists():
        return [f"no compiled catalog at {MO}"]
    try:
        committed = read_mo(committed_mo)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        return [f"{MO} cannot be read: {error}"]
    expected = read_mo(fresh_mo)
    problems = []
    for key in sorted(set(expected) | set(committed), key=str):
        if expected.get(key) == committed.get(key):
            continue
        msgid = key[0] if isinstance(key, tuple) else key  # plural entries: (msgid, index)
        msgctxt, _, msgid = msgid.rpartition("\x04")
        label = "the header" if msgid == "" else show((msgctxt or None, msgid, None))
        if key not in committed:
            line = f"{MO}: lacks {label}"
        elif key not in expected:
            line = f"{MO}: still has {label}, which the .po does not translate"
        else:
            line = f"{MO}: {label} differs from the .po"
        if line not in problems:
            problems.append(line)
    return problems


def _print_limited(lines, stream):
    for line in lines[:MAX_LINES]:
        print(line, file=stream)
    if len(lines) > MAX_LINES:
        print(f"... and {len(lines) - MAX_LINES} more", file=stream)


def main():
    hint = True
    try:
        with tempfile.TemporaryDirectory(prefix="tryghed-i18n-") as tmp:
            problems, warnings, summary = check(Path(tmp))
    except Stop as stop:
        problems, warnings, hint = stop.problems, [], stop.hint
    _print_limited([f"warning: {line}" for line in warnings], sys.stderr)
    if problems:
        _print_limited(problems, sys.stderr)
        fix = f"; {FIX_HINT}" if hint else ""
        print(f"translation check failed: {len(problems)} problem(s){fix}", file=sys.stderr)
        return 1
    print(f"translation check passed: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
