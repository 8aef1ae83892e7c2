"""Interactive pictures for a browser or a notebook: plotly figures (the ``interactive`` extra).

plotly rather than altair: its HTML carries plotly.js inline (one file that
works offline, no CDN, no vega runtime to fetch), hover, zoom and a slider
need no server, and its figures are plain data (traces, ``customdata``,
``hovertemplate``) a test can read.

- `gantt`: one bar per activity, hover with the dates, float, driving
  predecessors and baseline; zoom and a range slider; grouped by service,
  migration or assignment; the status date as a line.
- `migration_map`: the services in their platform lanes with a slider
  over the status updates.
- `to_html`: one self-contained HTML page (or a fragment to embed).

plotly is imported when a function is called; without it they raise
ImportError with the install command.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from portfolio import colours
from portfolio._atomic import write_atomic
from portfolio.model import Baseline, Portfolio
from portfolio.plots._common import day_text, gantt_rows, words
from portfolio.plots._state import STATES, Placement, placements, side
from portfolio.scheduling import ActivitySchedule, Progress, Schedule, schedule

__all__ = ["gantt", "migration_map", "save_html", "to_html"]

INSTALL_HINT: Final = "the interactive plots need plotly: pip install 'migration-portfolio[interactive]'"
"""What to run when plotly is missing."""

_DAY_MS: Final = 86_400_000


def _go() -> Any:
    try:
        import plotly.graph_objects as go  # noqa: PLC0415 - optional extra
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return go


def _class(record: ActivitySchedule) -> str:
    if record.progress is Progress.FINISHED:
        return "finished"
    return "critical" if record.critical else "not critical"


def gantt(
    computed: Schedule,
    *,
    by: str | None = "service",
    baseline: Baseline | None = None,
    activities: Iterable[str] | None = None,
    title: str | None = None,
    lang: str = "nl",
) -> Any:
    """An interactive Gantt chart: a bar per activity, hover with its dates, float, drivers and baseline.

    One trace per kind of bar (``critical``, ``not critical``, ``finished``,
    and ``baseline`` beneath), so a click on the legend hides a kind; the
    rows are ``group · id`` in the order of [`portfolio.plots.gantt`][portfolio.plots.gantt].
    Each bar's ``customdata`` is (id, name, start, finish, total float,
    driving predecessors, baseline start, baseline finish), shown on hover.
    The status date is a vertical line; a range slider under the time axis
    zooms (as does dragging).

    Args:
        computed: the schedule.
        by: ``service``, ``migration``, ``assignment`` or None.
        baseline: the baseline in force, or None.
        activities: the ids to show (None: all).
        title: the title (None: "Planning" / "Schedule").
        lang: ``nl`` or ``en``.

    Returns:
        A plotly Figure.

    Examples:
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> fig = gantt(schedule(p), lang="en")
        >>> sorted({t.name for t in fig.data})
        ['critical', 'finished', 'not critical']
    """
    go = _go()
    w = words(lang)
    rows = gantt_rows(computed, by, activities, lang)
    labels = [f"{g} · {r.id}" if g else r.id for g, r in rows]
    fig = go.Figure()
    none = "—"
    for kind, colour in (("critical", colours.CRITICAL), ("not critical", colours.NORMAL),
                         ("finished", colours.FINISHED)):
        picked = [(label, r) for label, (_, r) in zip(labels, rows, strict=True) if _class(r) == kind]
        data = []
        for _, r in picked:
            entry = baseline.entries.get(r.id) if baseline is not None else None
            data.append((r.id, r.name, day_text(r.start, lang), day_text(r.finish, lang), r.total_float,
                         ", ".join(r.driving) or none, day_text(entry.start, lang) if entry else none,
                         day_text(entry.finish, lang) if entry else none))
        fig.add_trace(go.Bar(
            name=kind, orientation="h", y=[label for label, _ in picked],
            base=[r.start.isoformat() for _, r in picked],
            x=[max(((r.finish - r.start).days + (0 if r.milestone else 1)) * _DAY_MS, _DAY_MS / 2) for _, r in picked],
            marker_color=colour, customdata=data, legendgroup=kind,
            hovertemplate=(f"<b>%{{customdata[0]}}</b> %{{customdata[1]}}<br>%{{customdata[2]}} – %{{customdata[3]}}"
                           f"<br>float: %{{customdata[4]}} {w['wd']}<br>driver: %{{customdata[5]}}"
                           f"<br>{w['baseline']}: %{{customdata[6]}} – %{{customdata[7]}}<extra>{w[kind]}</extra>"),
        ))
    if baseline is not None:
        planned = [(label, baseline.entries[r.id]) for label, (_, r) in zip(labels, rows, strict=True)
                   if r.id in baseline.entries]
        fig.add_trace(go.Bar(
            name="baseline", orientation="h", y=[label for label, _ in planned],
            base=[e.start.isoformat() for _, e in planned],
            x=[((e.finish - e.start).days + 1) * _DAY_MS for _, e in planned], width=0.2, offset=0.25,
            marker_color=colours.BASELINE, hoverinfo="skip",
        ))
    if computed.status_date is not None:
        fig.add_vline(x=computed.status_date.isoformat(), line_color=colours.STATUS_DATE, line_width=2)
        fig.add_annotation(x=computed.status_date.isoformat(), y=1.0, yref="paper", yanchor="bottom",
                           text=f"{w['status date']} {day_text(computed.status_date, lang)}", showarrow=False,
                           font={"color": colours.STATUS_DATE, "size": 11})
    fig.update_layout(
        title=title or w["schedule"], barmode="overlay", height=max(320, 18 * len(rows) + 160),
        yaxis={"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "title": w.get(by or "", "")},
        xaxis={"type": "date", "rangeslider": {"visible": True}, "title": w["date"]},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        template="plotly_white", margin={"t": 110},
    )
    return fig


def _lane_order(portfolio: Portfolio) -> list[str]:
    return sorted(portfolio.platforms, key=lambda p: side(portfolio.platforms[p].kind))


def _map_traces(go: Any, shown: Sequence[Placement], row: dict[str, int], x: dict[str, int], lang: str,
                day: dt.date) -> list[Any]:
    """The traces of one status date: the moves (lines), then one marker trace per state."""
    w = words(lang)
    line_x: list[float | None] = []
    line_y: list[float | None] = []
    for p in shown:
        if p.move is None or p.platform not in x:
            continue
        for target in p.move.targets:
            if target in x and target != p.platform:
                line_x += [x[p.platform], x[target], None]
                line_y += [row[p.service], row[p.service], None]
    traces = [go.Scatter(x=line_x, y=line_y, mode="lines", line={"color": "#8f99a6", "width": 1},
                         hoverinfo="skip", name=f"{day.isoformat()} moves", showlegend=False)]
    for state in STATES:
        members = [p for p in shown if p.state == state and p.platform in x]
        traces.append(go.Scatter(
            x=[x[p.platform] for p in members if p.platform], y=[row[p.service] for p in members],
            mode="markers+text", text=[p.name for p in members], textposition="middle right",
            marker={"color": colours.STATE[state], "size": 11, "line": {"color": colours.INK, "width": 0.5}},
            name=w[state], legendgroup=state,
            customdata=[(p.service, p.platform, _move_text(p, lang)) for p in members],
            hovertemplate="<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        ))
    return traces


def _move_text(place: Placement, lang: str) -> str:
    w = words(lang)
    move = place.move
    if move is None:
        return w[place.state]
    if move.open:
        when = day_text(move.decision_date, lang) if move.decision_date else "?"
        return f"{w['decision']} {when}: {' / '.join(move.targets)}"
    when = day_text(move.forecast, lang) if move.forecast else "?"
    return f"→ {' / '.join(move.targets)}, {w['cutover']} {when}"


def migration_map(portfolio: Portfolio, *, status_dates: Sequence[dt.date] | None = None, lang: str = "nl") -> Any:
    """The migration map with a slider over the status updates: where each service runs on each date.

    One row per service, one column per platform (old infrastructure left,
    public cloud right); on each date a marker per service in the lane it
    runs in, coloured by state, and a line to where it moves next. The
    slider shows one date's traces at a time (each date has 1 + 5 traces:
    the moves, then one per state); hover names the next move and its date.

    Args:
        portfolio: the portfolio.
        status_dates: the dates (None: every status update's).
        lang: ``nl`` or ``en``.

    Returns:
        A plotly Figure.

    Examples:
        >>> from portfolio.io import load
        >>> fig = migration_map(load("examples/logius").portfolio, lang="en")
        >>> [s.label for s in fig.layout.sliders[0].steps]
        ['28 Apr 2023', '31 Aug 2023', '29 Dec 2023']
    """
    go = _go()
    days = list(status_dates) if status_dates is not None else [u.date for u in portfolio.status_updates]
    lanes = _lane_order(portfolio)
    x = {p: i for i, p in enumerate(lanes)}
    first = placements(portfolio, schedule(portfolio, status_date=days[0] if days else None))
    ordered = sorted(first, key=lambda p: (x.get(p.platform or "", len(lanes)), p.service))
    row = {p.service: i for i, p in enumerate(ordered)}
    fig = go.Figure()
    per = 1 + len(STATES)
    for k, day in enumerate(days):
        for trace in _map_traces(go, placements(portfolio, schedule(portfolio, status_date=day)), row, x, lang, day):
            trace.visible = k == len(days) - 1
            fig.add_trace(trace)
    steps = [{"method": "update", "label": day_text(day, lang),
              "args": [{"visible": [j // per == k for j in range(per * len(days))]},
                       {"title": f"{words(lang)['map']} {day_text(day, lang)}"}]} for k, day in enumerate(days)]
    fig.update_layout(
        title=f"{words(lang)['map']} {day_text(days[-1], lang)}" if days else words(lang)["map"],
        sliders=[{"active": len(days) - 1, "steps": steps, "currentvalue": {"visible": False}}],
        xaxis={"tickvals": list(x.values()), "tickangle": 0, "side": "top", "range": [-0.5, len(lanes) + 0.5],
               "ticktext": ["<br>".join(textwrap.wrap(portfolio.platforms[p].name, 16, break_long_words=False))
                            for p in lanes]},
        margin={"t": 170},
        yaxis={"visible": False, "autorange": "reversed"}, height=max(420, 22 * len(row) + 200),
        template="plotly_white",
    )
    return fig


def to_html(figure: Any, *, full: bool = True) -> str:
    """The figure as HTML with plotly.js inlined (works offline): a whole page, or a ``<div>`` to embed."""
    html: str = figure.to_html(include_plotlyjs=True, full_html=full)
    return html


def save_html(figure: Any, path: Path | str) -> Path:
    """Write the figure as one self-contained HTML file (atomically); returns the path.

    Args:
        figure: a plotly Figure.
        path: where to write it.

    Returns:
        The path written.
    """
    target = Path(path)
    write_atomic(target, to_html(figure).encode("utf-8"))
    return target
