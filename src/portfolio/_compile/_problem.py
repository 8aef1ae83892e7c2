"""The core's problem for a portfolio at a status date: the one entry to the compiled network.

`question` settles what a status date means for a portfolio (the
status update in force, the project start, the diagnostics about the date),
`problem` turns it into a `Problem`: the compiled network (kept
per portfolio), the progress at that date, the core's input arrays and the
core's topology (kept per network and set of finished work). Both
[`portfolio.scheduling.schedule`][portfolio.scheduling.schedule] and analyses that solve the same
network many times (a schedule-risk simulation) start here;
`Problem.with_durations` swaps the duration array without compiling
again.

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(3))],
    ...               relations=[Relation(predecessor="a", successor="b")])
    >>> base = problem(p)
    >>> start = base.network.start_index[0]  # the project start, as a working-day index of the calendar
    >>> int(base.solve().finish - start), int(base.with_durations(np.array([7, 3])).solve().finish - start)
    (8, 10)
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _cpm
from portfolio._compile._cache import compiled
from portfolio._compile._network import BoolArray, IntArray, Network, outside_horizon
from portfolio._compile._situate import Situation, situate
from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST
from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Portfolio, StatusUpdate

__all__ = ["FALLBACK_START", "Problem", "Question", "anchor", "problem", "question"]

FALLBACK_START = dt.date(2000, 1, 3)
"""Fallback project start when the portfolio holds no date at all."""


def anchor(portfolio: Portfolio, status_date: dt.date | None) -> dt.date:
    """The project start: the settings' start, else the earliest date the portfolio gives.

    Examples:
        >>> anchor(Portfolio(), dt.date(2024, 3, 1))
        datetime.date(2024, 3, 1)
    """
    if portfolio.settings.start is not None:
        return portfolio.settings.start
    days: list[dt.date] = []
    for act in portfolio.activities.values():
        if act.constraint is not None:
            days.append(act.constraint.date)
    for update in portfolio.status_updates:
        days.extend(p.actual_start for p in update.progress.values() if p.actual_start is not None)
    baseline = portfolio.current_baseline
    if baseline is not None:
        days.extend(e.start for e in baseline.entries.values())
    if status_date is not None:
        days.append(status_date)
    days = [d for d in days if HORIZON_FIRST <= d <= HORIZON_LAST]
    return min(days) if days else FALLBACK_START


@attrs.frozen
class Question:
    """What ``status_date`` means for a portfolio (see `question`)."""

    update: StatusUpdate | None
    """the status update in force"""
    status_date: dt.date | None
    """as resolved: the update's date when none was asked; None outside the horizon"""
    start_day: dt.date
    """the project start"""
    diagnostics: tuple[Diagnostic, ...]
    """about the status date (before the start, outside the horizon)"""


def question(portfolio: Portfolio, status_date: dt.date | None = None) -> Question:
    """The status update in force on ``status_date`` (None: the latest, and its date), the start, the diagnostics.

    A ``status_date`` that is not a day (a ``datetime``, a string) is a programming error: a ``TypeError``
    that says what to give.

    Examples:
        >>> question(Portfolio(), dt.date(2300, 1, 1)).diagnostics[0].code
        'constraint-unsatisfiable'
        >>> question(Portfolio(), "2024-01-15")
        Traceback (most recent call last):
        ...
        TypeError: status_date must be a datetime.date, not str ('2024-01-15'); give the day, e.g. datetime.date(2024, 1, 15)
    """
    if status_date is not None and (isinstance(status_date, dt.datetime) or not isinstance(status_date, dt.date)):
        kind = type(status_date)
        name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        raise TypeError(f"status_date must be a datetime.date, not {name} ({status_date!r:.40}); give "
                        "the day, e.g. datetime.date(2024, 1, 15)"
                        + (" (a datetime's .date())" if isinstance(status_date, dt.datetime) else ""))
    settings = portfolio.settings
    update = portfolio.status_update(status_date)
    if status_date is None and update is not None:
        status_date = update.date
    start_day = anchor(portfolio, status_date)
    found: list[Diagnostic] = []
    if status_date is not None and status_date < start_day:
        found.append(diagnostic(
            "status-before-start",
            f"status date {status_date.isoformat()} is before the project start {start_day.isoformat()}",
            source=(update.source if update is not None else None) or settings.source,
            hint="correct the status date or the portfolio's 'start'"))
    if status_date is not None and (outside := outside_horizon(status_date, "status date", "status",
                                                               None)) is not None:
        found.append(outside)
        status_date = None
    return Question(update=update, status_date=status_date, start_day=start_day, diagnostics=tuple(found))


@attrs.frozen(eq=False)
class Problem:
    """The compiled network of a portfolio at a status date, as the core solves it.

    ``network`` is shared by every problem of the portfolio (compiled once),
    ``shape`` by every problem with the same finished work; ``situation`` and
    ``core`` are this status date's.
    """

    network: Network
    situation: Situation
    core: _cpm.Network
    shape: _cpm.Topology
    update: StatusUpdate | None
    """the progress applied"""
    status_date: dt.date | None
    lag_from_actual_start: bool

    def solve(self) -> _cpm.Result:
        """The core's forward and backward pass on this problem.

        Boundaries are working-day indices of each activity's calendar
        ([`index`][portfolio.calendar.Calendar.index]; ``network.row`` gives
        the calendar); the present stage turns them into dates.
        """
        return _cpm.solve(self.core, start=0, shape=self.shape)

    def with_durations(self, duration: npt.ArrayLike) -> Problem:
        """This problem with other durations: working days per activity, in file order (negative ones as 0).

        Nothing is compiled again and the topology is shared: only the
        progress is applied anew (remaining work follows from the new
        durations, as do the floors of FNET and MFO dates and the caps of
        MSO dates); finished work keeps its actual span, and milestones stay
        milestones. Raises ValueError when there is not one duration per activity.

        Examples:
            >>> from portfolio.model import Activity, Portfolio, PortfolioSettings
            >>> p = problem(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
            ...                       activities=[Activity(id="a")]))
            >>> result = p.with_durations([4]).solve()
            >>> (result.ef - result.es).tolist()
            [4]
        """
        days = np.maximum(np.asarray(duration, dtype=np.int64), 0)
        if days.shape != (self.network.n,):
            raise ValueError(f"expected {self.network.n} durations, got shape {days.shape}")
        days.setflags(write=False)
        net = attrs.evolve(self.network, duration=days, results={})
        return _assemble(net, situate(net, self.update, self.status_date), self.update, self.status_date,
                         self.lag_from_actual_start, shape=self.shape)


def problem(portfolio: Portfolio, status_date: dt.date | None = None, *, asked: Question | None = None) -> Problem:
    """The problem of ``portfolio`` at ``status_date``, as [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule] solves it.

    ``asked``: the `question` already settled for this status date.
    """
    asked = asked if asked is not None else question(portfolio, status_date)
    net = compiled(portfolio, asked.start_day)
    sit = situate(net, asked.update, asked.status_date)
    return _assemble(net, sit, asked.update, asked.status_date, portfolio.settings.lag_from_actual_start)


def _assemble(net: Network, sit: Situation, update: StatusUpdate | None, status_date: dt.date | None,
              lag_from_actual_start: bool, *, shape: _cpm.Topology | None = None) -> Problem:
    """The core's input from the network and the progress (the topology looked up unless given)."""
    conversion = None
    if len(net.calendars) > 1 or sit.elapsed.any() or net.elapsed_lag.any():
        conversion = _conversion(net, sit.elapsed)
    # SS/SF lags of work in progress: from its actual start (MS Project) or its remaining work (P6, default)
    origin = np.where((sit.actual_start >= 0) & ~sit.done, sit.actual_start, -1) if lag_from_actual_start else None
    core = _cpm.Network(n=net.n, duration=sit.effective, floor=sit.floor, fixed=sit.fixed, cap_lf=sit.cap,
                        done=sit.done, pred=net.pred, succ=net.succ, rtype=net.rtype, lag=net.lag,
                        conversion=conversion, origin=origin)
    return Problem(network=net, situation=sit, core=core, shape=shape if shape is not None else net.shape(sit.done),
                   update=update, status_date=status_date, lag_from_actual_start=lag_from_actual_start)


def _conversion(net: Network, elapsed: BoolArray) -> _cpm.Conversion:
    """The stacked calendar tables the core needs for cross-calendar and elapsed-day arithmetic."""
    if not net.tables:
        cals = net.calendars
        width = max(c.size for c in cals) + 1
        early: IntArray = np.zeros((len(cals), width), dtype=np.int64)
        late: IntArray = np.zeros((len(cals), width), dtype=np.int64)
        for c, cal in enumerate(cals):
            work = cal.work
            early[c, 0] = work[0]
            early[c, 1:cal.size + 1] = work + 1
            early[c, cal.size + 1:] = work[-1] + 1
            late[c, :cal.size] = work
            late[c, cal.size:] = work[-1] + 1
        for table in (early, late):
            table.setflags(write=False)
        net.tables.update(early=early, late=late)
    return _cpm.Conversion(t0=HORIZON_FIRST.toordinal(), early=net.tables["early"], late=net.tables["late"],
                           before=net.before, cal=net.row, elapsed_lag=net.elapsed_lag, elapsed=elapsed)
