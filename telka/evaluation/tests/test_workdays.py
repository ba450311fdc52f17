import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telka.evaluation.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
)

D = datetime.date


@pytest.mark.parametrize(
    "year, expected",
    [
        (2019, D(2019, 4, 21)),
        (2020, D(2020, 4, 12)),
        (2021, D(2021, 4, 4)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),  # the latest possible date
        (2285, D(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_it_computes_easter_sunday(year, expected):
    assert easter_sunday(year) == expected


def test_it_lists_the_lithuanian_public_holidays_of_2026():
    weekday_holidays = sorted(d for d in public_holidays(2026) if d.weekday() < 5)
    assert weekday_holidays == [
        D(2026, 1, 1),
        D(2026, 2, 16),
        D(2026, 3, 11),
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 1),
        D(2026, 6, 24),
        D(2026, 7, 6),
        D(2026, 11, 2),
        D(2026, 12, 24),
        D(2026, 12, 25),
    ]


def test_it_adds_all_souls_day_only_from_2020():
    assert D(2019, 11, 2) not in public_holidays(2019)
    assert D(2020, 11, 2) in public_holidays(2020)


def test_it_counts_a_plain_week():
    assert add_working_days(D(2026, 1, 9), 5) == D(2026, 1, 16)  # Friday → Friday


def test_it_skips_easter_monday():
    # Thursday 2 April 2026 + 2 working days: Friday 3, (weekend, Easter Monday 6), Tuesday 7.
    assert add_working_days(D(2026, 4, 2), 2) == D(2026, 4, 7)


def test_it_skips_the_christmas_holidays_and_new_year():
    # Monday 22 Dec 2025 + 5: 23, (24, 25, 26 holidays), 29, 30, 31, (1 Jan), 2 Jan.
    assert add_working_days(D(2025, 12, 22), 5) == D(2026, 1, 2)


def test_it_skips_the_march_holidays_in_2020():
    # 11 March 2020 was a Wednesday.
    assert add_working_days(D(2020, 3, 10), 1) == D(2020, 3, 12)


def test_zero_days_is_the_start_itself():
    assert add_working_days(D(2026, 4, 6), 0) == D(2026, 4, 6)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)), st.integers(1, 30))
def test_the_deadline_is_a_working_day_after_exactly_n_working_days(start, count):
    deadline = add_working_days(start, count)
    assert is_working_day(deadline)
    days = [start + datetime.timedelta(days=n) for n in range(1, (deadline - start).days + 1)]
    assert sum(is_working_day(d) for d in days) == count
