"""The capacity chart: load per team per month against capacity (matplotlib, imported when drawn)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio.capacity._load import load_table
from portfolio.capacity._model import Capacity
from portfolio.model import Portfolio
from portfolio.scheduling import Schedule

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["load_chart"]


def load_chart(portfolio: Portfolio, capacity: Capacity, plan: Schedule, *, before: Schedule | None = None,
               title: str = "Load per team per month") -> Figure:
    """One panel per team: the FTE-days ``plan`` asks each month (bars) against the team's capacity (line).

    Args:
        portfolio: the portfolio the schedules schedule.
        capacity: the capacity.
        plan: the schedule drawn (the levelled one, usually).
        before: a second schedule drawn as an outline (the CPM one), to show what levelling changed.
        title: the figure's title.

    Returns:
        The matplotlib figure (Agg canvas; save it or show it in a notebook).

    Examples:
        >>> from portfolio.scheduling import schedule
        >>> fig = load_chart(Portfolio(), Capacity(), schedule(Portfolio()))
        >>> len(fig.axes)
        0
    """
    from matplotlib.figure import Figure  # noqa: PLC0415 - the plot extra, loaded when drawn

    rows = load_table(portfolio, capacity, plan)
    earlier = load_table(portfolio, capacity, before) if before is not None else []
    months = sorted({m for _, m, _, _ in rows} | {m for _, m, _, _ in earlier})
    fig = Figure(figsize=(10, 2.2 * max(len(capacity.teams), 1) + 0.6), layout="constrained")
    if not rows:
        return fig
    axes = fig.subplots(len(capacity.teams), 1, sharex=True, squeeze=False)[:, 0]
    where = {m: k for k, m in enumerate(months)}
    for ax, team in zip(axes, capacity.teams, strict=True):
        mine = [(m, load, cap) for t, m, load, cap in rows if t == team.id]
        ax.bar([where[m] for m, _, _ in mine], [load for _, load, _ in mine], color="#4c72b0", label="planned")
        if earlier:
            old = [(m, load) for t, m, load, _ in earlier if t == team.id]
            ax.step([where[m] for m, _ in old], [load for _, load in old], where="mid", color="#c44e52",
                    linewidth=1, label="CPM (unlimited)")
        ax.step([where[m] for m, _, _ in mine], [cap for _, _, cap in mine], where="mid", color="black",
                linewidth=1.5, label="capacity")
        ax.set_ylabel(f"{team.id}\nFTE-days")
    axes[0].legend(loc="upper right", fontsize="small")
    step = max(len(months) // 12, 1)
    axes[-1].set_xticks(range(0, len(months), step), months[::step], rotation=45, ha="right")
    fig.suptitle(title)
    return fig
