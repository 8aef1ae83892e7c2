"""Waves: the cutovers of a schedule grouped into windows, with their services, team load and risks.

Examples:
    >>> from portfolio.model import Activity, ActivityKind, Portfolio, PortfolioSettings, Service
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               services=[Service(id="a", name="A"), Service(id="b", name="B", depends_on=["a"])],
    ...               activities=[Activity(id="a.cutover", service="a", kind=ActivityKind.CUTOVER),
    ...                           Activity(id="b.cutover", service="b", kind=ActivityKind.CUTOVER)])
    >>> [(w.number, w.services, w.risks) for w in waves(p, Capacity(), schedule(p))]
    [(1, ('a', 'b'), 0)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from portfolio.capacity._day import counted_day, month_number
from portfolio.capacity._load import _usage
from portfolio.capacity._model import Capacity
from portfolio.model import ActivityKind, Portfolio
from portfolio.scheduling import Schedule

__all__ = ["Wave", "waves"]


@attrs.frozen(kw_only=True)
class Wave:
    """One wave: the cutovers in one window."""

    number: int
    start: dt.date
    """the window's first day"""
    finish: dt.date
    """the window's last day"""
    services: tuple[str, ...]
    cutovers: tuple[str, ...]
    """activity ids"""
    load: tuple[tuple[str, float, float], ...]
    """(team, FTE-days planned, FTE-days available) in the window"""
    late_dependencies: tuple[tuple[str, str, int], ...]
    """(service, dependency, its later wave), no bridge"""
    overloaded: tuple[str, ...]
    """teams planned beyond their FTE-days in the window"""

    @property
    def risks(self) -> int:
        """How many risks the wave has (late dependencies and overloaded teams)."""
        return len(self.late_dependencies) + len(self.overloaded)


def _window(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    index = month_number(day) // months * months
    start = dt.date(index // 12, index % 12 + 1, 1)
    after = index + months
    return start, dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)


def waves(portfolio: Portfolio, capacity: Capacity, plan: Schedule, *, months: int = 1,
          bridges: Iterable[tuple[str, str]] = ()) -> tuple[Wave, ...]:
    """Group the cutovers of ``plan`` into waves of ``months`` calendar months each.

    A service whose cutover lands in an earlier wave than that of a service it
    depends on (``depends_on``) is a risk, unless ``(service, dependency)`` is in
    ``bridges`` (a documented bridge lets the old and new run side by side).

    Args:
        portfolio: the portfolio ``plan`` schedules.
        capacity: the capacity (for the team load per wave).
        plan: the schedule (the levelled one, usually).
        months: the length of a window.
        bridges: (service, dependency) pairs with a documented bridge.

    Returns:
        The waves, in order, numbered from 1.

    Examples:
        >>> from portfolio.scheduling import schedule
        >>> waves(Portfolio(), Capacity(), schedule(Portfolio()))
        ()
    """
    bridged = set(bridges)
    cutovers = sorted((counted_day(plan[a.id]), a.id, a.service or a.id) for a in portfolio.activities.values()
                      if a.kind is ActivityKind.CUTOVER and a.id in plan)
    groups: dict[tuple[dt.date, dt.date], list[tuple[str, str]]] = {}
    for day, aid, service in cutovers:
        groups.setdefault(_window(day, months), []).append((aid, service))
    wave_of = {service: n for n, members in enumerate(groups.values(), 1) for _, service in members}
    prof, used = _usage(portfolio, capacity, plan)
    found = []
    for n, ((start, finish), members) in enumerate(groups.items(), 1):
        lo, hi = prof.cal.index(start), prof.cal.finish_index(finish)
        load = tuple((t.id, float(used[prof.team_row[t.id], lo:hi].sum()),
                      float(prof.free[prof.team_row[t.id], lo:hi].sum())) for t in capacity.teams)
        late = [(service, dep, wave_of[dep]) for _, service in members
                for dep in (portfolio.services[service].depends_on if service in portfolio.services else ())
                if wave_of.get(dep, 0) > n and (service, dep) not in bridged]
        found.append(Wave(number=n, start=start, finish=finish, services=tuple(dict.fromkeys(s for _, s in members)),
                          cutovers=tuple(a for a, _ in members), load=load,
                          late_dependencies=tuple(dict.fromkeys(late)),
                          overloaded=tuple(team for team, planned, have in load if planned > have)))
    return tuple(found)
