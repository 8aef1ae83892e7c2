"""Variance against a baseline: per activity, rolled up, with added and removed activities (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from portfolio import _display, _frames
from portfolio.model import Baseline, Portfolio
from portfolio.scheduling import Schedule
from portfolio.slippage._common import Calendars, baseline_dates, lineage
from portfolio.slippage._figures import rag
from portfolio.slippage._index import record, records, rollups

if TYPE_CHECKING:
    import pandas as pd

LEVELS: Final = ("assignment", "migration", "service", "platform")
"""The roll-up levels, in report order."""


@attrs.frozen(kw_only=True)
class Variance:
    """Start and finish variance of one activity: forecast minus baseline (positive = late).

    Working-day variances count working days of the activity's calendar (MS
    Project's Start/Finish Variance); ``*_days`` count calendar days.
    """

    id: str
    name: str
    milestone: bool
    calendar: str
    progress: str
    """not-started, in-progress or finished"""
    baseline_start: dt.date
    baseline_finish: dt.date
    start: dt.date
    finish: dt.date
    start_variance: int
    finish_variance: int
    start_variance_days: int
    finish_variance_days: int


@attrs.frozen(kw_only=True)
class RollupVariance:
    """Variance of a group (assignment, migration, service or platform): its first start and last finish.

    The baseline dates are those of the group's activities that the baseline
    holds (None when it holds none); the forecast covers all of them, added
    activities included. Working days are those of the portfolio's default calendar.
    """

    level: str
    id: str
    start: dt.date
    finish: dt.date
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    start_variance: int | None
    finish_variance: int | None
    start_variance_days: int | None
    finish_variance_days: int | None
    activities: int
    """how many activities the group has"""
    in_baseline: int
    """how many of them the baseline holds"""


@attrs.frozen(kw_only=True, eq=False)
class VarianceReport:
    """Variance of a schedule against one baseline; look activities up by id.

    ``added`` lists activities the baseline does not hold, ``removed`` the
    baseline's activities that the portfolio no longer declares: neither is
    silently skipped.
    """

    baseline: str
    title: str
    captured: dt.date | None
    reason: str
    lineage: tuple[tuple[str, str], ...]
    """(name, reason) of the baseline and each one it replaces, newest first"""
    status_date: dt.date | None
    activities: tuple[Variance, ...]
    rollups: Mapping[str, tuple[RollupVariance, ...]]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    _by_id: Mapping[str, Variance] = attrs.field(
        init=False, repr=False, default=attrs.Factory(lambda self: {v.id: v for v in self.activities}, takes_self=True))
    """the activities by id, built once (a report looks up every key milestone)"""

    def __iter__(self) -> Iterator[Variance]:
        return iter(self.activities)

    def __getitem__(self, id: str) -> Variance:
        try:
            return self._by_id[id]
        except KeyError:
            raise KeyError(f"{id!r} has no variance (not in the baseline or not declared)") from None

    def __contains__(self, id: object) -> bool:
        return id in self._by_id

    def __repr__(self) -> str:
        late = sum(v.finish_variance > 0 for v in self.activities)
        return (f"<VarianceReport against {self.baseline!r}: {len(self.activities)} activities, {late} late, "
                f"{len(self.added)} added, {len(self.removed)} removed>")

    def _repr_html_(self) -> str:
        """A notebook summary: the baseline, then the activities that slipped most, coloured by RAG."""
        worst = sorted(self.activities, key=lambda v: -v.finish_variance)
        late = [v for v in worst if v.finish_variance > 0]
        rows = ([v.id, v.name, v.baseline_finish, v.finish,
                 _display.Cell(f"{v.finish_variance:+d} wd ({v.finish_variance_days:+d} d)",
                               _display.RAG_COLOURS[rag(v.finish_variance)])]
                for v in late[:_display.LIMIT])
        return _display.block(
            f"Variance against {self.baseline}" + (f" ({self.title})" if self.title else ""),
            _display.facts([("status date", self.status_date), ("activities", len(self.activities)),
                            ("late", len(late)), ("added", len(self.added)), ("removed", len(self.removed))]),
            _display.table(["activity", "name", "baseline finish", "forecast finish", "finish variance"], rows,
                           total=len(late)))

    def to_pandas(self, level: str = "activity") -> pd.DataFrame:
        """The variance per activity, or the roll-ups of one level (assignment, migration, service, platform).

        Dates are ``datetime64[ns]``; variances ``int64`` working and calendar
        days (``Int64`` in roll-ups, where a group the baseline lacks has none);
        ``progress`` and ``rag`` (green, amber, red; ``new`` without a
        baseline date) are ordered categories. Needs pandas.
        """
        if level == "activity":
            rows = self.activities
            return _frames.frame([
                ("id", "str", [v.id for v in rows]), ("name", "str", [v.name for v in rows]),
                ("milestone", "bool", [v.milestone for v in rows]),
                ("calendar", "category", [v.calendar for v in rows]),
                ("progress", "category", [v.progress for v in rows], _frames.PROGRESS),
                ("baseline_start", "date", [v.baseline_start for v in rows]),
                ("baseline_finish", "date", [v.baseline_finish for v in rows]),
                ("start", "date", [v.start for v in rows]), ("finish", "date", [v.finish for v in rows]),
                ("start_variance", "int", [v.start_variance for v in rows]),
                ("finish_variance", "int", [v.finish_variance for v in rows]),
                ("start_variance_days", "int", [v.start_variance_days for v in rows]),
                ("finish_variance_days", "int", [v.finish_variance_days for v in rows]),
                ("rag", "category", [rag(v.finish_variance) for v in rows], _frames.RAG),
            ])
        if level not in self.rollups:
            raise ValueError(f"level is 'activity' or one of {', '.join(self.rollups)}, not {level!r}")
        groups = self.rollups[level]
        return _frames.frame([
            ("id", "str", [g.id for g in groups]),
            ("baseline_start", "date", [g.baseline_start for g in groups]),
            ("baseline_finish", "date", [g.baseline_finish for g in groups]),
            ("start", "date", [g.start for g in groups]), ("finish", "date", [g.finish for g in groups]),
            ("start_variance", "Int64", [g.start_variance for g in groups]),
            ("finish_variance", "Int64", [g.finish_variance for g in groups]),
            ("start_variance_days", "Int64", [g.start_variance_days for g in groups]),
            ("finish_variance_days", "Int64", [g.finish_variance_days for g in groups]),
            ("activities", "int", [g.activities for g in groups]),
            ("in_baseline", "int", [g.in_baseline for g in groups]),
            ("rag", "category", [rag(g.finish_variance) for g in groups], _frames.RAG),
        ])


class VarianceLookup(Mapping[str, Variance]):
    """`variance`'s [`Variance`][portfolio.slippage.Variance] of single activities, each computed when first asked.

    A monthly report reads the variance of its milestones and the baseline
    starts of its assignments' activities; `variance` builds a record for
    every activity and the roll-ups of four levels (at 50,000 activities a
    third of the report's time, for a few hundred look-ups).

    Args:
        portfolio: the portfolio (its calendars).
        computed: the schedule.
        baseline: the baseline to measure against.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.scheduling import schedule
        >>> p = load("examples/logius").portfolio
        >>> from portfolio.slippage import select_baseline
        >>> plan, base = schedule(p), select_baseline(p)
        >>> lookup, full = VarianceLookup(p, plan, base), variance(p, plan, base)
        >>> lookup["easi.exit"] == full["easi.exit"], list(lookup) == [v.id for v in full]
        (True, True)
    """

    def __init__(self, portfolio: Portfolio, computed: Schedule, baseline: Baseline) -> None:
        self._cals = Calendars(portfolio)
        self._schedule = computed  # its records built one by one as they are asked (by_id builds them all)
        self._entries = baseline.entries
        self._found: dict[str, Variance] = {}

    def __getitem__(self, id: str) -> Variance:
        found = self._found.get(id)
        if found is None:
            if id not in self:
                raise KeyError(f"{id!r} has no variance (not in the baseline or not declared)")
            a, entry, cals = record(self._schedule, id), self._entries[id], self._cals
            bs, bf = entry.start, entry.finish
            found = self._found[id] = Variance(
                id=a.id, name=a.name, milestone=a.milestone, calendar=a.calendar, progress=a.progress.value,
                baseline_start=bs, baseline_finish=bf, start=a.start, finish=a.finish,
                start_variance=cals.start(a.calendar, a.start) - cals.start(a.calendar, bs),
                finish_variance=cals.finish(a.calendar, a.finish) - cals.finish(a.calendar, bf),
                start_variance_days=(a.start - bs).days, finish_variance_days=(a.finish - bf).days)
        return found

    def __contains__(self, id: object) -> bool:
        return id in self._schedule and id in self._entries

    def __iter__(self) -> Iterator[str]:
        return (i for i in self._schedule.ids if i in self._entries)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def earliest_start(self, ids: Iterable[str]) -> dt.date | None:
        """The earliest baseline start of some of the schedule's activities (None: the baseline has none of them).

        Examples:
            >>> from portfolio.io import load
            >>> from portfolio.scheduling import schedule
            >>> from portfolio.slippage import select_baseline
            >>> p = load("examples/logius").portfolio
            >>> lookup = VarianceLookup(p, schedule(p), select_baseline(p))
            >>> lookup.earliest_start(["easi.exit", "nope"]) == lookup.baseline_start("easi.exit")
            True
        """
        starts = [e.start for e in map(self._entries.get, ids) if e is not None]
        return min(starts) if starts else None

    def baseline_start(self, id: str) -> dt.date | None:
        """The activity's baseline start, without its variance (None: not in the baseline or not scheduled)."""
        entry = self._entries.get(id)
        return entry.start if entry is not None and id in self._schedule else None


def variance(portfolio: Portfolio, computed: Schedule, baseline: Baseline) -> VarianceReport:
    """Start and finish variance of every activity against ``baseline``, with roll-ups.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import (Activity, Baseline, BaselineEntry, Duration, Portfolio,
        ...                              PortfolioSettings, Relation)
        >>> from portfolio.scheduling import schedule
        >>> base = Baseline(name="plan", entries={"a": BaselineEntry(activity="a", start=dt.date(2024, 1, 8),
        ...                                                          finish=dt.date(2024, 1, 12))})
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="a", duration=Duration(7)), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b")], baselines=[base])
        >>> report = variance(p, schedule(p), base)
        >>> report["a"].finish_variance, report["a"].finish_variance_days, report.added
        (2, 4, ('b',))
    """
    cals = Calendars(portfolio)
    planned = baseline_dates(baseline)
    every = records(computed)
    forecast = {a.id: (a.start, a.finish) for a in every}
    held = [a for a in every if a.id in planned]
    base = [planned[a.id] for a in held]
    calendars = [a.calendar for a in held]
    starts = zip(cals.starts(calendars, [a.start for a in held]), cals.starts(calendars, [b[0] for b in base]),
                 strict=True)
    finishes = zip(cals.finishes(calendars, [a.finish for a in held]),
                   cals.finishes(calendars, [b[1] for b in base]), strict=True)
    rows = [Variance(
        id=a.id, name=a.name, milestone=a.milestone, calendar=a.calendar, progress=a.progress.value,
        baseline_start=bs, baseline_finish=bf, start=a.start, finish=a.finish,
        start_variance=s1 - s0, finish_variance=f1 - f0,
        start_variance_days=(a.start - bs).days, finish_variance_days=(a.finish - bf).days,
    ) for a, (bs, bf), (s1, s0), (f1, f0) in zip(held, base, starts, finishes, strict=True)]
    added = tuple(i for i in computed.ids if i not in planned)
    removed = tuple(i for i in planned if i not in forecast)
    groups = _groups(portfolio, computed)
    rollups = {level: tuple(_rollup(level, key, members, forecast, planned, cals)
                            for key, members in groups[level].items() if members)
               for level in LEVELS}
    return VarianceReport(
        baseline=baseline.name, title=baseline.title, captured=baseline.captured, reason=baseline.reason.strip(),
        lineage=tuple((b.name, b.reason.strip()) for b in lineage(portfolio, baseline)),
        status_date=computed.status_date, activities=tuple(rows), rollups=MappingProxyType(rollups),
        added=added, removed=removed,
    )


def _groups(portfolio: Portfolio, computed: Schedule) -> dict[str, dict[str, tuple[str, ...]]]:
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    for level in ("assignment", "migration", "service"):
        groups[level] = {key: r.activities for key, r in rollups(computed, level).items()}
    by_platform: dict[str, list[str]] = {}
    for act in portfolio.activities.values():
        if act.platform and act.id in computed:
            by_platform.setdefault(act.platform, []).append(act.id)
    groups["platform"] = {key: tuple(v) for key, v in by_platform.items()}
    return groups


def _rollup(level: str, key: str, members: tuple[str, ...], forecast: Mapping[str, tuple[dt.date, dt.date]],
            planned: Mapping[str, tuple[dt.date, dt.date]], cals: Calendars) -> RollupVariance:
    start = min(forecast[m][0] for m in members)
    finish = max(forecast[m][1] for m in members)
    known = [planned[m] for m in members if m in planned]
    bs = min(d[0] for d in known) if known else None
    bf = max(d[1] for d in known) if known else None
    return RollupVariance(
        level=level, id=key, start=start, finish=finish, baseline_start=bs, baseline_finish=bf,
        start_variance=None if bs is None else cals.start(None, start) - cals.start(None, bs),
        finish_variance=None if bf is None else cals.finish(None, finish) - cals.finish(None, bf),
        start_variance_days=None if bs is None else (start - bs).days,
        finish_variance_days=None if bf is None else (finish - bf).days,
        activities=len(members), in_baseline=len(known),
    )
