"""The capacity records: teams, platform onboarding limits, blackouts and demand.

They are read from the ``capacity:`` section ([`portfolio.capacity.read_capacity`][portfolio.capacity.read_capacity])
or built in Python, and are kept apart from the [`Portfolio`][portfolio.model.Portfolio]:
the same portfolio can be levelled against several capacity scenarios.

Examples:
    >>> team = Team(id="migratie", size=4.0, periods=((dt.date(2027, 1, 1), 6.0),))
    >>> team.size_on(dt.date(2026, 6, 1)), team.size_on(dt.date(2027, 3, 1)), team.largest
    (4.0, 6.0, 6.0)
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable
from typing import Any

import attrs

from portfolio.model import Activity, Source

__all__ = ["Blackout", "Capacity", "Demand", "Pin", "PlatformLimit", "Team"]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Team:
    """A migration team (or skill) with a size in FTE, changing from given dates on."""

    id: str
    name: str = ""
    size: float
    periods: tuple[tuple[dt.date, float], ...] = attrs.field(default=(), converter=_tuple)
    """(from, size)"""
    source: Source | None = None

    def size_on(self, day: dt.date) -> float:
        """The team's size on ``day``: the last period that began on or before it, else ``size``.

        Args:
            day: the day asked about.

        Returns:
            The size in FTE.

        Examples:
            >>> Team(id="t", size=2.0).size_on(dt.date(2030, 1, 1))
            2.0
        """
        size = self.size
        for start, value in sorted(self.periods):
            if start <= day:
                size = value
        return size

    @property
    def largest(self) -> float:
        """The largest size the team ever has."""
        return max([self.size, *(value for _, value in self.periods)])


@attrs.frozen(kw_only=True)
class PlatformLimit:
    """How many cutovers a landing platform can take on per calendar month."""

    platform: str
    per_month: int
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Blackout:
    """Days (inclusive) on which no cutover may take place."""

    id: str
    start: dt.date
    finish: dt.date
    reason: str = ""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Demand:
    """What the activities matching ``activities`` (an id or a glob such as ``digipoort.*``) need."""

    activities: str
    team: str
    amount: float
    """FTE for every working day of the activity"""
    source: Source | None = None

    def matches(self, activity: Activity) -> bool:
        """True when this demand applies to ``activity``.

        Args:
            activity: the activity.

        Returns:
            Whether its id matches the pattern.

        Examples:
            >>> Demand(activities="digipoort.*", team="t", amount=1).matches(Activity(id="digipoort.build"))
            True
        """
        return fnmatch.fnmatchcase(activity.id, self.activities)


@attrs.frozen(kw_only=True)
class Pin:
    """A service pinned to a wave: none of its cutovers starts before ``start`` (the wave's first day)."""

    service: str
    start: dt.date
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Capacity:
    """All the capacity a portfolio is levelled against.

    ``tolerance`` is the overload (a fraction: 0.1 is 10 %) the ``capacity-overload``
    rule accepts before it fails ``check``.
    """

    teams: tuple[Team, ...] = attrs.field(default=(), converter=_tuple)
    platforms: tuple[PlatformLimit, ...] = attrs.field(default=(), converter=_tuple)
    blackouts: tuple[Blackout, ...] = attrs.field(default=(), converter=_tuple)
    demand: tuple[Demand, ...] = attrs.field(default=(), converter=_tuple)
    tolerance: float = 0.0
    pins: tuple[Pin, ...] = attrs.field(default=(), converter=_tuple)

    def team(self, id: str) -> Team | None:
        """The team called ``id``, or None.

        Args:
            id: the team's id.

        Returns:
            The team, or None when there is none of that id.

        Examples:
            >>> Capacity(teams=[Team(id="a", size=1)]).team("a").size
            1
        """
        return next((t for t in self.teams if t.id == id), None)

    def demand_of(self, activity: Activity) -> tuple[Demand, ...]:
        """The demands that apply to ``activity`` (the first per team wins).

        Args:
            activity: the activity.

        Returns:
            At most one demand per team.

        Examples:
            >>> c = Capacity(demand=[Demand(activities="a*", team="t", amount=2),
            ...                      Demand(activities="*", team="t", amount=1)])
            >>> [d.amount for d in c.demand_of(Activity(id="ab"))]
            [2]
        """
        return self.demand_table([activity])[0]

    def demand_table(self, activities: Iterable[Activity]) -> list[tuple[Demand, ...]]:
        """`demand_of` for many activities at once (exact ids looked up, only patterns matched).

        Args:
            activities: the activities.

        Returns:
            Their demands, in the same order.

        Examples:
            >>> c = Capacity(demand=[Demand(activities="a", team="t", amount=2)])
            >>> [len(d) for d in c.demand_table([Activity(id="a"), Activity(id="b")])]
            [1, 0]
        """
        exact: dict[str, list[tuple[int, Demand]]] = {}
        patterns: list[tuple[int, Demand]] = []
        for k, d in enumerate(self.demand):
            if any(c in d.activities for c in "*?["):
                patterns.append((k, d))
            else:
                exact.setdefault(d.activities, []).append((k, d))
        table = []
        for activity in activities:
            found: dict[str, Demand] = {}
            found_exact = exact.get(activity.id, [])
            matched = [(k, d) for k, d in patterns if d.matches(activity)]
            for _, d in sorted(found_exact + matched, key=lambda item: item[0]) if matched else found_exact:
                found.setdefault(d.team, d)
            table.append(tuple(found.values()))
        return table
