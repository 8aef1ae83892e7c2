"""Render the figures and figures' numbers of docs/risk.md (run by hand after a change; the PNGs are committed).

Run: ``python docs/gen_risk_figures.py``. The example portfolio, 10,000 runs, seed 0, at its latest
status update (29 December 2023); it prints the table that docs/risk.md quotes.
"""

from __future__ import annotations

from pathlib import Path

from portfolio.io import load
from portfolio.risk import plot, simulate

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"


def main() -> None:
    result = simulate(load(ROOT / "examples" / "logius").portfolio, runs=10_000, seed=0)
    figures = {"risk-histogram-easi-exit.png": plot.histogram(result),
               "risk-s-curve-easi-exit.png": plot.s_curve(result),
               "risk-tornado-easi-exit.png": plot.tornado(result)}
    for name, fig in figures.items():
        fig.savefig(OUT / name, dpi=100, metadata={"Software": None})
        print(f"wrote docs/img/{name}")  # noqa: T201 - a script that says what it wrote
    for row in result.summary():
        print(row["id"], row["deterministic"], *(row[f"p{p}"] for p in (10, 50, 80, 90)),  # noqa: T201
              row["deadline"], row["probability"])
    for c in result.contributions:
        print(c.id, c.p80_without, c.days)  # noqa: T201 - the figures docs/risk.md quotes
    for found in result.sensitivity(6):
        print(*found)  # noqa: T201


if __name__ == "__main__":
    main()
