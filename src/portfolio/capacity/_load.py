"""The load a schedule puts on the teams and platforms, against their capacity.

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
    >>> from portfolio.capacity import Capacity, Demand, Team
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))])
    >>> cap = Capacity(teams=[Team(id="t", size=2)], demand=[Demand(activities="*", team="t", amount=2)])
    >>> [(o.subject, o.month, o.peak, o.limit) for o in overloads(p, cap, schedule(p))]
    [('t', '2024-01', 4.0, 2.0)]
    >>> load_table(p, cap, schedule(p))[0]
    ('t', '2024-01', 20.0, 46.0)
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from portfolio.calendar import resolve
from portfolio.capacity._day import counted_day, month_number
from portfolio.capacity._level import _Profiles, cutover_platform
from portfolio.capacity._model import Capacity
from portfolio.model import ActivityKind, Portfolio
from portfolio.scheduling import Schedule

__all__ = ["Overload", "load_table", "overloads"]


@attrs.frozen(kw_only=True)
class Overload:
    """A month in which a team's daily load or a platform's cutovers exceed capacity (beyond the tolerance)."""

    kind: str
    """"team" or "platform\""""
    subject: str
    """the team's or platform's id"""
    month: str
    """YYYY-MM"""
    peak: float
    """the largest daily FTE (team) or the cutovers (platform)"""
    limit: float
    """the team's size that day, or the platform's cutovers per month"""


def _month_text(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def _usage(portfolio: Portfolio, capacity: Capacity, plan: Schedule) -> tuple[_Profiles, np.ndarray]:
    """The capacity profiles and the FTE used per team and working day by ``plan``."""
    cal = resolve(portfolio.settings.calendar, portfolio.calendars)
    prof = _Profiles(portfolio, capacity, cal)
    used = np.zeros_like(prof.free)
    records = [r for r in plan if r.id in portfolio.activities]
    table = capacity.demand_table(portfolio.activities[r.id] for r in records)
    for r, demands in zip(records, table, strict=True):
        act = portfolio.activities[r.id]
        if act.kind is ActivityKind.CUTOVER:
            platform = cutover_platform(portfolio, act)
            if platform in prof.limits:
                key = (platform or "", month_number(counted_day(r)))
                prof.slots[key] = prof.slots.get(key, 0) + 1
        if r.milestone:
            continue
        lo, hi = cal.index(r.start), cal.finish_index(r.finish)
        for d in demands:
            if d.team in prof.team_row:
                used[prof.team_row[d.team], lo:hi] += d.amount
    return prof, used


def overloads(portfolio: Portfolio, capacity: Capacity, plan: Schedule, *,
              tolerance: float | None = None, since: dt.date | None = None) -> tuple[Overload, ...]:
    """Every month in which ``plan`` overloads a team or a platform beyond the tolerance.

    Args:
        portfolio: the portfolio ``plan`` schedules.
        capacity: the capacity.
        plan: a schedule (the CPM one or a levelled one).
        tolerance: the overload accepted, a fraction (default: the capacity's own).
        since: only days (and months) from this date on; work done is past fixing.

    Returns:
        Teams first (in their order), then platforms, each by month.

    Examples:
        >>> from portfolio.scheduling import schedule
        >>> overloads(Portfolio(), Capacity(), schedule(Portfolio()))
        ()
    """
    tol = capacity.tolerance if tolerance is None else tolerance
    prof, used = _usage(portfolio, capacity, plan)
    first = prof.cal.index(since) if since else 0
    found = []
    for team in capacity.teams:
        row = prof.team_row[team.id]
        over = np.flatnonzero(used[row, first:] > prof.free[row, first:] * (1 + tol) + 1e-9) + first
        for month in dict.fromkeys(prof.month[over].tolist()):
            days = over[prof.month[over] == month]
            worst = days[np.argmax(used[row, days] - prof.free[row, days])]
            found.append(Overload(kind="team", subject=team.id, month=_month_text(month),
                                  peak=float(used[row, worst]), limit=float(prof.free[row, worst])))
    for (platform, month), count in sorted(prof.slots.items()):
        if month >= prof.month[first] and count > prof.limits[platform] * (1 + tol):
            found.append(Overload(kind="platform", subject=platform, month=_month_text(month), peak=float(count),
                                  limit=float(prof.limits[platform])))
    return tuple(found)


def load_table(portfolio: Portfolio, capacity: Capacity, plan: Schedule) -> list[tuple[str, str, float, float]]:
    """The load per team per month against capacity, in FTE-days: (team, YYYY-MM, load, capacity).

    The months from the first to the last with any load are listed, whole.

    Args:
        portfolio: the portfolio ``plan`` schedules.
        capacity: the capacity.
        plan: a schedule.

    Returns:
        One row per team and month.

    Examples:
        >>> from portfolio.scheduling import schedule
        >>> load_table(Portfolio(), Capacity(), schedule(Portfolio()))
        []
    """
    prof, used = _usage(portfolio, capacity, plan)
    busy = np.flatnonzero(used.sum(axis=0) > 0)
    if not busy.size:
        return []
    first, last = prof.month[busy[0]], prof.month[busy[-1]]
    lo, hi = np.searchsorted(prof.month, [first, last + 1])
    months = prof.month[lo:hi]
    rows = []
    for team in capacity.teams:
        row = prof.team_row[team.id]
        for month in dict.fromkeys(months.tolist()):
            sel = months == month
            rows.append((team.id, _month_text(month), float(used[row, lo:hi][sel].sum()),
                         float(prof.free[row, lo:hi][sel].sum())))
    return rows


def exit_dates(portfolio: Portfolio, plan: Schedule) -> dict[str, dt.date]:
    """The finish of each legacy platform's exit milestone in ``plan`` (when EASI can be switched off).

    Args:
        portfolio: the portfolio.
        plan: a schedule of it.

    Returns:
        Platform id -> the exit milestone's finish.

    Examples:
        >>> from portfolio.scheduling import schedule
        >>> exit_dates(Portfolio(), schedule(Portfolio()))
        {}
    """
    return {p.id: plan[p.exit].finish for p in portfolio.platforms.values() if p.exit and p.exit in plan}
