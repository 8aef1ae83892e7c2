"""Plots for notebooks, each one call returning a matplotlib Figure (the ``plot`` extra).

- :func:`gantt`: bars per activity grouped by service, migration or
  assignment, critical work highlighted, baseline bars beneath;
- :func:`driving_path`: the chain of activities that drives a milestone;
- :func:`mta`: the milestone trend analysis (the same chart as
  :func:`portfolio.slippage.plot.mta_chart`);
- :func:`dependency_graph`: services and platforms, coloured by platform,
  migrations as arrows to their landing platform;
- :func:`comparison`: how the key milestones moved in a what-if.

matplotlib is imported when a function is called, so the library works
without it (the functions then raise ImportError with the install command).
The figures use the Agg canvas and never open a window; in Jupyter a Figure
shows itself when it is a cell's last value (after ``%matplotlib inline``).

>>> from portfolio.io import load
>>> from portfolio.scheduling import schedule
>>> p = load("examples/logius").portfolio
>>> fig = driving_path(schedule(p), "easi.exit")
>>> fig.axes[0].get_title()
'Driving path to easi.exit'
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

from portfolio.graph import service_graph
from portfolio.model import Baseline, Portfolio
from portfolio.scheduling import ActivitySchedule, Progress, Schedule
from portfolio.slippage import History
from portfolio.slippage.plot import INSTALL_HINT, mta_chart
from portfolio.whatif import Comparison

__all__ = ["comparison", "dependency_graph", "driving_path", "gantt", "mta"]

#: Bar colours: critical, other work, finished work, the baseline.
CRITICAL: Final = "#d62728"
NORMAL: Final = "#1f77b4"
FINISHED: Final = "#9e9e9e"
BASELINE: Final = "#bdbdbd"
#: Platform colours, assigned in the portfolio's platform order.
PALETTE: Final = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def _new_figure(width: float, height: float) -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - optional extra
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _date2num(day: dt.date) -> float:
    """matplotlib's number for a date (its stubs leave ``date2num`` untyped)."""
    from matplotlib import dates  # noqa: PLC0415 - optional extra, present once a figure exists

    convert: Callable[[dt.date], float] = dates.date2num
    return convert(day)


def _colour(record: ActivitySchedule) -> str:
    if record.progress is Progress.FINISHED:
        return FINISHED
    return CRITICAL if record.critical else NORMAL


def _bars(ax: Any, rows: Sequence[ActivitySchedule | str], baseline: Baseline | None) -> None:
    """Draw one row per record (a str is a group heading), top to bottom; label the y axis."""
    from matplotlib.patches import Patch  # noqa: PLC0415 - optional extra, present when we get here

    ys: list[int] = []
    lefts: list[float] = []
    widths: list[float] = []
    colours: list[str] = []
    base_y: list[float] = []
    base_left: list[float] = []
    base_width: list[float] = []
    marks: list[tuple[float, int, str]] = []
    labels: list[str] = []
    for y, row in enumerate(rows):
        if isinstance(row, str):
            labels.append(row)
            continue
        labels.append(f"  {row.id}")
        if row.milestone:
            marks.append((_date2num(row.finish), y, _colour(row)))
        else:
            ys.append(y)
            lefts.append(_date2num(row.start))
            widths.append(_date2num(row.finish + dt.timedelta(days=1)) - _date2num(row.start))
            colours.append(_colour(row))
        entry = baseline.entries.get(row.id) if baseline is not None else None
        if entry is not None:
            base_y.append(y + 0.3)
            base_left.append(_date2num(entry.start))
            base_width.append(max(_date2num(entry.finish + dt.timedelta(days=1)) - _date2num(entry.start), 1.0))
    ax.barh(ys, widths, left=lefts, height=0.5, color=colours, label="forecast")
    if baseline is not None:
        ax.barh(base_y, base_width, left=base_left, height=0.2, color=BASELINE, label="baseline")
    if marks:
        ax.scatter(
            [m[0] for m in marks],
            [m[1] for m in marks],
            marker="D",
            s=30,
            c=[m[2] for m in marks],
            zorder=3,
            label="milestone",
        )
    ax.set_yticks(range(len(rows)), labels, fontsize="small")
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if isinstance(row, str):
            tick.set_fontweight("bold")
    ax.set_ylim(len(rows) - 0.5, -0.7)
    ax.xaxis_date()
    ax.set_xlabel("date")
    ax.grid(True, axis="x", alpha=0.3)
    handles = [
        Patch(color=CRITICAL, label="critical"),
        Patch(color=NORMAL, label="not critical"),
        Patch(color=FINISHED, label="finished"),
    ]
    if baseline is not None:
        handles.append(Patch(color=BASELINE, label=f"baseline {baseline.name}"))
    ax.legend(handles=handles, loc="upper right", fontsize="small")


def gantt(
    computed: Schedule,
    *,
    by: str | None = "service",
    baseline: Baseline | None = None,
    activities: Iterable[str] | None = None,
    title: str = "Schedule",
) -> Any:
    """A Gantt chart: one bar per activity (a diamond per milestone), grouped, critical work in red.

    ``by`` groups the rows under a bold heading per ``service``,
    ``migration`` or ``assignment`` (None: no groups, portfolio order);
    activities in no group come last under "(other)". ``baseline`` draws each
    activity's planned dates as a thin grey bar beneath its forecast.
    ``activities`` limits the chart to those ids (a whole portfolio is tall).

    The forecast bars are the axes' container labelled ``forecast``, the
    baseline bars the one labelled ``baseline``.

    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, PortfolioSettings
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="x.build", duration=Duration(5), service="x"), Activity(id="x.live")])
    >>> ax = gantt(schedule(p)).axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.containers[0])
    (['x', '  x.build', '(other)', '  x.live'], 1)
    """
    wanted = None if activities is None else set(activities)
    records = [r for r in computed if wanted is None or r.id in wanted]
    rows: list[ActivitySchedule | str] = []
    if by is None:
        rows.extend(records)
    else:
        by_id = {r.id: r for r in records}
        placed: set[str] = set()
        for key, roll in computed.rollups(by).items():
            members = [by_id[a] for a in roll.activities if a in by_id and a not in placed]
            if members:
                rows.append(key)
                rows.extend(members)
                placed.update(m.id for m in members)
        rest = [r for r in records if r.id not in placed]
        if rest:
            rows.append("(other)")
            rows.extend(rest)
    fig = _new_figure(11, max(3.0, 0.22 * len(rows) + 1.2))
    ax = fig.add_subplot()
    _bars(ax, rows, baseline)
    ax.set_ylabel(by or "activity")
    ax.set_title(title)
    return fig


def driving_path(
    computed: Schedule, milestone: str, *, baseline: Baseline | None = None, title: str | None = None
) -> Any:
    """The driving path to ``milestone`` as a Gantt chart, earliest first, with an arrow per driving link.

    These are the activities that, made longer or later, make the milestone
    later (:meth:`Schedule.driving_path`). Raises KeyError for an unknown id.
    """
    path = computed.driving_path(milestone)
    fig = _new_figure(11, max(3.0, 0.35 * len(path) + 1.2))
    ax = fig.add_subplot()
    _bars(ax, path, baseline)
    row = {r.id: y for y, r in enumerate(path)}
    for r in path:
        for driver in r.driving:
            if driver in row:
                d = path[row[driver]]
                end = _date2num(d.finish + dt.timedelta(days=0 if d.milestone else 1))
                ax.annotate(
                    "",
                    xy=(_date2num(r.start), row[r.id]),
                    xytext=(end, row[driver]),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8},
                )
    ax.set_ylabel("activity")
    ax.set_title(title or f"Driving path to {milestone}")
    return fig


def mta(history: History, *, title: str = "Milestone trend analysis") -> Any:
    """The milestone trend analysis: one line per key milestone across the status updates.

    The same chart as :func:`portfolio.slippage.plot.mta_chart`.
    """
    return mta_chart(history, title=title)


def _ring(names: Sequence[str], radius: float) -> dict[str, tuple[float, float]]:
    """Positions evenly around a circle, the first at the top, clockwise."""
    count = max(len(names), 1)
    return {
        name: (radius * math.sin(2 * math.pi * i / count), radius * math.cos(2 * math.pi * i / count))
        for i, name in enumerate(names)
    }


def dependency_graph(portfolio: Portfolio, *, title: str = "Services and platforms") -> Any:
    """Services (circles) and platforms (squares), each service coloured by the platform it runs on today.

    Arrows: a migration from its service to its landing platform, in that
    platform's colour (dashed to each candidate while the decision is open;
    none for a service that stays where it is);
    grey dotted arrows from a service to the services it depends on.
    Platforms sit on the inner ring, services on the outer ring grouped by the platform they run on.
    """
    fig = _new_figure(11, 9)
    import networkx as nx  # noqa: PLC0415 - networkx draws on the matplotlib axes that _new_figure made
    from matplotlib.patches import Patch  # noqa: PLC0415

    graph = service_graph(portfolio)
    platforms = list(portfolio.platforms)
    colour = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(platforms)}
    services = sorted(
        portfolio.services,
        key=lambda s: (platforms.index(p) if (p := portfolio.services[s].platform) in colour else len(platforms), s),
    )
    pos = {**_ring(platforms, 0.58), **_ring(services, 1.0)}
    ax = fig.add_subplot()
    nx.draw_networkx_nodes(
        graph, pos, nodelist=platforms, node_shape="s", node_size=900, ax=ax, node_color=[colour[p] for p in platforms]
    )
    nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=services,
        node_size=350,
        ax=ax,
        node_color=[colour.get(portfolio.services[s].platform or "", "#ffffff") for s in services],
        edgecolors="#333333",
    )
    edges = list(graph.edges(data=True))
    moves = [(u, v) for u, v, d in edges if d["kind"] == "migrates-to" and v != portfolio.services[u].platform]
    nx.draw_networkx_edges(
        graph,
        pos,
        edgelist=moves,
        ax=ax,
        arrows=True,
        arrowstyle="-|>",
        arrowsize=14,
        width=1.6,
        edge_color=[colour[v] for _, v in moves],
        node_size=600,
        style=["dashed" if graph.edges[e]["open"] else "solid" for e in moves],
    )
    depends = [(u, v) for u, v, d in edges if d["kind"] == "depends-on"]
    nx.draw_networkx_edges(
        graph,
        pos,
        edgelist=depends,
        ax=ax,
        arrows=True,
        arrowstyle="->",
        width=0.8,
        edge_color="#9e9e9e",
        style="dotted",
        node_size=350,
    )
    for p in platforms:  # under the square, wrapped, on white so arrows do not run through the text
        x, y = pos[p]
        ax.text(x, y - 0.08, textwrap.fill(portfolio.platforms[p].name, 20, break_long_words=False), ha="center", va="top", fontsize=7.5,
                fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    for s in services:  # outside the ring, reading away from the centre
        x, y = pos[s]
        ax.text(1.09 * x, 1.09 * y, textwrap.fill(portfolio.services[s].name, 24, break_long_words=False), fontsize=7,
                ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
                va="bottom" if y > 0.95 else "top" if y < -0.95 else "center")
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.legend(
        handles=[Patch(color=colour[p], label=portfolio.platforms[p].name) for p in platforms],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize="small",
        title="platform",
    )
    ax.set_title(title)
    ax.set_axis_off()
    return fig


def comparison(result: Comparison, *, title: str = "What moved") -> Any:
    """The key milestones before (grey) and after (coloured) a what-if, a line between the two dates.

    A milestone that moved later is red, earlier green, unchanged blue.
    """
    moves = result.key
    fig = _new_figure(10, max(2.5, 0.45 * len(moves) + 1.2))
    ax = fig.add_subplot()
    for y, m in enumerate(moves):
        before, after = _date2num(m.finish_before), _date2num(m.finish_after)
        colour = CRITICAL if m.finish_shift > 0 else "#2ca02c" if m.finish_shift < 0 else NORMAL
        ax.plot([before, after], [y, y], color=colour, lw=2, label=m.id)
        ax.scatter([before], [y], color=FINISHED, zorder=3)
        ax.scatter([after], [y], color=colour, zorder=3)
        if m.finish_shift:
            ax.annotate(
                f"{m.finish_shift:+d} wd",
                (max(before, after), y),
                xytext=(6, -3),
                textcoords="offset points",
                fontsize="small",
            )
    ax.set_yticks(range(len(moves)), [m.id for m in moves], fontsize="small")
    ax.set_ylim(len(moves) - 0.5, -0.5)
    ax.xaxis_date()
    ax.set_xlabel("forecast finish (grey: before, coloured: after)")
    ax.set_title(title)
    ax.grid(True, axis="x", alpha=0.3)
    return fig
