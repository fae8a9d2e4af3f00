"""Dates in the English interface as they are written in Europe (day before month, a 24-hour
clock), not as Django's American defaults write them: the readers are in Denmark, where
11/12 is the 11th of December. Danish keeps Django's own formats (25.11.2026, 25. november
2026). Templates use these names (SHORT_DATE_FORMAT and so on), never a pattern of their own."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
