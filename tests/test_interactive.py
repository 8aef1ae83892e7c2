"""The interactive figures (plotly): their data (traces, hover fields), and that each page loads offline in Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("plotly")

from portfolio import colours, plots
from portfolio.cli import main
from portfolio.io import load
from portfolio.plots import interactive
from portfolio.plots._state import placements
from portfolio.scheduling import schedule
from portfolio.slippage import select_baseline

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND")  # offline


@pytest.fixture(scope="module")
def example():
    portfolio = load(EXAMPLE).portfolio
    return portfolio, schedule(portfolio)


def test_gantt_traces_and_hover(example):
    """One bar per activity across the three kinds, each with its dates, float, drivers and baseline on hover."""
    portfolio, computed = example
    baseline = select_baseline(portfolio)
    fig = interactive.gantt(computed, baseline=baseline, lang="en")
    bars = {t.name: t for t in fig.data}
    assert {"critical", "not critical", "finished", "baseline"} == set(bars)
    assert len(computed) == sum(len(bars[k].y) for k in ("critical", "not critical", "finished"))
    assert colours.CRITICAL == bars["critical"].marker.color
    assert {r.id for r in computed if r.critical and not r.finished} == {c[0] for c in bars["critical"].customdata}
    row = next(c for c in bars["not critical"].customdata)
    record = computed[row[0]]
    assert (record.total_float, ", ".join(record.driving) or "—") == (row[4], row[5])
    for field in ("customdata[2]", "customdata[3]", "float", "driver", "baseline"):
        assert field in bars["critical"].hovertemplate
    assert len([a for a in computed.ids if a in baseline.entries]) == len(bars["baseline"].y)
    assert fig.layout.xaxis.rangeslider.visible
    assert [computed.status_date.isoformat()] == [s.x0 for s in fig.layout.shapes]
    labels = list(fig.layout.yaxis.categoryarray)
    assert labels[0].startswith(next(iter(computed.rollups("service"))) + " · ")


def test_gantt_groups_by_assignment(example):
    portfolio, computed = example
    fig = interactive.gantt(computed, by="assignment", lang="nl")
    groups = {label.split(" · ")[0] for label in fig.layout.yaxis.categoryarray}
    ax = plots.gantt(computed, by="assignment", lang="nl").axes[0]
    headings = {t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"}
    assert headings == groups  # the same groups as the static Gantt
    assert len(groups - {"(overig)"}) >= 5
    assert groups - {"(overig)"} <= set(portfolio.assignments)
    assert "opdracht" == fig.layout.yaxis.title.text


def test_map_slider_steps_through_the_status_updates(example):
    """A step per status update; each shows its own traces, in which each service stands in its lane of that date."""
    portfolio, _ = example
    fig = interactive.migration_map(portfolio, lang="en")
    days = [u.date for u in portfolio.status_updates]
    steps = fig.layout.sliders[0].steps
    assert len(days) == len(steps)
    per = len(fig.data) // len(days)
    lanes = {t.replace("<br>", " "): v for t, v in zip(fig.layout.xaxis.ticktext, fig.layout.xaxis.tickvals, strict=True)}
    for k, (day, step) in enumerate(zip(days, steps, strict=True)):
        visible = step.args[0]["visible"]
        assert [j // per == k for j in range(len(fig.data))] == visible
        shown = [t for t, v in zip(fig.data, visible, strict=True) if v and t.mode == "markers+text"]
        x = {c[0]: xv for t in shown for c, xv in zip(t.customdata, t.x, strict=True)}
        truth = {p.service: p.platform for p in placements(portfolio, schedule(portfolio, status_date=day))}
        assert {s: lanes[portfolio.platforms[p].name] for s, p in truth.items() if p} == x
    assert fig.data[-1].visible
    assert not fig.data[0].visible


def _load(tmp_path: Path, page: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
                           "--v=0", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("which", ["gantt", "map"])
def test_html_is_self_contained_and_loads_in_chromium(example, tmp_path, which):
    """One file, plotly.js inline; Chromium, offline, draws the plot and logs no console error."""
    portfolio, computed = example
    fig = interactive.gantt(computed) if which == "gantt" else interactive.migration_map(portfolio)
    page = interactive.save_html(fig, tmp_path / f"{which}.html")
    text = page.read_text(encoding="utf-8")
    assert "<script src=" not in text.replace('<script src="data:', "")
    assert len(text) > 3_000_000  # plotly.js itself, inline
    done = _load(tmp_path, page)
    assert 0 == done.returncode, done.stderr
    assert 'class="main-svg"' in done.stdout  # plotly drew its SVG
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert [] == console


def test_status_dates_can_be_chosen(example):
    portfolio, _ = example
    fig = interactive.migration_map(portfolio, status_dates=[dt.date(2023, 8, 31)], lang="nl")
    assert ["31 aug 2023"] == [s.label for s in fig.layout.sliders[0].steps]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_monthly_report_with_interactive_gantt_loads_offline(tmp_path):
    """``portfolio report monthly --interactive``: the HTML page gains the plotly Gantt and still loads offline."""
    page = tmp_path / "maand.html"
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--format", "html",
                      "-o", str(page), "--interactive"])
    text = page.read_text(encoding="utf-8")
    assert 1 == text.count('<section id="interactive-gantt">')
    assert text.index('<section id="interactive-gantt">') < text.index("</body>")
    done = _load(tmp_path, page)
    assert 0 == done.returncode, done.stderr
    assert 'class="main-svg"' in done.stdout
    assert [] == [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    plain = tmp_path / "plain.html"
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--format", "html", "-o", str(plain)])
    assert "<script" not in plain.read_text(encoding="utf-8")
