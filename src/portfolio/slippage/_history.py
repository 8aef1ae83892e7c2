"""History across status updates: milestone forecasts per status date, their changes, windows (private)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from portfolio import _display, _frames
from portfolio.model import Baseline, Portfolio, StatusUpdate
from portfolio.scheduling import Schedule, schedule
from portfolio.slippage._attribution import Attribution, attribute_window
from portfolio.slippage._common import Calendars
from portfolio.slippage._index import rollups as shared_rollups

if TYPE_CHECKING:
    import pandas as pd


@attrs.frozen(kw_only=True)
class TrendPoint:
    """A milestone's forecast finish as of one status date, and its change since the previous one."""

    status_date: dt.date
    forecast: dt.date
    finished: bool
    change: int | None
    """working days since the previous status update (None for the first)"""
    change_days: int | None
    """calendar days since the previous status update"""


@attrs.frozen(kw_only=True)
class MilestoneTrend:
    """One milestone across the status updates: one line of the milestone trend analysis (MTA)."""

    id: str
    name: str
    baseline_finish: dt.date | None
    """in the history's baseline, when it holds the milestone"""
    points: tuple[TrendPoint, ...]


@attrs.frozen(kw_only=True, eq=False)
class History:
    """The portfolio scheduled as of each status update, and the key milestones' trends.

    ``windows[milestone]`` holds one [`Attribution`][portfolio.slippage.Attribution]
    per pair of consecutive status updates: why it moved in that window.
    """

    status_dates: tuple[dt.date, ...]
    schedules: tuple[Schedule, ...]
    milestones: tuple[MilestoneTrend, ...]
    windows: Mapping[str, tuple[Attribution, ...]]
    migrations: tuple[MilestoneTrend, ...] = ()
    """each migration's finish (its last activity) per status date, in working days of the default calendar"""

    def __getitem__(self, id: str) -> MilestoneTrend:
        for trend in self.milestones:
            if trend.id == id:
                return trend
        raise KeyError(f"milestone {id!r} is not in the history")

    def table(self) -> tuple[tuple[dt.date, tuple[dt.date, ...]], ...]:
        """The MTA table: per status date, the forecast of each milestone (in ``milestones`` order)."""
        return tuple((day, tuple(t.points[i].forecast for t in self.milestones))
                     for i, day in enumerate(self.status_dates))

    def __repr__(self) -> str:
        first = self.status_dates[0].isoformat() if self.status_dates else "-"
        last = self.status_dates[-1].isoformat() if self.status_dates else "-"
        return f"<History {len(self.status_dates)} status updates {first}..{last}, {len(self.milestones)} milestones>"

    def _repr_html_(self) -> str:
        """The MTA table: one row per milestone, its baseline and its forecast per status date.

        A forecast later than the one before is amber, an earlier one green;
        the last status dates are shown when there are many.
        """
        dates = self.status_dates[-8:]
        skip = len(self.status_dates) - len(dates)

        def cell(point: TrendPoint) -> _display.Cell:
            colour = None
            if point.change_days:
                colour = _display.RAG_COLOURS["amber" if point.change_days > 0 else "green"]
            return _display.Cell(point.forecast, colour)

        rows = ([t.id, t.baseline_finish, *(cell(p) for p in t.points[skip:])] for t in self.milestones)
        return _display.block(
            "Milestone trend", _display.facts([("status updates", len(self.status_dates)),
                                               ("milestones", len(self.milestones))]),
            _display.table(["milestone", "baseline", *(d.isoformat() for d in dates)], rows))

    def to_pandas(self) -> pd.DataFrame:
        """The trend in long form: one row per milestone and status date (needs pandas).

        ``forecast``, ``status_date`` and ``baseline_finish`` are
        ``datetime64[ns]``; ``change`` and ``change_days`` (since the previous
        status update) nullable ``Int64``. ``df.pivot(index="status_date",
        columns="milestone", values="forecast")`` is the MTA table.
        """
        rows = [(t, p) for t in self.milestones for p in t.points]
        return _frames.frame([
            ("milestone", "str", [t.id for t, _ in rows]), ("name", "str", [t.name for t, _ in rows]),
            ("status_date", "date", [p.status_date for _, p in rows]),
            ("forecast", "date", [p.forecast for _, p in rows]),
            ("baseline_finish", "date", [t.baseline_finish for t, _ in rows]),
            ("finished", "bool", [p.finished for _, p in rows]),
            ("change", "Int64", [p.change for _, p in rows]),
            ("change_days", "Int64", [p.change_days for _, p in rows]),
        ])


def key_milestones(portfolio: Portfolio) -> tuple[str, ...]:
    """The milestones the reports follow: the portfolio's key milestones, else every assignment's.

    Examples:
        >>> from portfolio.model import Activity, Portfolio, PortfolioSettings
        >>> key_milestones(Portfolio(settings=PortfolioSettings(key_milestones=("easi.exit",)),
        ...                          activities=[Activity(id="easi.exit")]))
        ('easi.exit',)
    """
    if portfolio.settings.key_milestones:
        found = portfolio.settings.key_milestones
    else:
        found = tuple(dict.fromkeys(m for a in portfolio.assignments.values() for m in a.key_milestones))
    return tuple(m for m in found if m in portfolio.activities)


def history(portfolio: Portfolio, milestones: Iterable[str] | None = None, *,
            until: dt.date | None = None, baseline: Baseline | None = None) -> History:
    """Schedule the portfolio as of each status update (up to ``until``) and follow ``milestones``.

    ``milestones`` defaults to `key_milestones`; an unknown id raises KeyError.
    The trends' ``baseline_finish`` comes from ``baseline``; by default the
    baseline in force on the last status update included
    ([`baseline_as_of`][portfolio.model.Portfolio.baseline_as_of]), so a re-plan
    captured later does not show in an earlier period's history.

    Examples:
        >>> from portfolio.model import (Activity, ActivityProgress, Duration, Portfolio, PortfolioSettings,
        ...                              Relation, StatusUpdate)
        >>> day = dt.date
        >>> p = Portfolio(settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
        ...               relations=[Relation(predecessor="build", successor="live")],
        ...               status_updates=[StatusUpdate(date=day(2024, 1, 12), progress={"build": ActivityProgress(
        ...                                   activity="build", actual_start=day(2024, 1, 8), remaining=Duration(6))}),
        ...                               StatusUpdate(date=day(2024, 1, 19), progress={"build": ActivityProgress(
        ...                                   activity="build", actual_start=day(2024, 1, 8), remaining=Duration(4))})])
        >>> h = history(p, ["live"])
        >>> [(str(pt.status_date), str(pt.forecast), pt.change) for pt in h["live"].points]
        [('2024-01-12', '2024-01-22', None), ('2024-01-19', '2024-01-25', 3)]
    """
    updates, schedules, cals, baseline, trends = _trend_parts(portfolio, milestones, until, baseline)
    windows = {t.id: tuple(attribute_window(portfolio, before, after, t.id)
                           for before, after in itertools.pairwise(schedules)) for t in trends}
    return History(status_dates=tuple(u.date for u in updates), schedules=schedules, milestones=trends,
                   windows=MappingProxyType(windows), migrations=_migration_trends(portfolio, updates, schedules, cals, baseline))


def milestone_trends(portfolio: Portfolio, milestones: Iterable[str] | None = None, *,
                     until: dt.date | None = None, baseline: Baseline | None = None) -> tuple[MilestoneTrend, ...]:
    """``history(...).milestones`` alone: the trends, without the windows analysis or the migrations' trends.

    The monthly report shows only the trends; the windows (an attribution per
    milestone per pair of status updates) and the migrations' finishes were
    computed for it and dropped.

    Args:
        portfolio: the portfolio.
        milestones: as for `history`.
        until: as for `history`.
        baseline: as for `history`.

    Returns:
        The same trends as `history`'s ``milestones``.

    Raises:
        KeyError: an unknown milestone (as `history`).

    Examples:
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> milestone_trends(p, until=dt.date(2023, 8, 31)) == history(p, until=dt.date(2023, 8, 31)).milestones
        True
    """
    return _trend_parts(portfolio, milestones, until, baseline)[4]


def _trend_parts(portfolio: Portfolio, milestones: Iterable[str] | None, until: dt.date | None,
                 baseline: Baseline | None) -> tuple[list[StatusUpdate], tuple[Schedule, ...], Calendars,
                                                     Baseline | None, tuple[MilestoneTrend, ...]]:
    """The status updates, their schedules, the calendars, the baseline and the milestones' trends."""
    wanted = tuple(key_milestones(portfolio) if milestones is None else milestones)
    for m in wanted:
        if m not in portfolio.activities:
            from portfolio.diagnostics import closest  # noqa: PLC0415 - only for the error message

            hint = closest(m, portfolio.activities)
            raise KeyError(f"no activity {m!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    updates = [u for u in portfolio.status_updates if until is None or u.date <= until]
    schedules = tuple(schedule(portfolio, status_date=u.date) for u in updates)
    cals = Calendars(portfolio)
    if baseline is None:
        baseline = portfolio.baseline_as_of(updates[-1].date if updates else until)
    trends = []
    for m in wanted:
        points: list[TrendPoint] = []
        prev: dt.date | None = None
        for update, computed in zip(updates, schedules, strict=True):
            rec = computed[m]
            change: int | None = None
            change_days: int | None = None
            if prev is not None:
                change = cals.finish(rec.calendar, rec.finish) - cals.finish(rec.calendar, prev)
                change_days = (rec.finish - prev).days
            points.append(TrendPoint(status_date=update.date, forecast=rec.finish, finished=rec.finished,
                                     change=change, change_days=change_days))
            prev = rec.finish
        entry = baseline.entries.get(m) if baseline is not None else None
        trends.append(MilestoneTrend(id=m, name=portfolio.activities[m].name,
                                     baseline_finish=entry.finish if entry is not None else None,
                                     points=tuple(points)))
    return updates, schedules, cals, baseline, tuple(trends)


def _migration_trends(portfolio: Portfolio, updates: list[StatusUpdate], schedules: tuple[Schedule, ...],
                      cals: Calendars, baseline: Baseline | None) -> tuple[MilestoneTrend, ...]:
    """The finish of every migration (its activities rolled up) per status update."""
    rollups = [shared_rollups(computed, "migration") for computed in schedules]
    trends = []
    for key, migration in portfolio.migrations.items():
        if not rollups or key not in rollups[0]:
            continue
        points: list[TrendPoint] = []
        prev: dt.date | None = None
        for update, roll, computed in zip(updates, rollups, schedules, strict=True):
            finish = roll[key].finish
            points.append(TrendPoint(
                status_date=update.date, forecast=finish,
                finished=all(computed[a].finished for a in roll[key].activities),
                change=None if prev is None else cals.finish(None, finish) - cals.finish(None, prev),
                change_days=None if prev is None else (finish - prev).days))
            prev = finish
        planned = [baseline.entries[a].finish for a in rollups[0][key].activities
                   if baseline is not None and a in baseline.entries]
        trends.append(MilestoneTrend(id=key, name=migration.name or key,
                                     baseline_finish=max(planned) if planned else None, points=tuple(points)))
    return tuple(trends)
