"""The dependency graph: services in layers by dependency, grouped by platform, cycles in red."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any, Final

from portfolio import colours
from portfolio.model import Portfolio
from portfolio.plots._common import day_text, new_figure, words
from portfolio.plots._state import placements, side
from portfolio.scheduling import schedule

_COL: Final = 2.1
"""inches between layers"""
_ROW: Final = 0.42
_MARGIN: Final = 0.35
_HEAD: Final = 0.7
_FONT: Final = 7.0


def layers(portfolio: Portfolio) -> tuple[list[list[str]], set[str]]:
    """The services in layers (a layer depends only on layers left of it) and the services in a cycle.

    A cycle's services share one layer (networkx's condensation, then its
    topological generations).

    Args:
        portfolio: the portfolio.

    Returns:
        The layers, left to right, each in portfolio order; the ids in a cycle.

    Examples:
        >>> from portfolio.model import Service
        >>> p = Portfolio(services=[Service(id="a", name="A", depends_on=("b",)), Service(id="b", name="B")])
        >>> layers(p)
        ([['b'], ['a']], set())
    """
    import networkx as nx  # noqa: PLC0415 - imported when drawn

    graph = nx.DiGraph()
    graph.add_nodes_from(portfolio.services)
    graph.add_edges_from((d, s.id) for s in portfolio.services.values() for d in s.depends_on
                         if d in portfolio.services)
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]
    cyclic = {n for c in condensed.nodes if len(condensed.nodes[c]["members"]) > 1
              for n in condensed.nodes[c]["members"]}
    cyclic.update(n for n in graph if graph.has_edge(n, n))
    order = list(portfolio.services)
    found = []
    for generation in nx.topological_generations(condensed):
        ids = {n for n in order if members[n] in set(generation)}
        found.append([n for n in order if n in ids])
    return found, cyclic


def dependency_graph(portfolio: Portfolio, *, status_date: dt.date | None = None, title: str | None = None,
                     lang: str = "nl") -> Any:
    """Services in layers by dependency, each coloured by the platform it runs on at ``status_date``.

    A service depends only on services left of it; an arrow runs from a
    service to each service it depends on, drawn behind the boxes. Within a
    layer the services are grouped by platform (old infrastructure first).
    Services in a dependency cycle, and the arrows between them, are red.

    Args:
        portfolio: the portfolio.
        status_date: where the services run (None: the latest status update's date).
        title: the title (None: "Diensten en hun afhankelijkheden" / "Services and their dependencies").
        lang: ``nl`` or ``en``.

    Returns:
        A matplotlib Figure; each service's box is a text with ``gid="service:ID"``,
        each arrow a patch with ``gid="depends:ID:ON"``.

    Examples:
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> ax = dependency_graph(p, lang="en").axes[0]
        >>> sum(1 for t in ax.texts if (t.get_gid() or "").startswith("service:")) == len(p.services)
        True
    """
    from matplotlib.patches import FancyArrowPatch, Patch  # noqa: PLC0415 - optional extra

    w = words(lang)
    computed = schedule(portfolio, status_date=status_date)
    where = {p.service: p.platform for p in placements(portfolio, computed)}
    platforms = list(portfolio.platforms)
    rank = {p: (side(portfolio.platforms[p].kind), i) for i, p in enumerate(platforms)}
    colour = {p: colours.PLATFORMS[i % len(colours.PLATFORMS)] for i, p in enumerate(platforms)}
    found, cyclic = layers(portfolio)
    found = [sorted(layer, key=lambda s: rank.get(where[s] or "", (3, 0))) for layer in found]
    tallest = max((len(layer) for layer in found), default=1)
    width = 2 * _MARGIN + _COL * max(len(found), 1) + 1.6
    height = _HEAD + _ROW * (tallest + 0.5) + 0.2
    fig = new_figure(width, height, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    pos: dict[str, tuple[float, float]] = {}
    for i, layer in enumerate(found):
        top = _HEAD + (tallest - len(layer)) * _ROW / 2
        for j, s in enumerate(layer):
            pos[s] = (_MARGIN + _COL * (i + 0.5), top + _ROW * (j + 0.5))
    boxes = {}
    for s, (x, y) in pos.items():
        edge = colours.CRITICAL if s in cyclic else colours.INK
        face = colour.get(where[s] or "", "#ffffff")
        boxes[s] = ax.text(x, y, "\n".join(textwrap.wrap(portfolio.services[s].name, 22)[:2]), ha="center",
                           va="center", fontsize=_FONT, color="white" if where[s] in colour else colours.INK,
                           gid=f"service:{s}", linespacing=1.0, zorder=3,
                           bbox={"boxstyle": "round,pad=0.3", "facecolor": face, "edgecolor": edge,
                                 "lw": 2.0 if s in cyclic else 0.8})
    for service in portfolio.services.values():
        for d in service.depends_on:
            if d in pos:
                red = service.id in cyclic and d in cyclic
                ax.add_patch(FancyArrowPatch(pos[service.id], pos[d], arrowstyle="-|>", mutation_scale=9, zorder=1,
                                             color=colours.CRITICAL if red else "#8f99a6", lw=1.4 if red else 0.8,
                                             patchA=boxes[service.id].get_bbox_patch(), patchB=boxes[d].get_bbox_patch(),
                                             connectionstyle="arc3,rad=0.08", gid=f"depends:{service.id}:{d}"))
    handles = [Patch(color=colour[p], label=portfolio.platforms[p].name) for p in platforms
               if p in where.values()]
    if cyclic:
        handles.append(Patch(facecolor="white", edgecolor=colours.CRITICAL, lw=2, label=w["cycle"]))
    fig.legend(handles=handles, loc="upper right", fontsize=_FONT, frameon=False,
               bbox_to_anchor=(1 - 0.1 / width, 1 - _HEAD / height))
    when = computed.status_date
    fig.text(_MARGIN / width, 1 - 0.15 / height, title or f"{w['graph']}" + (f" ({day_text(when, lang)})" if when else ""),
             ha="left", va="top", fontsize=12, fontweight="bold", color=colours.INK, gid="title")
    fig.text(_MARGIN / width, 1 - 0.45 / height, f"→ {w['depends']}", ha="left", va="top", fontsize=_FONT,
             color=colours.INK)
    return fig
