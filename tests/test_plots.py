"""Notebook plots: each figure is drawn on the example and checked for what it shows, not only that it ran."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from matplotlib.patches import FancyArrowPatch

from portfolio import plots
from portfolio.io import load
from portfolio.scheduling import schedule
from portfolio.slippage import history, select_baseline
from portfolio.whatif import compare, delay

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


@pytest.fixture(scope="module")
def example():
    """The shipped example with its schedule, loaded once."""
    portfolio = load(EXAMPLE).portfolio
    return portfolio, schedule(portfolio)


def container(ax, label):
    """The bar container with this label."""
    return next(c for c in ax.containers if c.get_label() == label)


def test_gantt_groups_bars_and_baseline(example):
    """Two services: a bold heading each, one bar per task, a diamond per milestone, a baseline bar per planned one."""
    portfolio, computed = example
    baseline = select_baseline(portfolio)
    ids = [a.id for a in portfolio.activities.values() if a.service in ("digipoort", "stelseldiensten")]
    ax = plots.gantt(computed, baseline=baseline, activities=ids).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert ["digipoort", "stelseldiensten"] == [
        t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"
    ]
    assert len(ids) + 2 == len(labels)
    tasks = [i for i in ids if not computed[i].milestone]
    assert len(tasks) == len(container(ax, "forecast"))
    assert len([i for i in ids if i in baseline.entries]) == len(container(ax, "baseline"))
    milestones = next(c for c in ax.collections if c.get_label() == "milestone")
    assert len(ids) - len(tasks) == len(milestones.get_offsets())
    assert ("date", "service") == (ax.get_xlabel(), ax.get_ylabel())


def test_gantt_colours_critical_work_red(example):
    """Every critical task's bar is red and no other bar is."""
    _, computed = example
    ax = plots.gantt(computed, by="assignment").axes[0]
    bars = container(ax, "forecast")
    red = sum(1 for bar in bars if bar.get_facecolor()[:3] == pytest.approx((214 / 255, 39 / 255, 40 / 255)))
    assert sum(1 for r in computed.critical() if not r.milestone) == red
    assert red > 0
    assert "assignment" == ax.get_ylabel()


def test_gantt_without_groups_keeps_portfolio_order(example):
    """by=None lists every activity once, in portfolio order."""
    _, computed = example
    ax = plots.gantt(computed, by=None).axes[0]
    assert [f"  {i}" for i in computed.ids] == [t.get_text() for t in ax.get_yticklabels()]


def test_driving_path_draws_the_chain(example):
    """One row per activity on the path to easi.exit and one arrow per driving link between them."""
    _, computed = example
    path = computed.driving_path("easi.exit")
    ax = plots.driving_path(computed, "easi.exit").axes[0]
    assert [f"  {r.id}" for r in path] == [t.get_text() for t in ax.get_yticklabels()]
    ids = {r.id for r in path}
    links = sum(1 for r in path for d in r.driving if d in ids)
    assert links == len([c for c in ax.get_children() if type(c).__name__ == "Annotation"])
    assert len(path) - 1 == links
    assert "Driving path to easi.exit" == ax.get_title()


def test_mta_is_one_line_per_milestone(example):
    """The MTA is the slippage chart: a line per key milestone plus the diagonal."""
    trend = history(example[0])
    ax = plots.mta(trend).axes[0]
    assert len(trend.milestones) + 1 == len(ax.get_lines())
    assert "forecast finish" == ax.get_ylabel()


def test_dependency_graph_nodes_and_arrows(example):
    """A node per service and platform, an arrow per migration to a landing platform (dashed while open)."""
    portfolio, _ = example
    fig = plots.dependency_graph(portfolio)
    ax = fig.axes[0]
    nodes = sum(len(c.get_offsets()) for c in ax.collections)
    assert len(portfolio.services) + len(portfolio.platforms) == nodes
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    moves = [
        (m.service, t)
        for m in portfolio.migrations.values()
        for t in ([m.target] if m.target else m.candidates)
        if t != portfolio.services[m.service].platform
    ]
    depends = [(s.id, d) for s in portfolio.services.values() for d in s.depends_on]
    assert len(set(moves)) + len(depends) == len(arrows)
    dashed = [p for p in arrows if p.get_linestyle() in ("--", "dashed")]
    open_moves = {(m.service, t) for m in portfolio.migrations.values() if m.is_open for t in m.candidates}
    assert len(open_moves) == len(dashed)
    assert [p.name for p in portfolio.platforms.values()] == [t.get_text() for t in ax.get_legend().get_texts()]


def test_comparison_shows_each_key_milestone(example):
    """A line per key milestone; the ones that moved later are red and carry their shift."""
    portfolio, computed = example
    result = compare(computed, schedule(delay(portfolio, "digipoort.landing-decision", "3mo").portfolio), portfolio=portfolio)
    ax = plots.comparison(result).axes[0]
    assert list(result.milestones) == [line.get_label() for line in ax.get_lines()]
    texts = sorted(t.get_text() for t in ax.texts)
    assert ["+60 wd", "+60 wd"] == texts
