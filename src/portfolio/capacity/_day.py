"""The one day a cutover counts on: the day the schedule shows it starting.

A cutover takes one of its landing platform's onboarding slots in a
calendar month and may not start in a blackout. Which day decides it matters
for a milestone cutover: the scheduling core gives it one working-day
*boundary*, and MS Project's display rule
(`portfolio._present.evening`) shows it on the
evening of the working day *before* that boundary when it follows a
predecessor's finish (directly, after a lag, or over a weekend). At a
month's end the two days lie in different months.

The day that counts is the day shown: ``record.start``. It is the day every
report, export and chart gives, the day MS Project shows, and the day the
``freeze-windows`` rule judges; a count on a day the user never sees could
not be checked by reading the plan. Everything that counts cutovers per
month or checks their days uses this module: the ``capacity-overload`` rule
and ``portfolio level`` (through `overloads`),
the wave plan of ``portfolio waves`` and the monthly report
(`waves`), and levelling (the heuristic and the
CP-SAT solve), which books a slot on the day its levelled schedule will show.

Examples:
    >>> from portfolio.model import Activity, ActivityKind, Duration, Portfolio, PortfolioSettings, Relation
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 29), calendar="standard"),
    ...               activities=[Activity(id="prep", duration=Duration(3)),
    ...                           Activity(id="cutover", kind=ActivityKind.CUTOVER)],
    ...               relations=[Relation(predecessor="prep", successor="cutover")])
    >>> record = schedule(p)["cutover"]        # its boundary opens on 1 February, it is shown on 31 January
    >>> counted_day(record), month_number(counted_day(record)) == 2024 * 12
    (datetime.date(2024, 1, 31), True)
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from portfolio.scheduling import ActivitySchedule

__all__ = ["counted_day", "month_number", "placed_day"]

IntArray = npt.NDArray[np.int64]


def counted_day(record: ActivitySchedule) -> dt.date:
    """The day a cutover counts on, for its platform's monthly limit and for blackouts: the day it is shown.

    Args:
        record: the cutover's record in a schedule (the CPM one or a levelled one).

    Returns:
        ``record.start``: for a milestone shown in the evening, the working
        day before its start boundary.

    Examples:
        >>> from portfolio.model import Activity, Portfolio, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)), activities=[Activity(id="a")])
        >>> counted_day(schedule(p)["a"])
        datetime.date(2024, 1, 8)
    """
    return record.start


def month_number(day: dt.date) -> int:
    """The calendar month of ``day`` as one number, ``year * 12 + month - 1`` (the months levelling counts in).

    Args:
        day: a date.

    Returns:
        The month's number; consecutive months have consecutive numbers.

    Examples:
        >>> month_number(dt.date(2024, 2, 29)) - month_number(dt.date(2023, 12, 1))
        2
    """
    return day.year * 12 + day.month - 1


def placed_day(boundary: int, early: int, cpm_day: tuple[int, int], months: IntArray) -> tuple[int, int]:
    """The working day (index) and month a levelled cutover placed at start ``boundary`` counts on.

    Levelling places activities on working-day boundaries; the levelled
    schedule then shows the cutover in one of two ways. Left at its CPM
    boundary (``early``) it gets no constraint, so it is shown where the CPM
    schedule shows it (``cpm_day``: the index and month of its `counted_day`
    there). Placed later, it is held by a *start no earlier than* constraint
    on the boundary's day, and a milestone held at its SNET date is shown on
    that date, in the morning: it counts on ``boundary``.

    Args:
        boundary: the start boundary levelling chose.
        early: the CPM start boundary.
        cpm_day: the index and `month_number` of the day the CPM schedule shows the cutover.
        months: the month number of every working day, by index.

    Returns:
        The index and month number of the day it counts on.

    Examples:
        >>> months = np.array([0, 0, 1, 1])                 # two working days in a month, two in the next
        >>> placed_day(2, 2, (1, 0), months), placed_day(3, 2, (1, 0), months)
        ((1, 0), (3, 1))
    """
    return cpm_day if boundary == early else (boundary, int(months[boundary]))
