"""Variance against a baseline: per activity, rolled up, with added and removed activities (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from portfolio.model import Baseline, Portfolio
from portfolio.schedule import Schedule
from portfolio.slippage._common import Calendars, baseline_dates, lineage

#: The roll-up levels, in report order.
LEVELS: Final = ("assignment", "migration", "service", "platform")


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
    progress: str  #: not-started, in-progress or finished
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
    activities: int  #: how many activities the group has
    in_baseline: int  #: how many of them the baseline holds


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
    #: (name, reason) of the baseline and each one it replaces, newest first
    lineage: tuple[tuple[str, str], ...]
    status_date: dt.date | None
    activities: tuple[Variance, ...]
    rollups: Mapping[str, tuple[RollupVariance, ...]]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def __iter__(self) -> Iterator[Variance]:
        return iter(self.activities)

    def __getitem__(self, id: str) -> Variance:
        for v in self.activities:
            if v.id == id:
                return v
        raise KeyError(f"{id!r} has no variance (not in the baseline or not declared)")

    def __contains__(self, id: object) -> bool:
        return any(v.id == id for v in self.activities)


def variance(portfolio: Portfolio, computed: Schedule, baseline: Baseline) -> VarianceReport:
    """Start and finish variance of every activity against ``baseline``, with roll-ups.

    >>> import datetime as dt
    >>> from portfolio.model import (Activity, Baseline, BaselineEntry, Duration, Portfolio,
    ...                              PortfolioSettings, Relation)
    >>> from portfolio.schedule import schedule
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
    rows: list[Variance] = []
    forecast: dict[str, tuple[dt.date, dt.date]] = {}
    for a in computed:
        forecast[a.id] = (a.start, a.finish)
        if a.id not in planned:
            continue
        bs, bf = planned[a.id]
        rows.append(Variance(
            id=a.id, name=a.name, milestone=a.milestone, calendar=a.calendar, progress=a.progress.value,
            baseline_start=bs, baseline_finish=bf, start=a.start, finish=a.finish,
            start_variance=cals.start(a.calendar, a.start) - cals.start(a.calendar, bs),
            finish_variance=cals.finish(a.calendar, a.finish) - cals.finish(a.calendar, bf),
            start_variance_days=(a.start - bs).days, finish_variance_days=(a.finish - bf).days,
        ))
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
        groups[level] = {key: r.activities for key, r in computed.rollups(level).items()}
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
