"""Danish working days: weekends and public holidays are days off; internal deadlines move
forward off them, reminders come the working day before."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tryghed.core import workdays

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args):
    return datetime(*args, tzinfo=CPH)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 4, 2), "Maundy Thursday"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 14), "Ascension Day"),
        (date(2026, 5, 25), "Whit Monday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 26), "Boxing Day"),
        (date(2026, 4, 4), "a Saturday"),
        (date(2026, 4, 5), "a Sunday"),
    ],
)
def test_public_holidays_and_weekends_are_days_off(day, name):
    assert not workdays.is_working_day(day), name


def test_great_prayer_day_is_a_working_day_since_its_abolition():
    assert workdays.is_working_day(date(2026, 5, 1))


def test_the_working_day_before_easter_monday_is_the_wednesday_before():
    assert workdays.working_day_before(date(2026, 4, 6)) == date(2026, 4, 1)
    assert workdays.working_day_before(date(2026, 4, 7)) == date(2026, 4, 1)


def test_a_working_day_is_its_own_nearest_working_day():
    assert workdays.on_or_after(date(2026, 4, 1)) == date(2026, 4, 1)
    assert workdays.on_or_before(date(2026, 4, 1)) == date(2026, 4, 1)


def test_an_internal_deadline_on_good_friday_moves_to_the_tuesday_after_easter():
    assert workdays.roll_forward(at(2026, 4, 3, 23, 59)) == at(2026, 4, 7, 23, 59)
    assert workdays.roll_forward(at(2026, 4, 1, 23, 59)) == at(2026, 4, 1, 23, 59)


def test_an_internal_deadline_keeps_its_time_of_day_across_the_change_to_summer_time():
    moved = workdays.roll_forward(at(2026, 3, 28, 10, 0))  # a Saturday; clocks move on the 29th
    assert moved == at(2026, 3, 30, 10, 0)


def test_a_deadline_on_a_working_day_is_reminded_the_working_day_before_and_on_the_day():
    before, on_the_day = workdays.reminder_moments(at(2026, 4, 7, 23, 59))
    assert before == at(2026, 4, 1, 8, 0)
    assert on_the_day == at(2026, 4, 7, 8, 0)


def test_a_deadline_before_eight_is_reminded_at_the_deadline_on_its_day():
    _before, on_the_day = workdays.reminder_moments(at(2026, 4, 8, 7, 30))
    assert on_the_day == at(2026, 4, 8, 7, 30)


def test_a_deadline_on_a_day_off_gets_one_reminder_the_working_day_before():
    before, on_the_day = workdays.reminder_moments(at(2026, 4, 6, 10, 0))
    assert before == on_the_day == at(2026, 4, 1, 8, 0)
