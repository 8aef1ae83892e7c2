"""Shared helpers of the slippage analyses: reference dates and calendars (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, builtin, resolve
from portfolio.diagnostics import closest
from portfolio.model import Baseline, Portfolio
from portfolio.scheduling import Schedule

Dates = Mapping[str, tuple[dt.date, dt.date]]
"""Planned (or earlier forecast) dates per activity id: (start, inclusive finish)."""


def baseline_dates(baseline: Baseline) -> Dates:
    """The planned dates of a baseline, per activity."""
    return {key: (entry.start, entry.finish) for key, entry in baseline.entries.items()}


class _ScheduleDates(Mapping[str, tuple[dt.date, dt.date]]):
    """A schedule's forecast dates, looked up on demand (an attribution touches only its path)."""

    def __init__(self, computed: Schedule) -> None:
        self._schedule = computed

    def __getitem__(self, id: str) -> tuple[dt.date, dt.date]:
        record = self._schedule[id]
        return record.start, record.finish

    def __contains__(self, id: object) -> bool:
        return id in self._schedule

    def __iter__(self) -> Iterator[str]:
        return iter(self._schedule.ids)

    def __len__(self) -> int:
        return len(self._schedule)


def schedule_dates(computed: Schedule) -> Dates:
    """The forecast dates of a schedule, per activity (a read-only view, computed on demand)."""
    return _ScheduleDates(computed)


def clamp(day: dt.date) -> dt.date:
    """A date moved into the calendar horizon (baseline dates can be anything the file says)."""
    return min(max(day, HORIZON_FIRST), HORIZON_LAST)


class Calendars:
    """Calendar objects by id, resolved once per analysis (an unknown id falls back as the scheduler does)."""

    def __init__(self, portfolio: Portfolio) -> None:
        self._portfolio = portfolio
        self._cache: dict[str, Calendar] = {}
        #: (calendar id, day) -> boundary; an analysis asks about the same few thousand days again and again
        self._starts: dict[tuple[str | None, dt.date], int] = {}
        self._finishes: dict[tuple[str | None, dt.date], int] = {}

    def __call__(self, id: str | None) -> Calendar:
        wanted = id or self._portfolio.settings.calendar
        cal = self._cache.get(wanted)
        if cal is None:
            try:
                cal = resolve(wanted, self._portfolio.calendars)
            except KeyError:
                cal = builtin("rijk")
            except CalendarError:
                cal = builtin("standard")
            self._cache[wanted] = cal
        return cal

    def start(self, id: str | None, day: dt.date) -> int:
        """Working-day boundary before ``day`` on calendar ``id``."""
        key = (id, day)
        found = self._starts.get(key)
        if found is None:
            found = self._starts[key] = self(id).index(clamp(day))
        return found

    def starts(self, ids: Sequence[str | None], days: Sequence[dt.date]) -> list[int]:
        """`start` of each (calendar id, day) pair, vectorised (a variance asks for every activity).

        Args:
            ids: the calendar of each day (None: the portfolio's).
            days: the days, as many as ``ids``.

        Returns:
            The working-day boundaries, in order.

        Examples:
            >>> from portfolio.model import PortfolioSettings
            >>> cals = Calendars(Portfolio(settings=PortfolioSettings(calendar="standard")))
            >>> days = [dt.date(2024, 1, 6), dt.date(2024, 1, 8)]
            >>> cals.starts([None, "standard"], days) == [cals.start(None, d) for d in days]
            True
        """
        return _boundaries(self, ids, days, 0)

    def finishes(self, ids: Sequence[str | None], days: Sequence[dt.date]) -> list[int]:
        """`finish` of each (calendar id, day) pair, vectorised.

        Args:
            ids: the calendar of each day (None: the portfolio's).
            days: the inclusive finishes, as many as ``ids``.

        Returns:
            The working-day boundaries, in order.

        Examples:
            >>> cals = Calendars(Portfolio())
            >>> days = [dt.date(1900, 1, 1), dt.date(2024, 1, 5), dt.date(2200, 1, 1)]
            >>> cals.finishes([None] * 3, days) == [cals.finish(None, d) for d in days]
            True
        """
        return _boundaries(self, ids, days, 1)

    def finish(self, id: str | None, day: dt.date) -> int:
        """Working-day boundary after ``day`` (an inclusive finish) on calendar ``id``."""
        key = (id, day)
        found = self._finishes.get(key)
        if found is None:
            found = self._finishes[key] = self(id).finish_index(clamp(day))
        return found


def _boundaries(cals: Calendars, ids: Sequence[str | None], days: Sequence[dt.date], after: int) -> list[int]:
    """`Calendars.start` (``after`` 0) or `Calendars.finish` (1) of many days, one numpy pass per calendar."""
    first, last = HORIZON_FIRST.toordinal(), HORIZON_LAST.toordinal()
    ordinals = np.clip(np.fromiter((d.toordinal() for d in days), dtype=np.int64, count=len(days)), first, last)
    found = np.empty(len(days), dtype=np.int64)
    groups: dict[str | None, list[int]] = {}
    for i, key in enumerate(ids):
        groups.setdefault(key, []).append(i)
    for key, rows in groups.items():
        where = np.asarray(rows, dtype=np.int64)
        found[where] = cals(key).indices(ordinals[where] + after)
    return found.tolist()


def select_baseline(portfolio: Portfolio, name: str | None = None, *, as_of: dt.date | None = None) -> Baseline:
    """The baseline called ``name``, or when ``name`` is None the one in force on ``as_of``.

    Without ``as_of`` that is the current baseline; with it, a re-plan captured
    after ``as_of`` gives way to the baseline it replaced
    ([`baseline_as_of`][portfolio.model.Portfolio.baseline_as_of]).

    Raises `LookupError` when the portfolio holds no baseline, and
    `KeyError` (with a "did you mean") for an unknown name.

    Examples:
        >>> from portfolio.model import Baseline, Portfolio
        >>> p = Portfolio(baselines=[Baseline(name="original"), Baseline(name="replan", current=True)])
        >>> select_baseline(p).name, select_baseline(p, "original").name
        ('replan', 'original')
        >>> select_baseline(p, "orignal")
        Traceback (most recent call last):
        ...
        KeyError: "no baseline 'orignal'; did you mean 'original'?"
    """
    if name is None:
        current = portfolio.baseline_as_of(as_of)
        if current is None:
            raise LookupError("the portfolio has no baseline; capture one with 'portfolio baseline capture'")
        return current
    try:
        return portfolio.baselines[name]
    except KeyError:
        hint = closest(name, portfolio.baselines)
        known = ", ".join(portfolio.baselines) or "none"
        raise KeyError(f"no baseline {name!r}; " + (f"did you mean {hint!r}?" if hint else f"known: {known}")) from None


def lineage(portfolio: Portfolio, baseline: Baseline) -> tuple[Baseline, ...]:
    """The baseline and those it replaces, newest first (each re-plan carries its reason).

    Examples:
        >>> from portfolio.model import Baseline, Portfolio
        >>> p = Portfolio(baselines=[Baseline(name="a"), Baseline(name="b", replaces="a", reason="AC ICT")])
        >>> [b.name for b in lineage(p, p.baselines["b"])]
        ['b', 'a']
    """
    chain = [baseline]
    seen = {baseline.name}
    while chain[-1].replaces and chain[-1].replaces in portfolio.baselines and chain[-1].replaces not in seen:
        chain.append(portfolio.baselines[chain[-1].replaces])
        seen.add(chain[-1].name)
    return tuple(chain)
