"""Say only what is true: no text in the product may say that Tryghed calls, alerts or tells
the police. Nothing does; at "Ring 112" one person says they call, and every page shows who.
The third alarm level once read "Politiet bliver ringet op", and a frightened employee would
have waited for help that was not on its way. These tests keep that promise from coming back,
in any file a person reads: templates, scripts, the translation (both languages), the
Python sources' texts and the documentation."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

REPO = Path(settings.BASE_DIR)

# Each says the police are being (or will be) called, alerted or told, by someone unnamed or
# by the system. A record in the past ("Politiet blev tilkaldt under episoden") is allowed.
PROMISES = [
    r"politiet\s+(bliver|vil\s+blive|er\s+ved\s+at\s+blive|er)\s+(ringet|tilkaldt|kontaktet|"
    r"underrettet|alarmeret|orienteret|informeret)",
    r"politiet\s+(får|vil\s+få)\s+besked",
    r"politiet\s+(underrettes|tilkaldes|kontaktes|alarmeres|orienteres|informeres)",
    r"(tryghed|systemet|alarmen|vi)\s+(ringer|tilkalder|kontakter|alarmerer|underretter)"
    r"(\s+til)?\s+(politiet|112)",
    r"police\s+(are|is|will\s+be|get|gets)\s+(being\s+)?(called|alerted|notified|told|contacted|"
    r"informed)",
    r"(tryghed|the\s+system|the\s+alarm|we)\s+(will\s+)?(calls?|alerts?|notif(y|ies)|contacts?|"
    r"tells?)\s+(the\s+police|112)",
]
PATTERN = re.compile("|".join(f"(?:{p})" for p in PROMISES), re.IGNORECASE)

READ_BY_PEOPLE = [
    ("tryghed/templates", "*.html"),
    ("tryghed/templates", "*.txt"),
    ("tryghed/static/tryghed", "*.js"),
    ("tryghed/locale/da/LC_MESSAGES", "django.po"),
    ("tryghed", "*.py"),
    ("docs", "*.md"),
    (".", "README.md"),
]


def files_people_read():
    for folder, pattern in READ_BY_PEOPLE:
        base = REPO / folder
        glob = base.glob(pattern) if folder == "." else base.rglob(pattern)
        yield from (p for p in glob if "migrations" not in p.relative_to(REPO).parts)


def test_the_patterns_catch_the_old_promise_and_pass_a_record_of_a_call():
    """The check itself: it must see the sentence that was there, in both languages."""
    for promise in [
        "Politiet bliver ringet op; centervagten og lederen får besked.",
        "The police are being called; the guard and the manager are told.",
        "Tryghed ringer til politiet.",
        "Politiet får besked med det samme.",
        "The system calls the police.",
    ]:
        assert PATTERN.search(promise), promise
    for truth in [
        "Politiet blev tilkaldt under episoden. Det er ikke en politianmeldelse.",
        "Politiet tilkaldt under episoden",
        "Kim Vestergaard (centervagt) ringer 112.",
        "Ingen har meldt, at de ringer 112. Ring selv 112 nu.",
        "Call the police on 112 if it is serious.",
    ]:
        assert not PATTERN.search(truth), truth


def test_no_text_in_the_product_promises_that_the_police_are_called():
    files = list(files_people_read())
    assert len(files) > 50, "the check reads the product's files"
    found = [
        f"{path.relative_to(REPO)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for path in files
        for text in [re.sub(r"\"\s*\n\s*\"", "", path.read_text(encoding="utf-8"))]
        for match in PATTERN.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_ring_112_level_says_who_calls_and_promises_no_call(language):
    with translation.override(language):
        html = render_to_string("components/alarm_levels.html")
    note = re.search(r'value="call_112".*?tryghed-level-note">([^<]*)<', html, re.DOTALL)[1]
    assert not PATTERN.search(note)
    expected = {
        "da": "Din skærm viser straks 112 og adressen. Centervagten og lederen ser, at der skal "
        "politi til, og du ser, hvem der melder, at de ringer.",
        "en": "Your screen shows 112 and the address at once. The guard and the manager see "
        "that the police are needed, and you see who says they are calling.",
    }[language]
    assert " ".join(note.split()) == expected
