"""The month helper (``portfolio._months``) against the standard library's calendar, over the whole horizon."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from portfolio import _months
from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST

#: Every month of the calendar horizon, as (year, month).
MONTHS = [(y, m) for y in range(HORIZON_FIRST.year, HORIZON_LAST.year + 1) for m in range(1, 13)]
ENGLISH = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
DUTCH = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
         "november", "december")


def test_start_and_end_of_every_month_agree_with_the_calendar_module() -> None:
    """Month ends (leap years, 1900-style century rules) as :func:`calendar.monthrange` gives them."""
    for year, month in MONTHS:
        day = dt.date(year, month, 15)
        assert (_months.start(day), _months.end(day)) == (
            dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])), (year, month)


@pytest.mark.parametrize("months", [-25, -12, -1, 0, 1, 2, 11, 12, 13, 120])
def test_add_moves_by_whole_months_and_clamps_to_the_month_end(months: int) -> None:
    """The same day ``months`` later, or the month's last day when it is shorter (month index arithmetic)."""
    for year, month in MONTHS[24:-132]:
        for day in (1, 28, 31 if calendar.monthrange(year, month)[1] == 31 else 30):
            if day > calendar.monthrange(year, month)[1]:
                continue
            index = year * 12 + month - 1 + months
            y, m = divmod(index, 12)
            expected = dt.date(y, m + 1, min(day, calendar.monthrange(y, m + 1)[1]))
            assert _months.add(dt.date(year, month, day), months) == expected


def test_between_starts_and_periods_count_months_not_days() -> None:
    """Month differences ignore the day; the month starts and periods run from the first month to the last."""
    first = dt.date(2023, 11, 30)
    for offset in range(40):
        last = _months.add(dt.date(2023, 11, 1), offset)
        assert _months.between(first, last) == offset
        assert _months.between(last, first) == -offset
        starts = list(_months.starts(first, last))
        assert len(starts) == offset + 1
        assert starts[0] == dt.date(2023, 11, 1)
        assert all(s.day == 1 for s in starts)
        assert _months.periods(first, last) == tuple(f"{s.year:04d}-{s.month:02d}" for s in starts)
    assert list(_months.starts(dt.date(2024, 2, 1), dt.date(2024, 1, 31))) == []


def test_month_names_in_both_languages() -> None:
    """English and Dutch month names (Dutch in lower case, as Dutch writes them)."""
    assert [_months.name(m, "en") for m in range(1, 13)] == list(ENGLISH)
    assert [_months.name(m, "nl") for m in range(1, 13)] == list(DUTCH)


def test_dates_are_plain_dates() -> None:
    """What the helper returns is a :class:`datetime.date`, not pendulum's subclass (reprs and JSON stay)."""
    for value in (_months.start(dt.date(2023, 8, 9)), _months.end(dt.date(2023, 8, 9)), _months.add(dt.date(2023, 8, 9), 1),
                  *_months.starts(dt.date(2023, 8, 9), dt.date(2023, 9, 1))):
        assert type(value) is dt.date
