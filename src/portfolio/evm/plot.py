"""Earned-value charts with matplotlib (the ``plot`` extra, imported on use).

- `s_curve`: PV (baseline in force and original), EV and AC of one subject against time, with
  the status dates, and the plan's curve between them;
- `index_trend`: SPI and CPI per status update;
- `spi_comparison`: SPI against SPI(t) per status update (SPI drifts back to 1 at the end of a late
  project, SPI(t) does not).
"""

from __future__ import annotations

from typing import Any

from portfolio.evm._portfolio import EvmReport, EvmRow

__all__ = ["index_trend", "s_curve", "spi_comparison"]

INSTALL_HINT = "the chart needs matplotlib: pip install 'migration-portfolio[plot]'"


def _figure() -> tuple[Any, Any]:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - optional extra
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    fig = Figure(figsize=(9, 5.5), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _rows(report: EvmReport, level: str, id: str | None) -> tuple[EvmRow, ...]:
    rows = report.select(level=level, id=id)
    if not rows:
        raise KeyError(f"no figures of {level} {id!r}" if id else f"no figures at level {level!r}")
    return rows


def s_curve(report: EvmReport, *, level: str = "portfolio", id: str | None = None, title: str | None = None) -> Any:
    """The S-curve of one subject: cumulative PV, PV (original), EV and AC at each status date.

    Args:
        report: the result of [`portfolio.evm.evm`][portfolio.evm.evm].
        level: ``assignment``, ``service`` or ``portfolio``.
        id: the subject (default: the first at that level).
        title: the chart's title.

    Returns:
        A matplotlib Figure (Agg canvas: no display needed).

    Raises:
        KeyError: when the report has no figures of that subject.
        ImportError: without matplotlib.

    Examples:
        The portfolio's S-curve, written to a PNG file (the Agg canvas needs no display):

        >>> import tempfile
        >>> from pathlib import Path
        >>> from portfolio.evm import evm
        >>> from portfolio.io import load
        >>> fig = s_curve(evm(load("examples/logius").portfolio))
        >>> [line.get_label() for line in fig.axes[0].get_lines()][:6]
        ['plan (replan-2023)', 'PV (baseline in force)', 'PV (original)', 'EV', 'AC', 'BAC']
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     fig.savefig(Path(folder) / "s-curve.png")
        ...     (Path(folder) / "s-curve.png").stat().st_size > 10_000
        True
    """
    rows = _rows(report, level, id)
    rows = tuple(r for r in rows if r.id == rows[0].id)
    fig, ax = _figure()
    dates = [r.date for r in rows]
    if rows[-1].curve:
        ax.plot([d for d, _ in rows[-1].curve], [v for _, v in rows[-1].curve], color="lightgrey",
                label=f"plan ({rows[-1].baseline})")
    for name, label, style in (("pv", "PV (baseline in force)", "-"), ("pv_original", "PV (original)", ":"),
                               ("ev", "EV", "-"), ("ac", "AC", "--")):
        values = [getattr(r.figures, name) for r in rows]
        ax.plot(dates, [float("nan") if v is None else v for v in values], style, marker="o", label=label)
    bac = rows[-1].figures.bac
    if bac is not None:
        ax.axhline(bac, color="grey", linewidth=0.8, label="BAC")
    for day in dates:
        ax.axvline(day, color="grey", linewidth=0.5, alpha=0.4)
    ax.set_xlabel("status date")
    ax.set_ylabel("euros (cumulative)")
    ax.set_title(title or f"S-curve: {rows[0].name}")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    return fig


def _trend(report: EvmReport, names: tuple[tuple[str, str], ...], level: str, id: str | None, title: str) -> Any:
    rows = _rows(report, level, id)
    rows = tuple(r for r in rows if r.id == rows[0].id)
    fig, ax = _figure()
    for name, label in names:
        values = [getattr(r.figures, name) for r in rows]
        ax.plot([r.date for r in rows], [float("nan") if v is None else v for v in values], marker="o", label=label)
    ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("status date")
    ax.set_ylabel("index")
    ax.set_title(f"{title}: {rows[0].name}")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return fig


def index_trend(report: EvmReport, *, level: str = "portfolio", id: str | None = None) -> Any:
    """SPI and CPI of one subject per status update (1.0 is on plan).

    Args:
        report: the result of [`portfolio.evm.evm`][portfolio.evm.evm].
        level: ``assignment``, ``service`` or ``portfolio``.
        id: the subject (default: the first at that level).

    Returns:
        A matplotlib Figure with an SPI and a CPI line over the status dates.

    Examples:
        Digipoort's CPI falls at each of the example's status updates:

        >>> from portfolio.evm import evm
        >>> from portfolio.io import load
        >>> report = evm(load("examples/logius").portfolio, levels=["assignment"])
        >>> spi, cpi = index_trend(report, level="assignment", id="opd-2023-003").axes[0].get_lines()[:2]
        >>> cpi.get_label(), [round(float(v), 2) for v in cpi.get_ydata()]
        ('CPI', [0.94, 0.82, 0.77])
    """
    return _trend(report, (("spi", "SPI"), ("cpi", "CPI")), level, id, "SPI and CPI")


def spi_comparison(report: EvmReport, *, level: str = "portfolio", id: str | None = None) -> Any:
    """SPI against SPI(t) of one subject per status update.

    The cost-based SPI of a late project drifts back to 1.0 as its end nears, whatever happened; the
    earned-schedule SPI(t) does not (``docs/evm.md``).

    Args:
        report: the result of [`portfolio.evm.evm`][portfolio.evm.evm].
        level: ``assignment``, ``service`` or ``portfolio``.
        id: the subject (default: the first at that level).

    Returns:
        A matplotlib Figure with the two lines over the status dates.

    Examples:
        In December the portfolio's SPI has climbed to 0.92; SPI(t) says 0.88:

        >>> from portfolio.evm import evm
        >>> from portfolio.io import load
        >>> fig = spi_comparison(evm(load("examples/logius").portfolio))
        >>> [(line.get_label(), round(float(line.get_ydata()[-1]), 2)) for line in fig.axes[0].get_lines()[:2]]
        [('SPI (cost-based)', 0.92), ('SPI(t) (earned schedule)', 0.88)]
    """
    return _trend(report, (("spi", "SPI (cost-based)"), ("spi_t", "SPI(t) (earned schedule)")), level, id,
                  "SPI and SPI(t)")
