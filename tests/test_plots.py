"""Notebook plots: each figure is drawn on the example and checked for what it shows, not only that it ran."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from matplotlib.dates import date2num

from portfolio import colours, plots
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


def _rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def container(ax, label):
    """The bar container with this label."""
    return next(c for c in ax.containers if c.get_label() == label)


def test_gantt_groups_bars_and_baseline(example):
    """Two services: a bold heading each, one bar per task, a diamond per milestone, a baseline bar per planned one."""
    portfolio, computed = example
    baseline = select_baseline(portfolio)
    ids = [a.id for a in portfolio.activities.values() if a.service in ("digipoort", "stelseldiensten")]
    ax = plots.gantt(computed, baseline=baseline, activities=ids, lang="en").axes[0]
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
    ax = plots.gantt(computed, by="assignment", lang="en").axes[0]
    bars = container(ax, "forecast")
    red = sum(1 for bar in bars if bar.get_facecolor()[:3] == pytest.approx(_rgb(colours.CRITICAL)))
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
    ax = plots.driving_path(computed, "easi.exit", lang="en").axes[0]
    assert [f"  {r.id}" for r in path] == [t.get_text() for t in ax.get_yticklabels()]
    ids = {r.id for r in path}
    links = sum(1 for r in path for d in r.driving if d in ids)
    assert links == len([c for c in ax.get_children() if type(c).__name__ == "Annotation" and not c.get_text()])
    assert len(path) - 1 == links
    assert "Driving path to easi.exit" == ax.get_title()


def test_mta_is_one_line_per_milestone(example):
    """The MTA is the slippage chart: a line per key milestone plus the diagonal."""
    trend = history(example[0])
    ax = plots.mta(trend, lang="en").axes[0]
    assert len(trend.milestones) + 2 == len(ax.get_lines())  # and the status date
    assert "forecast finish" == ax.get_ylabel()


def test_comparison_shows_each_key_milestone(example):
    """A line per key milestone; the ones that moved later are red and carry their shift."""
    portfolio, computed = example
    result = compare(computed, schedule(delay(portfolio, "digipoort.landing-decision", "3mo").portfolio), portfolio=portfolio)
    ax = plots.comparison(result, lang="en").axes[0]
    assert list(result.milestones) == [line.get_label() for line in ax.get_lines()]
    texts = sorted(t.get_text() for t in ax.texts)
    assert ["+60 wd", "+60 wd"] == texts


def test_time_plots_know_their_date(example):
    """The status date is a line; deadlines are triangles on their rows; contract ends in view are dashed lines."""
    portfolio, computed = example
    ax = plots.gantt(computed, portfolio=portfolio, lang="en").axes[0]
    status = [line for line in ax.get_lines() if line.get_gid() == "status-date"]
    assert 1 == len(status)
    assert status[0].get_xdata()[0] == pytest.approx(_num(computed.status_date))
    label = next(t for t in ax.texts if t.get_gid() == "status-date-label")
    assert "status date 29 Dec 2023" == label.get_text()
    with_deadline = [a for a in portfolio.activities.values() if a.deadline is not None]
    marks = next(c for c in ax.collections if c.get_label() == "deadline")
    assert len(with_deadline) == len(marks.get_offsets()) > 0
    ends = [p for p in portfolio.platforms.values() if p.contract_end is not None]
    lo, hi = ax.get_xlim()
    shown = {i for line in ax.get_lines() if (line.get_gid() or "").startswith("contract-end:")
             for i in line.get_gid()[13:].split(",")}
    assert {p.id for p in ends if lo <= _num(p.contract_end) <= hi} == shown
    path = plots.driving_path(computed, "easi.exit", portfolio=portfolio, lang="en").axes[0]
    assert ["contract-end:easi,koop-legacy"] == [ln.get_gid() for ln in path.get_lines()
                                                 if (ln.get_gid() or "").startswith("contract-end:")]
    marks = next(c for c in path.collections if c.get_label() == "deadline")
    assert [(_num(dt.date(2024, 12, 31)), len(path.get_yticklabels()) - 1 - 0.32)] == [tuple(o) for o in
                                                                                      marks.get_offsets()]


def test_gantt_draws_both_baselines_and_outlines_the_driving_path(example):
    portfolio, computed = example
    first, *_, current = portfolio.baselines.values()
    ax = plots.gantt(computed, baseline=current, original=first, lang="nl").axes[0]
    assert len([a for a in computed.ids if a in first.entries]) == len(container(ax, "original"))
    driving = {r.id for r in computed.driving_path() if not r.milestone}
    bars = container(ax, "forecast")
    tasks = [r for r in computed if not r.milestone]
    outlined = {r.id for r, bar in zip(_ordered(ax, computed), bars, strict=True) if bar.get_linewidth() > 0
                and bar.get_edgecolor()[:3] == pytest.approx(_rgb(colours.DRIVING))}
    assert driving == outlined
    assert len(tasks) == len(bars)
    assert "kritiek" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert "datum" == ax.get_xlabel()


def _ordered(ax, computed):
    """The task records in the order of the forecast bars (rows top to bottom)."""
    ids = [t.get_text().strip() for t in ax.get_yticklabels()]
    return [computed[i] for i in ids if i in computed and not computed[i].milestone]


def _num(day):
    return date2num(day)
