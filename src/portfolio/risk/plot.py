"""Plots of a [`RiskResult`][portfolio.risk.RiskResult]: histogram, S-curve and tornado (matplotlib, the ``plot`` extra).

matplotlib is imported when a function is called; each returns a
``matplotlib.figure.Figure`` on the Agg canvas (no window, no global state),
which a notebook shows and ``fig.savefig`` writes.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, Estimate, Portfolio, PortfolioSettings, RiskModel
    >>> from portfolio.risk import simulate
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(10))],
    ...               risk=RiskModel(estimates={"a": Estimate(optimistic=8, most_likely=10, pessimistic=20)}))
    >>> fig = histogram(simulate(p, runs=500, milestone="a"))
    >>> fig.axes[0].get_title()
    'a: finish dates of 500 runs'
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import numpy as np

from portfolio.risk._result import PERCENTILES, RiskResult

__all__ = ["histogram", "s_curve", "tornado"]

INSTALL_HINT: Final = "the plots need matplotlib: pip install 'migration-portfolio[plot]'"


def _figure(size: tuple[float, float] = (9, 5)) -> tuple[Any, Any]:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - optional extra
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _dates(ordinals: np.ndarray) -> list[dt.date]:
    return [dt.date.fromordinal(int(o)) for o in ordinals]


def _marks(ax: Any, result: RiskResult, ident: str) -> None:
    """The deterministic date, the P-values and the deadline as vertical lines."""
    ax.axvline(result.deterministic[ident], color="black", linestyle="--", label=f"CPM {result.deterministic[ident]}")
    for p, day in result.percentiles(ident).items():
        ax.axvline(day, color="tab:blue", alpha=0.3 + p / 200, linestyle=":", label=f"P{p} {day}")
    deadline = result.deadlines.get(ident)
    if deadline is not None:
        chance = result.probability(ident=ident) or 0.0
        ax.axvline(deadline, color="tab:red", label=f"deadline {deadline} ({chance:.0%})")


def histogram(result: RiskResult, ident: str | None = None, *, bins: int = 40) -> Any:
    """The finish dates of every run of ``ident`` (the target by default), with the CPM date and P-values.

    Args:
        result: the simulation's result.
        ident: a tracked activity; None for the target.
        bins: the number of bars.

    Returns:
        A matplotlib Figure.
    """
    ident = ident or result.target
    fig, ax = _figure()
    values = result.finish(ident)
    counts, edges = np.histogram(values, bins=bins)
    ax.bar(_dates(edges[:-1]), counts, width=np.diff(edges), align="edge", color="tab:gray", alpha=0.6)
    _marks(ax, result, ident)
    ax.set_title(f"{ident}: finish dates of {result.runs} runs")
    ax.set_ylabel("runs")
    ax.legend(loc="upper right", fontsize="small")
    return fig


def s_curve(result: RiskResult, ident: str | None = None) -> Any:
    """The cumulative chance of finishing by each date (the S-curve), with the CPM date, P-values and deadline.

    Args:
        result: the simulation's result.
        ident: a tracked activity; None for the target.

    Returns:
        A matplotlib Figure.
    """
    ident = ident or result.target
    fig, ax = _figure()
    values = np.sort(result.finish(ident))
    days = np.unique(values)
    share = np.searchsorted(values, days, side="right") / len(values)
    ax.step(_dates(days), share, where="post", color="tab:blue")
    _marks(ax, result, ident)
    ax.set_ylim(0, 1)
    ax.set_ylabel("chance of finishing by the date")
    ax.set_title(f"{ident}: S-curve ({', '.join(f'P{p}' for p in PERCENTILES)})")
    ax.legend(loc="lower right", fontsize="small")
    return fig


def tornado(result: RiskResult, *, top: int = 10) -> Any:
    """The activities that drive the target most (cruciality) and the risks' shares of its P80.

    Args:
        result: the simulation's result.
        top: the number of activities shown.

    Returns:
        A matplotlib Figure with two panels: cruciality per activity, calendar days per risk.
    """
    fig, _ = _figure((9, 6))
    fig.clear()
    left, right = fig.subplots(1, 2, width_ratios=(3, 2))
    drivers = result.sensitivity(top)[::-1]
    left.barh([d[0] for d in drivers], [d[1] for d in drivers], color="tab:orange")
    left.set_xlabel("cruciality (criticality × correlation)")
    left.set_title(f"what drives {result.target}")
    risks = sorted(result.contributions, key=lambda c: c.days)
    right.barh([c.id for c in risks], [c.days for c in risks], color="tab:red")
    right.set_xlabel("calendar days added to the P80")
    right.set_title("risks")
    return fig
