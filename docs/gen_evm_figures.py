"""Render the figures of docs/evm.md into docs/img/ (run by hand after a change; the PNGs are committed).

Run: ``python docs/gen_evm_figures.py``. The figures are drawn on the shipped
example (examples/logius) with the Agg canvas: the portfolio's S-curve (PV of
the baseline in force and of the original baseline, EV and AC at each status
update, the plan's curve behind them) and SPI against SPI(t); and the S-curve of
the published worked example the tests check (tests/fixtures/evm_published/budd).
"""

from __future__ import annotations

from pathlib import Path

from portfolio.evm import evm
from portfolio.evm.plot import s_curve, spi_comparison
from portfolio.io import load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
BUDD = ROOT / "tests" / "fixtures" / "evm_published" / "budd"


def main() -> None:
    """Write docs/img/evm-s-curve.png, evm-s-curve-digipoort.png, evm-spi.png and evm-s-curve-budd.png."""
    report = evm(load(ROOT / "examples" / "logius").portfolio)
    s_curve(report, title="S-curve: Logius migratieportfolio").savefig(OUT / "evm-s-curve.png", dpi=100)
    s_curve(report, level="assignment", id="opd-2023-003").savefig(OUT / "evm-s-curve-digipoort.png", dpi=100)
    spi_comparison(report).savefig(OUT / "evm-spi.png", dpi=100)
    published = evm(load(BUDD).portfolio)
    s_curve(published, level="assignment", title="S-curve: Budd & Budd, chapter 3 exercise").savefig(
        OUT / "evm-s-curve-budd.png", dpi=100)


if __name__ == "__main__":
    main()
