"""The time plots: Gantt, driving path, milestone trend, what-if comparison; each knows its status date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from portfolio import colours
from portfolio.model import Baseline, Portfolio
from portfolio.plots._common import (
    contract_ends,
    date2num,
    date_axis,
    deadlines,
    gantt_rows,
    new_figure,
    status_line,
    words,
)
from portfolio.scheduling import ActivitySchedule, Progress, Schedule
from portfolio.slippage import History
from portfolio.slippage.plot import mta_chart
from portfolio.whatif import Comparison

_DAY = dt.timedelta(days=1)


def _colour(record: ActivitySchedule) -> str:
    if record.progress is Progress.FINISHED:
        return colours.FINISHED
    return colours.CRITICAL if record.critical else colours.NORMAL


def _thin_bars(ax: Any, rows: Sequence[ActivitySchedule | str], baseline: Baseline, *, offset: float,
               height: float, colour: str, label: str) -> None:
    """One thin bar per row whose activity the baseline plans, ``offset`` below the row's centre."""
    spans = [
        (y + offset, date2num(e.start), max(date2num(e.finish + _DAY) - date2num(e.start), 1.0))
        for y, row in enumerate(rows)
        if not isinstance(row, str) and (e := baseline.entries.get(row.id)) is not None
    ]
    ax.barh([s[0] for s in spans], [s[2] for s in spans], left=[s[1] for s in spans], height=height,
            color=colour, label=label)


def _bars(ax: Any, rows: Sequence[ActivitySchedule | str], baseline: Baseline | None, *, lang: str,
          original: Baseline | None = None, driving: frozenset[str] = frozenset()) -> None:
    """Draw one row per record (a str is a group heading), top to bottom; label the y axis."""
    from matplotlib.patches import Patch  # noqa: PLC0415 - optional extra, present when we get here

    w = words(lang)
    bars = [(y, r) for y, r in enumerate(rows) if not isinstance(r, str) and not r.milestone]
    marks = [(y, r) for y, r in enumerate(rows) if not isinstance(r, str) and r.milestone]
    ax.barh(
        [y for y, _ in bars],
        [date2num(r.finish + _DAY) - date2num(r.start) for _, r in bars],
        left=[date2num(r.start) for _, r in bars],
        height=0.5,
        color=[_colour(r) for _, r in bars],
        edgecolor=[colours.DRIVING if r.id in driving else "none" for _, r in bars],
        linewidth=1.3,
        label="forecast",
    )
    if baseline is not None:
        _thin_bars(ax, rows, baseline, offset=0.3, height=0.14, colour=colours.BASELINE, label="baseline")
    if original is not None:
        _thin_bars(ax, rows, original, offset=0.42, height=0.08, colour=colours.BASELINE_ORIGINAL, label="original")
    if marks:
        ax.scatter([date2num(r.finish) for _, r in marks], [y for y, _ in marks], marker="D", s=30,
                   c=[_colour(r) for _, r in marks], edgecolors=[colours.DRIVING if r.id in driving else "none"
                                                                  for _, r in marks], zorder=3, label="milestone")
    ax.set_yticks(range(len(rows)), [row if isinstance(row, str) else f"  {row.id}" for row in rows],
                  fontsize="small")
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if isinstance(row, str):
            tick.set_fontweight("bold")
    ax.set_ylim(len(rows) - 0.5, -0.7)
    ax.xaxis_date()
    date_axis(ax)
    ax.set_xlabel(w["date"])
    ax.grid(True, axis="x", alpha=0.3)
    handles = [Patch(color=colours.CRITICAL, label=w["critical"]), Patch(color=colours.NORMAL, label=w["not critical"]),
               Patch(color=colours.FINISHED, label=w["finished"])]
    if driving:
        handles.append(Patch(facecolor="none", edgecolor=colours.DRIVING, label=w["driving"]))
    if baseline is not None:
        handles.append(Patch(color=colours.BASELINE, label=f"{w['baseline']} {baseline.name}"))
    if original is not None:
        handles.append(Patch(color=colours.BASELINE_ORIGINAL, label=f"{w['original']} {original.name}"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")


def _markers(ax: Any, computed: Schedule, portfolio: Portfolio | None, rows: Sequence[ActivitySchedule | str],
             lang: str) -> None:
    """The status date line, the deadlines of the rows' activities, the platforms' contract ends in view."""
    lo, hi = ax.get_xlim()
    due = [date2num(d) for r in rows if not isinstance(r, str) and portfolio is not None
           and (a := portfolio.activities.get(r.id)) is not None and (d := a.deadline) is not None]
    shown = (min([lo, *(d - 10 for d in due)]), max([hi, *(d + 10 for d in due)]))  # every deadline in view
    deadlines(ax, portfolio, [(y, r.id) for y, r in enumerate(rows) if not isinstance(r, str)])
    contract_ends(ax, portfolio, lang, shown)
    status_line(ax, computed.status_date, lang)
    ax.set_xlim(shown)


def _rows(computed: Schedule, by: str | None, activities: Iterable[str] | None, lang: str) -> list[ActivitySchedule | str]:
    """The rows of `gantt_rows`, with a heading (a str) before each group's first row."""
    rows: list[ActivitySchedule | str] = []
    heading = None
    for group, record in gantt_rows(computed, by, activities, lang):
        if by is not None and group != heading:
            rows.append(group)
            heading = group
        rows.append(record)
    return rows


def gantt(
    computed: Schedule,
    *,
    by: str | None = "service",
    baseline: Baseline | None = None,
    original: Baseline | None = None,
    activities: Iterable[str] | None = None,
    portfolio: Portfolio | None = None,
    title: str | None = None,
    lang: str = "nl",
) -> Any:
    """A Gantt chart: one bar per activity (a diamond per milestone), grouped, critical work in red.

    ``by`` groups the rows under a bold heading per ``service``,
    ``migration`` or ``assignment`` (None: no groups, portfolio order);
    activities in no group come last under "(overig)" / "(other)".
    ``baseline`` (the one in force) draws each activity's planned dates as a
    thin grey bar beneath its forecast, ``original`` (the first baseline) a
    thinner, lighter one beneath that. ``activities`` limits the chart to
    those ids (a whole portfolio is tall). Activities on the driving path to
    the portfolio's finish are outlined. The status date is a purple line;
    with ``portfolio`` given, deadlines are triangles on their rows and the
    platforms' contract ends dashed lines. ``lang``: ``"nl"`` or ``"en"``.

    The forecast bars are the axes' container labelled ``forecast``, the
    baselines the ones labelled ``baseline`` and ``original``.

    Args:
        computed: the schedule to draw.
        by: ``service``, ``migration``, ``assignment`` or None.
        baseline: the baseline in force, or None.
        original: the original baseline, or None.
        activities: the ids to show (None: all).
        portfolio: the portfolio, for deadlines and contract ends.
        title: the title (None: "Planning" / "Schedule").
        lang: ``nl`` or ``en``.

    Returns:
        A matplotlib Figure.

    Examples:
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="x.build", duration=Duration(5), service="x"), Activity(id="x.live")])
        >>> ax = gantt(schedule(p), lang="en").axes[0]
        >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.containers[0])
        (['x', '  x.build', '(other)', '  x.live'], 1)
    """
    w = words(lang)
    rows = _rows(computed, by, activities, lang)
    fig = new_figure(11, max(3.0, 0.22 * len(rows) + 1.4))
    ax = fig.add_subplot()
    shown = {r.id for r in rows if not isinstance(r, str)}
    driving = frozenset(r.id for r in computed.driving_path() if r.id in shown) if len(computed) else frozenset()
    _bars(ax, rows, baseline, lang=lang, original=original, driving=driving)
    _markers(ax, computed, portfolio, rows, lang)
    ax.set_ylabel(w[by] if by in w else by or w["activity"])
    ax.set_title(title or w["schedule"], pad=14)
    return fig


def driving_path(
    computed: Schedule,
    milestone: str,
    *,
    baseline: Baseline | None = None,
    original: Baseline | None = None,
    portfolio: Portfolio | None = None,
    title: str | None = None,
    lang: str = "nl",
) -> Any:
    """The driving path to ``milestone`` as a Gantt chart, earliest first, with an arrow per driving link.

    These are the activities that, made longer or later, make the milestone
    later (`Schedule.driving_path`). The status date, deadlines and
    contract ends are marked as in `gantt`.

    Args:
        computed: the schedule.
        milestone: the id of the activity the path leads to.
        baseline: the baseline in force, or None.
        original: the original baseline, or None.
        portfolio: the portfolio, for deadlines and contract ends.
        title: the title (None: "Drijvend pad naar …" / "Driving path to …").
        lang: ``nl`` or ``en``.

    Returns:
        A matplotlib Figure.

    Raises:
        KeyError: for an unknown id.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.scheduling import schedule
        >>> p = load("examples/logius").portfolio
        >>> driving_path(schedule(p), "easi.exit", lang="en").axes[0].get_title()
        'Driving path to easi.exit'
    """
    path = computed.driving_path(milestone)
    fig = new_figure(11, max(3.0, 0.35 * len(path) + 1.4))
    ax = fig.add_subplot()
    _bars(ax, path, baseline, lang=lang, original=original)
    row = {r.id: y for y, r in enumerate(path)}
    for r in path:
        for driver in r.driving:
            if driver in row:
                d = path[row[driver]]
                end = date2num(d.finish + (dt.timedelta(0) if d.milestone else _DAY))
                ax.annotate("", xy=(date2num(r.start), row[r.id]), xytext=(end, row[driver]),
                            arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.8})
    _markers(ax, computed, portfolio, path, lang)
    ax.set_ylabel(words(lang)["activity"])
    ax.set_title(title or f"{words(lang)['driving path to']} {milestone}", pad=14)
    return fig


def mta(history: History, *, title: str | None = None, lang: str = "nl") -> Any:
    """The milestone trend analysis: one line per key milestone across the status updates.

    The chart of [`portfolio.slippage.plot.mta_chart`][portfolio.slippage.plot.mta_chart], with the latest
    status date as a line.

    Args:
        history: the milestones' forecasts across the status updates.
        title: the title (None: "Mijlpalentrendanalyse" / "Milestone trend analysis").
        lang: ``nl`` or ``en``.

    Returns:
        A matplotlib Figure.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.slippage import history
        >>> ax = mta(history(load("examples/logius").portfolio), lang="en").axes[0]
        >>> [line.get_gid() for line in ax.get_lines()][-1]
        'status-date'
    """
    fig = mta_chart(history, title=title or words(lang)["mta"])
    ax = fig.axes[0]
    shown = ax.get_xlim()
    status_line(ax, history.status_dates[-1] if history.status_dates else None, lang)
    ax.set_xlim(shown)
    return fig


def comparison(result: Comparison, *, title: str | None = None, lang: str = "nl") -> Any:
    """The key milestones before (grey) and after (coloured) a what-if, a line between the two dates.

    A milestone that moved later is red, earlier green, unchanged blue.

    Args:
        result: the comparison ([`portfolio.whatif.compare`][portfolio.whatif.compare]).
        title: the title (None: "Wat verschoof" / "What moved").
        lang: ``nl`` or ``en``.

    Returns:
        A matplotlib Figure.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.scheduling import schedule
        >>> from portfolio.whatif import compare, delay
        >>> p = load("examples/logius").portfolio
        >>> moved = compare(schedule(p), schedule(delay(p, "digipoort.landing-decision", "3mo").portfolio), portfolio=p)
        >>> comparison(moved, lang="en").axes[0].get_title()
        'What moved'
    """
    w = words(lang)
    moves = result.key
    fig = new_figure(10, max(2.5, 0.45 * len(moves) + 1.4))
    ax = fig.add_subplot()
    for y, m in enumerate(moves):
        before, after = date2num(m.finish_before), date2num(m.finish_after)
        colour = colours.CRITICAL if m.finish_shift > 0 else colours.RAG["green"] if m.finish_shift < 0 else colours.NORMAL
        ax.plot([before, after], [y, y], color=colour, lw=2, label=m.id)
        ax.scatter([before], [y], color=colours.FINISHED, zorder=3)
        ax.scatter([after], [y], color=colour, zorder=3)
        if m.finish_shift:
            ax.annotate(f"{m.finish_shift:+d} {w['wd']}", (max(before, after), y), xytext=(6, -3),
                        textcoords="offset points", fontsize="small")
    ax.set_yticks(range(len(moves)), [m.id for m in moves], fontsize="small")
    ax.set_ylim(len(moves) - 0.5, -0.5)
    ax.xaxis_date()
    date_axis(ax)
    ax.set_xlabel(w["moved axis"])
    ax.set_title(title or w["what moved"], pad=14)
    ax.grid(True, axis="x", alpha=0.3)
    return fig

