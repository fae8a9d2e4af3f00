"""Named periods of the calendar ("the last 12 months", "last quarter"), one definition for
every page that counts episodes over one, so the overview and a risk assessment's figures
agree."""

from datetime import date, timedelta


def months_before(first, months):
    """The first day of the month `months` before the month of `first`."""
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def period_dates(period, today):
    """(start, end) of a named period, both included."""
    this_month = today.replace(day=1)
    if period == "3m":
        return months_before(this_month, 2), today
    if period == "quarter":
        first_of_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = first_of_this - timedelta(days=1)
        return date(end.year, end.month - 2, 1), end
    if period == "year":
        return date(today.year, 1, 1), today
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return months_before(this_month, 11), today
