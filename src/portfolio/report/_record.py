"""History from the record: what earlier reports published, and where today's files restate it (private).

A report with a store takes every figure of an earlier period from the
newest published version of that period. Where today's files give a
different figure for it (scheduled again as of the publication's status
date, against the baseline in force on that date by today's files), the figure is *restated*
(herzien): the report shows the published value, the value today and why,
when it can tell: another baseline, other calendars (when the publication
records their fingerprint), else a changed file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from portfolio.calendar import fingerprint
from portfolio.model import Portfolio
from portfolio.scheduling import schedule
from portfolio.slippage import Figure, MilestoneTrend, TrendPoint, report_figures, select_baseline

if TYPE_CHECKING:  # a report opens no store unless there is one: sqlite3 is not imported without it
    from portfolio.store import Publication, Store

__all__ = ["Restatement", "published_before", "restatements", "trends_from_record"]


@attrs.frozen(kw_only=True)
class Restatement:
    """A published figure that today's files give differently (herzien)."""

    period: str
    status_date: dt.date
    kind: str
    """"assignment" or "milestone\""""
    id: str
    name: str
    published: dt.date
    """the forecast finish the report published"""
    recomputed: dt.date | None
    """what today's files give for that status date (None: no longer there)"""
    published_variance: int | None
    recomputed_variance: int | None
    reason: str
    """"baseline", "calendars" or "file\""""


def published_before(store: Store | None, period: str) -> tuple[Publication, ...]:
    """The newest version of every period published before ``period``, oldest first."""
    if store is None:
        return ()
    newest: dict[str, Publication] = {}
    for p in store.publications():
        if p.period < period:
            newest[p.period] = p  # publications() is ordered by period, then version
    return tuple(newest.values())


def _reason(portfolio: Portfolio, publication: Publication, baseline: str | None) -> str:
    if publication.baseline != baseline:
        return "baseline"
    recorded = getattr(publication, "calendars", None)  # recorded by stores that keep the fingerprint
    if isinstance(recorded, str) and recorded and recorded != fingerprint(portfolio):
        return "calendars"
    return "file"


def restatements(portfolio: Portfolio, publications: Iterable[Publication], *, red: int) -> tuple[Restatement, ...]:
    """Every published figure that today's files give differently, per publication in order."""
    found: list[Restatement] = []
    for pub in publications:
        try:  # today's baseline in force on that date: a re-plan dated before it since is another baseline
            baseline = select_baseline(portfolio, as_of=pub.status_date)
        except LookupError:
            baseline = None
        today = {(f.kind, f.id): f for f in report_figures(
            portfolio, schedule(portfolio, status_date=pub.status_date), baseline, red=red)}
        reason = _reason(portfolio, pub, baseline.name if baseline is not None else None)
        for f in pub.figures:
            now = today.get((f.kind, f.id))
            if now is not None and (now.forecast_finish, now.variance) == (f.forecast_finish, f.variance):
                continue
            found.append(Restatement(
                period=pub.period, status_date=pub.status_date, kind=f.kind, id=f.id, name=f.name,
                published=f.forecast_finish, recomputed=now.forecast_finish if now is not None else None,
                published_variance=f.variance, recomputed_variance=now.variance if now is not None else None,
                reason=reason))
    return tuple(found)


def trends_from_record(trends: Sequence[MilestoneTrend], publications: Iterable[Publication]
                       ) -> tuple[MilestoneTrend, ...]:
    """The milestone trend with each published status date's forecast taken from its publication.

    A status update that was never published keeps today's figure; the
    changes are counted again in calendar days between the points shown
    (working days only where both points come from the same source).
    """
    by_date: dict[dt.date, Mapping[str, Figure]] = {
        p.status_date: {f.id: f for f in p.figures if f.kind == "milestone"} for p in publications}
    rebuilt = []
    for trend in trends:
        points: list[TrendPoint] = []
        for point in trend.points:
            figure = by_date.get(point.status_date, {}).get(trend.id)
            forecast = figure.forecast_finish if figure is not None else point.forecast
            prev = points[-1].forecast if points else None
            same = figure is None or (prev is not None and forecast == point.forecast)
            points.append(attrs.evolve(
                point, forecast=forecast,
                change=(point.change if same else None) if prev is not None else None,
                change_days=(forecast - prev).days if prev is not None else None))
        rebuilt.append(attrs.evolve(trend, points=tuple(points)))
    return tuple(rebuilt)
