"""The milestone trend analysis (MTA) chart, drawn with matplotlib (the ``plot`` extra).

matplotlib is imported inside `mta_chart`, so the rest of the
library works without it; without it the function raises ImportError with
the install command.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from portfolio._atomic import write_atomic
from portfolio.slippage._history import History

__all__ = ["mta_chart", "render_mta"]

INSTALL_HINT = "the chart needs matplotlib: pip install 'migration-portfolio[plot]'"


def mta_chart(history: History, *, title: str = "Milestone trend analysis") -> Any:
    """A matplotlib Figure: reporting date on x, forecast date on y, one line per milestone.

    A horizontal line is a stable forecast, a rising line a slip; the
    diagonal marks where forecast equals reporting date (a milestone on it
    is due). Uses the Agg canvas, so it works without a display.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, StatusUpdate
        >>> from portfolio.slippage import history
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="live", duration=Duration(0))],
        ...               status_updates=[StatusUpdate(date=dt.date(2024, 1, 12))])
        >>> fig = mta_chart(history(p, ["live"]))     # doctest: +SKIP
        >>> len(fig.axes[0].get_lines())              # doctest: +SKIP
        2
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - optional extra
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error

    fig = Figure(figsize=(9, 6), layout="constrained")
    FigureCanvasAgg(fig)
    ax: Any = fig.add_subplot()  # matplotlib accepts dates; its stubs say floats
    for trend in history.milestones:
        xs = [p.status_date for p in trend.points]
        ys = [p.forecast for p in trend.points]
        ax.plot(xs, ys, marker="o", label=f"{trend.id}")
    if len(history.status_dates) > 1:
        lo, hi = history.status_dates[0], history.status_dates[-1]
        ax.plot([lo, hi], [lo, hi], linestyle=":", color="grey", label="_due")
    ax.set_xlabel("reporting date (status date)")
    ax.set_ylabel("forecast finish")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if history.milestones:
        ax.legend(loc="best", fontsize="small")
    return fig


def render_mta(history: History, path: Path | str | None = None, *, format: str = "png",
               title: str = "Milestone trend analysis") -> bytes:
    """The MTA chart as PNG or SVG bytes; also written (atomically) to ``path`` when given."""
    if format not in ("png", "svg"):
        raise ValueError(f"format must be png or svg, not {format!r}")
    fig = mta_chart(history, title=title)
    import matplotlib as mpl  # noqa: PLC0415 - mta_chart has checked that it is installed

    buffer = io.BytesIO()
    # no creation date and a fixed id salt: the same history gives the same bytes
    with mpl.rc_context({"svg.hashsalt": "portfolio"}):
        fig.savefig(buffer, format=format, metadata={"Date": None} if format == "svg" else {"Software": None})
    data = buffer.getvalue()
    if path is not None:
        write_atomic(path, data)
    return data
