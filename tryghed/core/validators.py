"""Ranges for the numbers people type. Without an upper bound a form stores 99,999,999,999
days of absence on SQLite and fails with a database error on PostgreSQL; with one, the
person gets a plain message at the field."""

from django.core.validators import MaxValueValidator, MinValueValidator


def number_between(low, high, message):
    """A model field's validators for `low` ≤ value ≤ `high`, both with `message`, which names
    the range ("Write … from 0 to 365.")."""
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]
