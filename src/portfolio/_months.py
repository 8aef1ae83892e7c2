"""Months (private): the one place for month arithmetic, month periods and month names, on pendulum.

Reports count in months (a period ``YYYY-MM``, the months ahead, the
month ticks of a chart) and write dates out in Dutch or English; every
module asks this one for it instead of doing the arithmetic by hand.
pendulum does the calendar work and the locales; it is imported at first
use, so a command that needs no month (``portfolio --version``) does not
load it. Every date returned is a plain `datetime.date`.

Examples:
    >>> day = dt.date(2024, 1, 31)
    >>> add(day, 1), end(day), period(add(day, -1))
    (datetime.date(2024, 2, 29), datetime.date(2024, 1, 31), '2023-12')
    >>> periods(dt.date(2023, 11, 20), dt.date(2024, 2, 1))
    ('2023-11', '2023-12', '2024-01', '2024-02')
    >>> written(dt.date(2023, 10, 2), "D MMMM YYYY", "nl"), name(10, "en")
    ('2 oktober 2023', 'October')
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum

__all__ = ["add", "between", "end", "name", "period", "periods", "start", "starts", "written"]


def _day(day: dt.date) -> pendulum.Date:
    import pendulum  # noqa: PLC0415 - loaded at first use (see the module's docstring)

    return pendulum.date(day.year, day.month, day.day)


def _plain(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, day.day)


def start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month.

    Examples:
        >>> start(dt.date(2023, 8, 31))
        datetime.date(2023, 8, 1)
    """
    return _plain(_day(day).start_of("month"))


def end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month (leap years included).

    Examples:
        >>> end(dt.date(2024, 2, 1)), end(dt.date(2023, 2, 1))
        (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28))
    """
    return _plain(_day(day).end_of("month"))


def add(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier when negative); past the end of a shorter month, its last day.

    Examples:
        >>> add(dt.date(2023, 8, 31), 1), add(dt.date(2023, 1, 15), -2)
        (datetime.date(2023, 9, 30), datetime.date(2022, 11, 15))
    """
    return _plain(_day(day).add(months=months))


def between(first: dt.date, last: dt.date) -> int:
    """How many months ``last``'s month lies after ``first``'s (the days do not count; negative when before).

    Examples:
        >>> between(dt.date(2023, 11, 30), dt.date(2024, 2, 1)), between(dt.date(2024, 2, 1), dt.date(2023, 11, 30))
        (3, -3)
    """
    return _day(start(first)).diff(_day(start(last)), False).in_months()


def starts(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first day of every month from ``first``'s month up to ``last``'s (none when ``last`` is before).

    Examples:
        >>> list(starts(dt.date(2023, 12, 15), dt.date(2024, 2, 1)))
        [datetime.date(2023, 12, 1), datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)]
    """
    first_day = start(first)
    for months in range(between(first_day, last) + 1):
        yield add(first_day, months)


def period(day: dt.date) -> str:
    """The ``YYYY-MM`` period that holds ``day``.

    Examples:
        >>> period(dt.date(2023, 8, 31))
        '2023-08'
    """
    return _day(day).format("YYYY-MM")


def periods(first: dt.date, last: dt.date) -> tuple[str, ...]:
    """The ``YYYY-MM`` periods from ``first``'s month to ``last``'s, both included.

    Examples:
        >>> periods(dt.date(2023, 5, 1), dt.date(2023, 8, 31))
        ('2023-05', '2023-06', '2023-07', '2023-08')
    """
    return tuple(period(day) for day in starts(first, last))


@functools.lru_cache(maxsize=4096)
def written(day: dt.date, pattern: str, lang: str) -> str:
    """``day`` written with a pendulum ``pattern`` (``D MMMM YYYY``, ``MMM YY``) in language ``lang`` (nl, en).

    Remembered per (day, pattern, language): a report writes the same few dates hundreds of times, and
    pendulum looks its locale up on every call.

    Examples:
        >>> written(dt.date(2023, 10, 2), "D MMM YYYY", "nl"), written(dt.date(2023, 10, 2), "MMM YY", "en")
        ('2 okt. 2023', 'Oct 23')
    """
    return _day(day).format(pattern, locale=lang)


def name(month: int, lang: str) -> str:
    """The name of a month (1 to 12) in language ``lang``.

    Examples:
        >>> name(3, "nl"), name(3, "en")
        ('maart', 'March')
    """
    return written(dt.date(2000, month, 1), "MMMM", lang)
