"""Danish working days: the one place that knows which days people are at work, so reminders
and internal deadlines land on them.

A working day is Monday to Friday and not a Danish public holiday (the `holidays` package:
New Year's Day, Maundy Thursday, Good Friday, Easter Monday, Ascension Day, Whit Monday,
Christmas Day and Boxing Day; Easter and Whit Sunday fall on Sundays anyway). Two kinds of
deadline use them differently:

- an internal deadline (the municipality's own, e.g. "the follow-up talk within 7 days") that
  falls on a day off moves forward to the next working day (`roll_forward`);
- a deadline set by law keeps the calendar the law counts in (72 hours, 14 days) and never
  moves; its reminder comes on the working day before it instead (`working_day_before`).
"""

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
from django.utils import timezone

COUNTRY = "DK"
# Reminders go out when the working day starts.
MORNING = time(8, 0)


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY, years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def on_or_after(day: date) -> date:
    """`day` if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def on_or_before(day: date) -> date:
    """`day` if it is a working day, else the last one before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_day_before(day: date) -> date:
    """The last working day strictly before `day`."""
    return on_or_before(day - timedelta(days=1))


def morning_of(day: date) -> datetime:
    """The start of the working day `day`, in the municipality's time."""
    return timezone.make_aware(datetime.combine(day, MORNING))


def roll_forward(moment: datetime) -> datetime:
    """An internal deadline or reminder that falls on a day off, moved to the same time of day
    on the next working day."""
    local = timezone.localtime(moment)
    day = on_or_after(local.date())
    if day == local.date():
        return moment
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))


def reminder_moments(due_at: datetime) -> tuple[datetime, datetime]:
    """When a deadline is reminded: the morning of the working day before it, and the morning
    of its own day (or the deadline itself, if earlier). A deadline on a day off (one set by
    law) gets a single reminder, the working day before, since nobody is at work on its day."""
    due_day = timezone.localtime(due_at).date()
    before = morning_of(working_day_before(due_day))
    if not is_working_day(due_day):
        return before, before
    return before, min(due_at, morning_of(due_day))


def days_from_now(days: int) -> datetime:
    """An internal deadline `days` from now, on a working day."""
    return roll_forward(timezone.now() + timedelta(days=days))
