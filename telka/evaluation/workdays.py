"""Working days in Lithuania: weekends and the public holidays of the Labour Code
(Darbo kodekso 123 str.) are not working days. Clarification deadlines are counted
in working days (Call.clarification_working_days)."""

import datetime
from functools import lru_cache


def easter_sunday(year: int) -> datetime.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm
    (Meeus/Jones/Butcher). Lithuania keeps Catholic Easter."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_sunday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Lithuanian public holidays (valstybinės šventės ir poilsio dienos) of `year`."""
    fixed = [
        (1, 1),
        (2, 16),
        (3, 11),
        (5, 1),
        (6, 24),
        (7, 6),
        (8, 15),
        (11, 1),
        (12, 25),
        (12, 26),
    ]
    days = {datetime.date(year, month, day) for month, day in fixed}
    easter = easter_sunday(year)
    days |= {easter, easter + datetime.timedelta(days=1)}
    # Mother's and Father's Days fall on Sundays; listed for completeness of the calendar.
    days |= {_first_sunday(year, 5), _first_sunday(year, 6)}
    if year >= 2012:
        days.add(datetime.date(year, 12, 24))  # Christmas Eve, a holiday since 2012
    if year >= 2020:
        days.add(datetime.date(year, 11, 2))  # All Souls' Day, a holiday since 2020
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th working day after `start` (start itself does not count).

    A request made on Friday with 5 working days is due the next Friday; holidays
    push the deadline further. count=0 gives `start` itself."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
