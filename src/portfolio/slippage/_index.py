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
from itertools import chain, repeat
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from portfolio.model import Portfolio
from portfolio.scheduling import ActivitySchedule, Progress, Rollup, Schedule

__all__ = ["FINISHED", "NOT_STARTED", "Columns", "by_id", "columns", "groups", "positions", "record", "records", "rollups", "shared"]

FINISHED: Final = list(Progress).index(Progress.FINISHED)
"""`Schedule.column("progress")`'s code of a finished activity"""
NOT_STARTED: Final = list(Progress).index(Progress.NOT_STARTED)
"""... and of one not started"""

T = TypeVar("T")
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
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
    """The record of one activity, built on the first ask and kept while the schedule lives (`by_id`'s when
    that is built).

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
        >>> by_id(s)["a"] is record(s, "a")
        True
    """
    every = _SHARED.get((id(schedule), "by-id"))
    if every is not None and every[0]() is schedule:  # all of them built already (the rules build them)
        return every[1][ident]  # type: ignore[no-any-return]
    kept: dict[str, ActivitySchedule] = shared(schedule, "some-records", dict)
    found = kept.get(ident)
    if found is None:
        found = kept[ident] = schedule[ident]
    return found


@attrs.frozen(eq=False)
class Columns:
    """A schedule's figures per activity as plain sequences and arrays, by position (``index`` gives the
    position of an id, `positions` those of a group's activities).

    Reading one figure of many activities from these costs a look-up each, or nothing (an array operation),
    never a record each.
    """

    index: Mapping[str, int]
    """activity id -> position"""
    progress: tuple[Progress, ...]
    total_float: tuple[int, ...]
    """working days"""
    finish: tuple[int, ...]
    """forecast finish, day ordinals"""
    finished: BoolArray
    started: BoolArray
    """in progress or finished"""
    milestone: BoolArray


def columns(schedule: Schedule) -> Columns:
    """The schedule's `Columns` (built once per schedule, from its arrays: no record is built).

    Args:
        schedule: a computed schedule.

    Returns:
        The columns, the same object on every call.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, Assignment, Duration, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="a", duration=Duration(3), service="x"),
        ...                                    Activity(id="m", service="x")],
        ...                        assignments=[Assignment(id="one", title="One", services=("x",))]))
        >>> c = columns(s)
        >>> c.index["m"], c.progress[0].value, dt.date.fromordinal(c.finish[0]) == s["a"].finish
        (1, 'not-started', True)
        >>> c.milestone.tolist(), positions(s, "assignment")["one"].tolist()
        ([False, True], [0, 1])
    """
    def compute() -> Columns:  # the schedule's columns (`Schedule.column`, as the rules read them), no record
        progress = schedule.column("progress")  # the place in `Progress`
        milestone = np.zeros(len(schedule), dtype=bool)
        acts = schedule._activities
        for i in np.flatnonzero(schedule.column("duration") == 0).tolist():  # a milestone has no duration
            milestone[i] = acts[i].is_milestone
        return Columns(index=schedule._index, progress=schedule._progress,
                       total_float=tuple(schedule.column("total_float").tolist()),
                       finish=tuple(schedule.column("finish").tolist()), finished=progress == FINISHED,
                       started=progress != NOT_STARTED, milestone=milestone)
    return shared(schedule, "columns", compute)


def positions(schedule: Schedule, level: str) -> Mapping[str, IntArray]:
    """The positions of each group's activities (`groups`), in file order (built once per schedule and level).

    Args:
        schedule: a computed schedule.
        level: ``assignment``, ``migration`` or ``service``.

    Returns:
        By group id, the positions of its activities in the schedule (every group `groups` lists).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...                        activities=[Activity(id="x.a", service="x"), Activity(id="y.a", service="y")]))
        >>> {k: v.tolist() for k, v in positions(s, "service").items()}
        {'x': [0], 'y': [1]}
    """
    return shared(schedule, f"positions-{level}", lambda: _positions(schedule._index, groups(schedule, level)))


def _positions(index: Mapping[str, int], groups: Mapping[str, tuple[str, ...]]) -> Mapping[str, IntArray]:
    """The positions of each group's members that ``index`` holds, in their order (one look-up per member)."""
    members = list(chain.from_iterable(groups.values()))
    found = np.fromiter(map(index.get, members, repeat(-1)), dtype=np.int64, count=len(members))
    cuts = np.cumsum(np.fromiter(map(len, groups.values()), dtype=np.int64, count=len(groups)))
    result = {}
    for key, part in zip(groups, np.split(found, cuts[:-1]) if len(groups) else (), strict=True):
        result[key] = part if (part >= 0).all() else part[part >= 0]
    return MappingProxyType(result)


def groups(schedule: Schedule, level: str) -> Mapping[str, tuple[str, ...]]:
    """The activity ids of each group of ``level``, as the schedule computed them for its roll-ups (once per
    network, not again per analysis); for ``assignment`` each assignment's scope,
    `Portfolio.assignment_scopes <portfolio.model.Portfolio.assignment_scopes>`.

    Args:
        schedule: a computed schedule.
        level: ``assignment``, ``migration`` or ``service``.

    Returns:
        The activity ids of each group, in file order.

    Raises:
        KeyError: for another level.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.scheduling import schedule
        >>> p = load("examples/logius").portfolio
        >>> dict(groups(schedule(p), "assignment")) == dict(p.assignment_scopes())
        True
    """
    return schedule._groups()[level]  # the groups its roll-ups are made of
