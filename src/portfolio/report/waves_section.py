"""The monthly report's wave plan: the levelled cutovers in waves, with windows, services and team load.

[`monthly_report`][portfolio.report.data.monthly_report] fills
[`waves`][portfolio.report.data.MonthlyReport.waves] with it when the
portfolio has a ``capacity:`` section (``docs/capacity.md``): the portfolio
is levelled against it at the report's status date
([`portfolio.capacity.level`][portfolio.capacity.level]) and the levelled
cutovers grouped into waves of `WAVE_MONTHS` calendar months
([`portfolio.capacity.waves`][portfolio.capacity.waves]). A portfolio
without capacity has no wave plan (None), so its reports stay exactly as
they were. The words and tables are in ``report/_extra_tables.py``.

Examples:
    >>> from portfolio.io import load
    >>> section = waves_section(load("examples/logius").portfolio, dt.date(2023, 12, 29))
    >>> section.months, section.waves[0].number, section.exits[0]
    (3, 1, ('easi', datetime.date(2024, 9, 27), datetime.date(2025, 2, 3)))
    >>> from portfolio.model import Portfolio
    >>> waves_section(Portfolio(), None) is None
    True
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from portfolio.capacity import Wave, exit_dates, level, waves
from portfolio.model import Portfolio

__all__ = ["WAVE_MONTHS", "WaveSection", "waves_section"]

WAVE_MONTHS: Final = 3
"""The length of a wave's window in the report: a quarter (``portfolio waves --months`` chooses another)."""


@attrs.frozen(kw_only=True)
class WaveSection:
    """What the report shows: the exit dates before and after levelling, and the waves."""

    months: int
    """the length of a window in calendar months"""
    finish: tuple[dt.date, dt.date]
    """the portfolio's finish: CPM (unlimited capacity), levelled"""
    exits: tuple[tuple[str, dt.date, dt.date | None], ...]
    """(legacy platform, its exit in the CPM schedule, levelled)"""
    delayed: int
    """how many activities start later once levelled"""
    waves: tuple[Wave, ...]


def waves_section(portfolio: Portfolio, status_date: dt.date | None, *,
                  months: int = WAVE_MONTHS) -> WaveSection | None:
    """The wave plan at ``status_date``, or None when the portfolio has no capacity.

    Args:
        portfolio: the portfolio (its ``capacity`` is levelled against).
        status_date: the report's status date.
        months: the length of a wave's window.

    Returns:
        The section, or None.
    """
    capacity = portfolio.capacity
    if not capacity:
        return None
    result = level(portfolio, capacity, status_date=status_date)
    after = exit_dates(portfolio, result.levelled)
    return WaveSection(
        months=months, finish=(result.base.finish, result.levelled.finish),
        exits=tuple((p, day, after.get(p)) for p, day in exit_dates(portfolio, result.base).items()),
        delayed=len(result.delays), waves=waves(portfolio, capacity, result.levelled, months=months))
