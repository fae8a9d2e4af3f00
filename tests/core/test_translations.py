"""Spot checks of the Danish translation where a wrong guess once slipped in: makemessages
fills new strings with fuzzy look-alikes, and these are words a reporter reads first."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        ("Now", "Nu"),
        ("When?", "Hvornår?"),
        ("Choose the unit", "Vælg enheden"),
        ("The center head", "Centerchefen"),
        ("By unit", "Efter enhed"),
        ("%(count)d episodes are registered.", "%(count)d episoder er registreret."),
        ("Report an episode", "Registrér episode"),
        ("Quick guide", "Lyn-guide"),
        # django-allauth's own, in our words: "adgangskode" and "e-mail", never "password".
        (
            "The email address and/or password you specified are not correct.",
            "E-mailadressen eller adgangskoden er forkert.",
        ),
        ("Reset My Password", "Nulstil min adgangskode"),
        # Django's own, in plain Danish.
        ("- Select an option -", "Vælg"),
        (
            "Select a valid choice. That choice is not one of the available choices.",
            "Vælg en af mulighederne på listen.",
        ),
    ],
)
def test_key_words_are_danish(english, danish):
    with translation.override("da"):
        assert translation.gettext(english) == danish


DATES = Template(
    '{{ at|date:"SHORT_DATE_FORMAT" }} | {{ at|date:"SHORT_DATETIME_FORMAT" }} | '
    '{{ at|date:"DATE_FORMAT" }} | {{ at|date:"DATETIME_FORMAT" }}'
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "03.11.2026 | 03.11.2026 14:05 | 3. november 2026 | 3. november 2026 14:05"),
        ("en", "03/11/2026 | 03/11/2026 14:05 | 3 November 2026 | 3 November 2026 14:05"),
    ],
)
def test_dates_are_written_as_in_denmark_in_both_languages(language, expected):
    at = datetime(2026, 11, 3, 14, 5, tzinfo=ZoneInfo(settings.TIME_ZONE))
    with translation.override(language):
        assert DATES.render(Context({"at": at})) == expected


def test_templates_name_their_date_formats_instead_of_spelling_them_out():
    """A pattern such as "j. M Y" reads "3. Nov 2026" in Danish and English alike; the named
    formats follow the language."""
    named = {
        "DATE_FORMAT",
        "DATETIME_FORMAT",
        "SHORT_DATE_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "YEAR_MONTH_FORMAT",
        "l",
        "D",
    }
    templates = Path(settings.BASE_DIR) / "tryghed" / "templates"
    used = {
        (path.name, pattern)
        for path in templates.rglob("*.*")
        for pattern in re.findall(r'\|date:"([^"]*)"', path.read_text())
    }
    assert used, "the templates format dates"
    assert {(name, pattern) for name, pattern in used if pattern not in named} == set()
