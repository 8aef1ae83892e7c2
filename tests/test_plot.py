"""The milestone trend chart: one line per milestone, dated axes, PNG and SVG output (Agg, no display)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.io import load
from portfolio.slippage import history

pytest.importorskip("matplotlib")

from portfolio.slippage.plot import mta_chart, render_mta

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


@pytest.fixture(scope="module")
def trend():
    """The example's history, computed once."""
    return history(load(EXAMPLE).portfolio)


def test_one_line_per_milestone(trend):
    """Each milestone is a line through its forecasts; the dotted diagonal is the only other line."""
    ax = mta_chart(trend).axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert [t.id for t in trend.milestones] + ["_due"] == labels
    first = ax.get_lines()[0]
    assert len(trend.milestones[0].points) == len(first.get_xdata())


def test_axes_say_what_they_show(trend):
    """Reporting date on x, forecast on y, a legend naming the milestones."""
    ax = mta_chart(trend, title="Logius").axes[0]
    assert ("reporting date (status date)", "forecast finish", "Logius") == (
        ax.get_xlabel(), ax.get_ylabel(), ax.get_title())
    assert [t.id for t in trend.milestones] == [text.get_text() for text in ax.get_legend().get_texts()]


def test_png_and_svg(trend, tmp_path):
    """PNG and SVG bytes are what they claim; the SVG is the same on every run."""
    png = render_mta(trend, tmp_path / "mta.png")
    assert png.startswith(b"\x89PNG")
    assert png == (tmp_path / "mta.png").read_bytes()
    svg = render_mta(trend, format="svg")
    assert b"<svg" in svg
    assert svg == render_mta(trend, format="svg")
    with pytest.raises(ValueError, match="png or svg"):
        render_mta(trend, format="gif")
