"""Indexes built once per portfolio or schedule and shared by the analyses (private).

Variance, history, attribution, the report's figures, the rules and the
report data all ask the same questions of one schedule: the record of an
activity, every record, the roll-up of a level. A [`Schedule`][portfolio.scheduling.Schedule]
builds a record each time one is asked for (about 10 µs), and
[`rollups`][portfolio.scheduling.Schedule.rollups] walks its groups on each
call; at 50,000 activities the monthly report asked for 200,000 records
one by one. `shared` computes each index once per live owner and
keeps it while the owner lives (a schedule is an immutable value, and the
same question on the same portfolio returns the same schedule).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from portfolio.model import Portfolio
from portfolio.scheduling import ActivitySchedule, Progress, Rollup, Schedule

__all__ = ["Columns", "by_id", "columns", "record", "records", "rollups", "scopes", "shared"]

T = TypeVar("T")
_SHARED: dict[tuple[int, str], tuple[weakref.ref[Any], Any]] = {}
"""(id(owner), name) -> (weak reference to the owner, the value). Portfolios cannot be hashed (they hold read-only
mappings), so entries are keyed by identity and dropped when the owner goes.
"""


def shared(owner: Portfolio | Schedule, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per live ``owner`` (frozen, so the value stays true); ``name`` tells the values apart.

    The value must not hold ``owner`` itself, or the owner would never be freed.

    Args:
        owner: the portfolio or schedule the value is computed from.
        name: what the value is (one owner holds several).
        compute: computes the value when it is not known yet.

    Returns:
        The value, computed at most once while ``owner`` lives.

    Examples:
        >>> p = Portfolio()
        >>> shared(p, "answer", lambda: [42]) is shared(p, "answer", lambda: [0])
        True
    """
    key = (id(owner), name)
    hit = _SHARED.get(key)
    if hit is not None and hit[0]() is owner:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    # the table is bound to the callback: at interpreter exit the module's globals may be gone before the owner
    _SHARED[key] = (weakref.ref(owner, lambda _, key=key, table=_SHARED: table.pop(key, None)), value)  # type: ignore[misc]
    return value


def records(schedule: Schedule) -> tuple[ActivitySchedule, ...]:
    """Every activity record of the schedule, in portfolio order (built once per schedule).

    Args:
        schedule: a computed schedule.

    Returns:
        The records, the same objects on every call.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="a")]))
        >>> [r.id for r in records(s)], records(s) is records(s)
        (['a'], True)
    """
    return shared(schedule, "records", lambda: tuple(schedule))


def by_id(schedule: Schedule) -> Mapping[str, ActivitySchedule]:
    """The schedule's records by activity id (built once per schedule; ``schedule[id]`` builds one per call).

    Args:
        schedule: a computed schedule.

    Returns:
        A read-only mapping from activity id to its record.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="a")]))
        >>> by_id(s)["a"] == s["a"], by_id(s)["a"] is records(s)[0]
        (True, True)
    """
    return shared(schedule, "by-id", lambda: MappingProxyType({r.id: r for r in records(schedule)}))


def rollups(schedule: Schedule, level: str) -> Mapping[str, Rollup]:
    """`Schedule.rollups <portfolio.scheduling.Schedule.rollups>` of ``level``, computed once per schedule.

    Args:
        schedule: a computed schedule.
        level: ``assignment``, ``migration`` or ``service``.

    Returns:
        The roll-ups by group id.

    Raises:
        ValueError: for an unknown level (as the schedule's own method).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="x.a", service="x")]))
        >>> rollups(s, "service")["x"].activities, rollups(s, "service") is rollups(s, "service")
        (('x.a',), True)
    """
    return shared(schedule, f"rollups-{level}", lambda: schedule.rollups(level))


def record(schedule: Schedule, ident: str) -> ActivitySchedule:
    """The record of one activity, built on the first ask and kept while the schedule lives.

    For the few records an analysis reads (a report's milestones): `by_id` builds all of them, which at
    50,000 activities is most of a report's work when a few hundred are read.

    Args:
        schedule: a computed schedule.
        ident: an activity id of the schedule.

    Returns:
        Its record, the same object on every call.

    Raises:
        KeyError: for an id the schedule does not hold (as ``schedule[ident]``).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="a")]))
        >>> record(s, "a") == s["a"], record(s, "a") is record(s, "a")
        (True, True)
    """
    kept: dict[str, ActivitySchedule] = shared(schedule, "some-records", dict)
    found = kept.get(ident)
    if found is None:
        found = kept[ident] = schedule[ident]
    return found


@attrs.frozen(eq=False)
class Columns:
    """A schedule's figures per activity as plain sequences, by position (``index`` gives the position of an id).

    Reading one figure of many activities from these costs a look-up each, not a record each.
    """

    index: Mapping[str, int]
    """activity id -> position"""
    progress: tuple[Progress, ...]
    total_float: tuple[int, ...]
    """working days"""
    finish: tuple[int, ...]
    """forecast finish, day ordinals"""


def columns(schedule: Schedule) -> Columns:
    """The schedule's `Columns` (built once per schedule, from its arrays: no record is built).

    Args:
        schedule: a computed schedule.

    Returns:
        The columns, the same object on every call.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="a", duration=Duration(3))]))
        >>> c = columns(s)
        >>> c.index["a"], c.progress[0].value, dt.date.fromordinal(c.finish[0]) == s["a"].finish
        (0, 'not-started', True)
    """
    def compute() -> Columns:
        numbers, dates = schedule._numbers, schedule._dates  # the schedule's own arrays
        return Columns(index=schedule._index, progress=schedule._progress,
                       total_float=tuple(numbers[2].tolist()), finish=tuple(dates[1].tolist()))
    return shared(schedule, "columns", compute)


def scopes(schedule: Schedule) -> Mapping[str, tuple[str, ...]]:
    """Every assignment's scope, `Portfolio.assignment_scopes <portfolio.model.Portfolio.assignment_scopes>`, as the
    schedule computed it for its roll-ups (computed once per portfolio's network, not again per analysis).

    Args:
        schedule: a computed schedule.

    Returns:
        The activity ids of each assignment, in file order.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.scheduling import schedule
        >>> p = load("examples/logius").portfolio
        >>> dict(scopes(schedule(p))) == dict(p.assignment_scopes())
        True
    """
    return schedule._groups()["assignment"]  # the groups its roll-ups are made of
