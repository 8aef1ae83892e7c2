"""What "since the last report" compares with: the store's previous period, else the previous status update (private).

`previous_figures` is exported from [`portfolio.report.data`][portfolio.report.data], its public home.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from portfolio.model import Portfolio
from portfolio.scheduling import Schedule, schedule
from portfolio.slippage import Figure, report_figures, select_baseline
from portfolio.slippage._index import records

if TYPE_CHECKING:  # a report opens no store unless there is one: sqlite3 is not imported without it
    from portfolio.store import Store

__all__ = ["previous_figures"]


def previous_figures(
    portfolio: Portfolio, period: str, status_date: dt.date, *, store: Store | None = None, red: int = 20
) -> tuple[str, str, dict[tuple[str, str], Figure]]:
    """The last report's figures by (kind, id): the store's latest earlier period, else the previous status update's.

    Returns the source (``published``, ``status-update`` or ``none``), its
    label (the period or status date) and the figures.

    Examples:
        >>> from portfolio.io import load
        >>> source, label, figures = previous_figures(load("examples/logius").portfolio, "2023-08",
        ...                                           dt.date(2023, 8, 31))
        >>> source, label, figures[("milestone", "easi.exit")].forecast_finish.isoformat()
        ('status-update', '2023-04-28', '2024-06-21')
    """
    source, label, figures, _ = _previous(portfolio, period, status_date, store=store, red=red, with_schedule=False)
    return source, label, figures


def _previous(
    portfolio: Portfolio, period: str, status_date: dt.date, *, store: Store | None, red: int, with_schedule: bool
) -> tuple[str, str, dict[tuple[str, str], Figure], Schedule | None]:
    """`previous_figures`, and the previous status update's schedule (None when there is none).

    From the store, the schedule is computed only ``with_schedule``; from the
    previous status update, it is the one the figures come from.
    """
    before = [u for u in portfolio.status_updates if u.date < status_date]
    if store is not None:
        earlier = store.previous(period)
        if earlier is not None:
            computed = schedule(portfolio, status_date=before[-1].date) if before and with_schedule else None
            return "published", earlier.period, {(f.kind, f.id): f for f in earlier.figures}, computed
    if not before:
        return "none", "", {}, None
    try:
        baseline = select_baseline(portfolio, as_of=before[-1].date)
    except LookupError:
        baseline = None
    computed = schedule(portfolio, status_date=before[-1].date)
    return (
        "status-update",
        before[-1].date.isoformat(),
        {(f.kind, f.id): f for f in report_figures(portfolio, computed, baseline, red=red)},
        computed,
    )


def _previous_forecasts(figures: Mapping[tuple[str, str], Figure], computed: Schedule | None) -> dict[str, dt.date]:
    """Each milestone's forecast in the last report: its figure, else the previous status update's schedule.

    A published report holds only the key milestones; any other milestone
    shown in the report takes its forecast from the previous status update.
    """
    found = {i: f.forecast_finish for (kind, i), f in figures.items() if kind == "milestone"}
    if computed is not None:
        for rec in records(computed):
            found.setdefault(rec.id, rec.finish)
    return found
