"""MS Project's recurring calendar exceptions: the days each occurrence falls on.

An MSPDI ``<Exception>`` with ``Occurrences`` above 1 is a pattern, not a
range: "Christmas every year 2024–2030" closes seven days, not the 2,192
between its ``FromDate`` and ``ToDate``. `occurrences` lists the days
of the pattern, read as MS Project writes it:

- ``Type`` 1: every day; 7: every ``Period`` days;
- ``Type`` 6: every ``Period`` weeks (weeks run Sunday to Saturday, counted
  from the week of ``FromDate``) on the days of the ``DaysOfWeek`` bit mask
  (1 = Sunday, 2 = Monday ... 64 = Saturday);
- ``Type`` 4: day ``MonthDay`` of every ``Period`` months; 5: the
  ``MonthPosition`` (0 first ... 3 fourth, 4 last) ``MonthItem``
  (3 = Sunday ... 9 = Saturday) of every ``Period`` months;
- ``Type`` 2: day ``MonthDay`` of ``Month`` (0 = January) every year;
  3: the ``MonthPosition`` ``MonthItem`` of ``Month`` every year.

A day number past the end of a month (31 in April) falls on the month's last
day. The pattern stops after ``Occurrences`` days or at ``ToDate``, whichever
comes first.

Examples:
    >>> import datetime as dt
    >>> christmas = Pattern(kind=2, month=11, month_day=25)
    >>> occurrences(christmas, dt.date(2024, 12, 25), dt.date(2030, 12, 25), 7)[:2]
    [datetime.date(2024, 12, 25), datetime.date(2025, 12, 25)]
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Final

import attrs

__all__ = ["SUPPORTED_KINDS", "Pattern", "occurrences"]

SUPPORTED_KINDS: Final = frozenset({1, 2, 3, 4, 5, 6, 7})
"""The recurrence types read (every type MS Project writes)."""
_WEEKDAY_ITEMS: Final = range(3, 10)
"""``MonthItem`` values that name a weekday (3 = Sunday ... 9 = Saturday); 0-2 (day, weekday, weekend day) do not."""


@attrs.frozen(kw_only=True)
class Pattern:
    """The fields of a recurring exception (see the module docstring)."""

    kind: int
    period: int = 1
    days_of_week: int = 0
    month: int = 0
    month_day: int = 1
    month_item: int = 3
    month_position: int = 0

    @property
    def readable(self) -> bool:
        """False for what `occurrences` cannot list (a relative day that is not a weekday).

        Examples:
            >>> Pattern(kind=5, month_item=0).readable, Pattern(kind=5, month_item=4).readable
            (False, True)
        """
        relative = self.kind in (3, 5)
        return self.kind in SUPPORTED_KINDS and (not relative or self.month_item in _WEEKDAY_ITEMS)


def occurrences(pattern: Pattern, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """The days of ``pattern`` from ``first`` to ``last``, at most ``count`` of them.

    Examples:
        >>> weekly = Pattern(kind=6, period=2, days_of_week=4)  # every other Tuesday
        >>> occurrences(weekly, dt.date(2001, 1, 1), dt.date(2001, 2, 13), 4)
        [datetime.date(2001, 1, 2), datetime.date(2001, 1, 16), datetime.date(2001, 1, 30), datetime.date(2001, 2, 13)]
        >>> occurrences(Pattern(kind=5, period=2, month_item=4), dt.date(2002, 1, 1), dt.date(2002, 5, 6), 3)
        [datetime.date(2002, 1, 7), datetime.date(2002, 3, 4), datetime.date(2002, 5, 6)]
        >>> occurrences(Pattern(kind=4, period=10**15), dt.date(2100, 12, 1), dt.date(2100, 12, 31), 2)
        [datetime.date(2100, 12, 1)]
    """
    found: list[dt.date] = []
    if count < 1 or last < first or not pattern.readable:
        return found
    for day in _candidates(pattern, first, last):
        if first <= day <= last:
            found.append(day)
            if len(found) >= count:
                break
    return found


def _candidates(p: Pattern, first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Days of the pattern in order, from the period that holds ``first``, up to ``last``."""
    period = max(p.period, 1)
    if p.kind in (1, 7):
        step = 1 if p.kind == 1 else period
        for offset in range(0, (last - first).days + 1, step):
            yield first + dt.timedelta(days=offset)
    elif p.kind == 6:
        sunday = first - dt.timedelta(days=(first.weekday() + 1) % 7)
        for week in range(0, (last - sunday).days // 7 + 1, period):
            for bit in range(7):  # bit 0 Sunday ... bit 6 Saturday
                if p.days_of_week >> bit & 1:
                    yield sunday + dt.timedelta(days=7 * week + bit)
    else:
        step = 12 if p.kind in (2, 3) else period
        year, month = (first.year, p.month + 1) if p.kind in (2, 3) else (first.year, first.month)
        if not 1 <= month <= 12:
            return
        while (year, month) <= (last.year, last.month):
            yield _day_in_month(p, year, month)
            month += step
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def _day_in_month(p: Pattern, year: int, month: int) -> dt.date:
    """The pattern's day in one month: an absolute day number, or the n-th (or last) weekday."""
    length = calendar.monthrange(year, month)[1]
    if p.kind in (2, 4):
        return dt.date(year, month, min(max(p.month_day, 1), length))
    weekday = (p.month_item - 4) % 7  # MonthItem 4 = Monday -> 0
    if p.month_position >= 4:
        last = dt.date(year, month, length)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * max(p.month_position, 0))
