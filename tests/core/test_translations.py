"""Spot checks of the Danish translation where a wrong guess once slipped in: makemessages
fills new strings with fuzzy look-alikes, and these are words a reporter reads first."""

import pytest
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
    ],
)
def test_key_words_are_danish(english, danish):
    with translation.override("da"):
        assert translation.gettext(english) == danish
