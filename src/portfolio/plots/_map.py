"""The migration map: platforms as lanes, each service on the platform it runs on at a status date.

The geometry is in inches (the axes fill the figure, one data unit is one
inch), so text measured in points places exactly: one row per service, the
service's box in the lane of the platform it runs on, its next migration a
straight arrow along its own row to the landing lane (so no arrow crosses
another row's label), an open decision a fork of elbow branches, each on its
own level inside the row, to the candidate lanes.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any, Final

from portfolio import colours
from portfolio.model import Portfolio, Rag
from portfolio.plots._common import day_text, new_figure, words
from portfolio.plots._state import STATES, Placement, placements, side
from portfolio.scheduling import Schedule, schedule
from portfolio.slippage import rag, variance

_COL: Final = 1.5
"""lane width"""
_GAP: Final = 0.45
"""between lane groups"""
_MARGIN: Final = 0.3
_ROW: Final = 0.36
_HEAD: Final = 1.6
"""title, group headers, platform headers"""
_FOOT: Final = 0.55
"""the legend"""
_FONT: Final = 7.0
"""points"""
_WRAP: Final = 19
"""characters per line of a service's box"""
_RAG_ORDER: Final = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.GREY)


def _lanes(portfolio: Portfolio, shown: list[Placement]) -> tuple[list[str | None], dict[str | None, float]]:
    """The lanes left to right (old, landing, cloud; None: services on no platform) and each lane's centre."""
    ids: list[str] = sorted(portfolio.platforms, key=lambda p: side(portfolio.platforms[p].kind))
    order: list[str | None] = [*ids]
    if any(s.platform not in portfolio.platforms for s in shown):
        order.append(None)
    centre: dict[str | None, float] = {}
    x, previous = _MARGIN, None
    for lane in order:
        group = side(portfolio.platforms[lane].kind) if lane is not None else 1
        if previous is not None and group != previous:
            x += _GAP
        centre[lane] = x + _COL / 2
        x += _COL
        previous = group
    return order, centre


def _label(place: Placement, lang: str) -> str:
    lines = textwrap.wrap(place.name, _WRAP, break_long_words=True) or [place.service]
    move = place.move
    first = lines[0] if len(lines) == 1 else lines[0][: _WRAP - 1] + "…"
    if move is not None and move.open and move.decision_date is not None:
        return f"{first}\n{words(lang)['decision']} {day_text(move.decision_date, lang)}"
    if move is not None and not move.targets and not move.open and move.forecast is not None:
        return f"{first}\n{words(lang)['retire']} {day_text(move.forecast, lang)}"
    return "\n".join(lines[:2]) if len(lines) <= 2 else lines[0] + "\n" + lines[1][: _WRAP - 1] + "…"


def _rags(portfolio: Portfolio, computed: Schedule) -> dict[str, str]:
    """Each service's RAG: the worst reported for an assignment covering it, else its finish variance's.

    The variance is the service's roll-up against the baseline in force on
    the status date, coloured as the report colours it ([`portfolio.slippage.rag`][portfolio.slippage.rag]).
    """
    update = portfolio.status_update(computed.status_date)
    found: dict[str, str] = {}
    baseline = portfolio.baseline_as_of(computed.status_date)
    if baseline is not None:
        for roll in variance(portfolio, computed, baseline).rollups.get("service", ()):
            if (colour := rag(roll.finish_variance)) in colours.RAG:
                found[roll.id] = colour
    reported: dict[str, Rag] = {}
    for key, report in (update.assignments.items() if update is not None else ()):
        assignment = portfolio.assignments.get(key)
        if assignment is None or report.rag is None:
            continue
        for service in assignment.services:
            known = reported.get(service)
            if known is None or _RAG_ORDER.index(report.rag) < _RAG_ORDER.index(known):
                reported[service] = report.rag
    found.update((s, r.value) for s, r in reported.items())
    return found


def _headers(ax: Any, portfolio: Portfolio, order: list[str | None], centre: dict[str | None, float],
             bottom: float, lang: str) -> None:
    """Lane backgrounds, group headers and platform headers (with the contract end)."""
    from matplotlib.patches import Rectangle  # noqa: PLC0415 - optional extra

    w = words(lang)
    groups: dict[int, list[float]] = {}
    for i, lane in enumerate(order):
        group = side(portfolio.platforms[lane].kind) if lane is not None else 1
        groups.setdefault(group, []).append(centre[lane])
        left = centre[lane] - _COL / 2
        ax.add_patch(Rectangle((left, _HEAD - 0.1), _COL, bottom - _HEAD + 0.1, facecolor=colours.LANE if i % 2 == 0
                               else "white", edgecolor="none", zorder=0, gid=f"lane:{lane or ''}"))
        name = w["unplaced"] if lane is None else portfolio.platforms[lane].name
        text = "\n".join(textwrap.wrap(name, 17, break_long_words=False)[:4])
        end = None if lane is None else portfolio.platforms[lane].contract_end
        if end is not None:
            text += f"\n{w['contract end']}\n{day_text(end, lang)}"
        ax.text(centre[lane], _HEAD - 0.15, text, ha="center", va="bottom", fontsize=_FONT, fontweight="bold",
                color=colours.INK, gid=f"platform:{lane or ''}")
    for group, xs in groups.items():
        ax.text((min(xs) + max(xs)) / 2, 0.7, w[("old", "landing", "cloud")[group]], ha="center", va="bottom",
                fontsize=9, color=colours.INK, gid=f"group:{group}")


def _arrow(ax: Any, start: tuple[float, float], end: tuple[float, float], colour: str, gid: str, *,
           dashed: bool) -> None:
    from matplotlib.patches import FancyArrowPatch  # noqa: PLC0415 - optional extra

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=9, color=colour, lw=1.1,
                                 linestyle="--" if dashed else "-", shrinkA=0, shrinkB=0, zorder=2, gid=gid))


def _move(ax: Any, place: Placement, y: float, box: tuple[float, float], centre: dict[str | None, float],
          colour: str, lang: str) -> None:
    """The next migration: an arrow to a dated box in the landing lane, or a fork to the candidate lanes."""
    move = place.move
    assert move is not None
    targets = [t for t in move.targets if t in centre and t != place.platform]
    if not move.open:
        for target in targets:
            x = centre[target]
            label = day_text(move.forecast, lang) if move.forecast is not None else "?"
            text = ax.text(x, y, label, ha="center", va="center", fontsize=_FONT - 0.5, color=colours.INK,
                           gid=f"cutover:{place.service}", bbox={"boxstyle": "round,pad=0.25", "facecolor": "white",
                                                                "edgecolor": colour, "linestyle": "--"})
            half = _half_width(ax, text)
            start, end = (box[1] + 0.04, x - half - 0.04) if x > box[1] else (box[0] - 0.04, x + half + 0.04)
            _arrow(ax, (start, y), (end, y), colour, f"move:{place.service}:{target}", dashed=False)
        return
    targets.sort(key=lambda t: abs(centre[t] - (box[0] + box[1]) / 2))
    levels = [0.0, -0.11, 0.11, -0.05, 0.05][: len(targets)] if len(targets) <= 5 else [
        -0.12 + 0.24 * i / (len(targets) - 1) for i in range(len(targets))]
    for target, level in zip(targets, sorted(levels, key=abs), strict=True):
        x = centre[target]
        fork = box[1] + 0.1 if x > box[1] else box[0] - 0.1
        start = box[1] + 0.03 if x > box[1] else box[0] - 0.03
        ax.plot([start, fork, fork], [y, y, y + level], color=colour, lw=1.1, ls="--", zorder=2,
                gid=f"fork:{place.service}")
        _arrow(ax, (fork, y + level), (x - 0.07 if x > fork else x + 0.07, y + level), colour,
               f"move:{place.service}:{target}", dashed=True)
        ax.scatter([x], [y + level], s=22, marker="o", facecolors="white", edgecolors=colour, zorder=3,
                   gid=f"candidate:{place.service}:{target}")


def _half_width(ax: Any, text: Any) -> float:
    """Half the rendered width of a text's box (its pad of 0.25 em included), in inches (data units)."""
    extent = text.get_window_extent(ax.figure.canvas.get_renderer())
    width: float = extent.width / ax.figure.dpi / 2 + 0.25 * text.get_fontsize() / 72
    return width


def migration_map(
    portfolio: Portfolio,
    *,
    status_date: dt.date | None = None,
    colour_by: str = "state",
    services: list[str] | None = None,
    title: str | None = None,
    lang: str = "nl",
) -> Any:
    """The migration map as of ``status_date``: platforms as lanes, each service where it runs on that date.

    The old infrastructure's lanes are on the left, the landing platforms in
    the middle, public cloud apart on the right. A service's box stands in
    the lane of the platform it runs on at the status date (its ``platform:``
    until a migration's cutover is finished, then that migration's target);
    its next migration is an arrow to a box in the landing lane showing the
    forecast cutover date, an open landing decision a dashed fork to each
    candidate lane with the decision's forecast date in the service's box.
    Boxes and arrows are coloured by state (migrated, migrating, planned,
    decision open, stays) or, with ``colour_by="rag"``, by the worst RAG
    reported that month for an assignment covering the service, else by the
    service's finish variance against the baseline in force (green on time,
    amber up to 20 working days late, red beyond, grey without a baseline).

    Args:
        portfolio: the portfolio.
        status_date: the date (None: the latest status update's).
        colour_by: ``state`` or ``rag``.
        services: the service ids to show, in this order (None: all, grouped by the lane they run in).
        title: the title (None: "Migratiekaart per …" / "Migration map as of …").
        lang: ``nl`` or ``en``.

    Returns:
        A matplotlib Figure; each artist carries a ``gid`` naming what it
        shows (``service:ID``, ``move:ID:PLATFORM``, ``cutover:ID``,
        ``candidate:ID:PLATFORM``, ``platform:ID``, ``lane:ID``).

    Raises:
        ValueError: for an unknown ``colour_by`` or ``lang``.

    Examples:
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> ax = migration_map(p, status_date=dt.date(2023, 12, 29), lang="en").axes[0]
        >>> [t.get_text() for t in ax.texts if t.get_gid() == "service:stelseldiensten"]
        ['Stelseldiensten']
    """
    if colour_by not in ("state", "rag"):
        raise ValueError(f"colour_by must be 'state' or 'rag', not {colour_by!r}")
    w = words(lang)
    computed = schedule(portfolio, status_date=status_date)
    day = computed.status_date
    every = {p.service: p for p in placements(portfolio, computed)}
    shown = [every[s] for s in services] if services is not None else list(every.values())
    order, centre = _lanes(portfolio, shown)
    if services is None:
        shown.sort(key=lambda p: (order.index(p.platform if p.platform in portfolio.platforms else None),
                                  STATES.index(p.state)))
    rags = _rags(portfolio, computed) if colour_by == "rag" else {}
    width = max(centre.values()) + _COL / 2 + _MARGIN
    bottom = _HEAD + _ROW * (len(shown) + 0.3)
    fig = new_figure(width, bottom + _FOOT, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(bottom + _FOOT, 0)
    ax.set_axis_off()
    _headers(ax, portfolio, order, centre, bottom, lang)
    for i, place in enumerate(shown):
        y = _HEAD + _ROW * (i + 0.65)
        colour = colours.RAG[rags.get(place.service, "grey")] if colour_by == "rag" else colours.STATE[place.state]
        x = centre[place.platform if place.platform in portfolio.platforms else None]
        text = ax.text(x, y, _label(place, lang), ha="center", va="center", fontsize=_FONT, color=colours.INK,
                       gid=f"service:{place.service}", linespacing=1.0,
                       bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": colour, "lw": 1.2})
        if place.move is not None:
            half = _half_width(ax, text)
            _move(ax, place, y, (x - half, x + half), centre, colour, lang)
    _legend(ax, fig, colour_by, lang)
    fig.text(_MARGIN / width, 1 - 0.12 / (bottom + _FOOT), title or f"{w['map']} {day_text(day, lang) if day else ''}",
             ha="left", va="top", fontsize=12, fontweight="bold", color=colours.INK, gid="title")
    fig.text(_MARGIN / width, 1 - 0.4 / (bottom + _FOOT), w["map note"], ha="left", va="top", fontsize=_FONT,
             color=colours.INK, gid="note")
    return fig


def _legend(ax: Any, fig: Any, colour_by: str, lang: str) -> None:
    from matplotlib.patches import Patch  # noqa: PLC0415 - optional extra

    w = words(lang)
    if colour_by == "state":
        handles = [Patch(facecolor="white", edgecolor=colours.STATE[s], label=w[s]) for s in STATES]
    else:
        handles = [Patch(facecolor="white", edgecolor=colours.RAG[r.value], label=w[r.value]) for r in _RAG_ORDER]
    fig.legend(handles=handles, loc="lower left", ncols=len(handles), fontsize=_FONT, frameon=False,
               bbox_to_anchor=(_MARGIN / fig.get_figwidth(), 0.05 / fig.get_figheight()))
