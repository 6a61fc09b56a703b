"""How dates are written, on reader pages and in the admin alike (LANGUAGE_CODE en-gb).

Django's own British formats write "5 Dec 2026, 5:21 a.m."; a newsroom writes
"5 December 2026, 05:21 GMT": the day, the month in full, the 24-hour time
and the site's time zone (TIME_ZONE), so readers abroad know which clock.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
