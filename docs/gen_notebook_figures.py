"""Render the figures of docs/notebook.md into docs/img/ (run by hand after a change; the PNGs are committed).

Run: ``python docs/gen_notebook_figures.py``. The figures are those of the
example notebook (``examples/notebooks/architect-tour.ipynb``), drawn on the
shipped example with the Agg canvas.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portfolio import plots
from portfolio.io import load
from portfolio.scheduling import schedule
from portfolio.slippage import history, select_baseline
from portfolio.whatif import choose_platform, compare, delay

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
STATUS = dt.date(2023, 12, 29)
AUGUST = dt.date(2023, 8, 31)


def main() -> None:
    portfolio = load(ROOT / "examples" / "logius").portfolio
    plan = schedule(portfolio, status_date=STATUS)
    baseline = select_baseline(portfolio)
    shown = [a.id for a in portfolio.activities.values() if a.service in ("digipoort", "stelseldiensten")]
    late, _ = delay(portfolio, "digipoort.landing-decision", "3mo", reference=plan)
    to_lpc, _ = choose_platform(portfolio, "stelseldiensten.to-picard", "lpc")
    original = portfolio.baselines["original-2023"]
    figures = {
        "migration-map-2023-08-31.png": plots.migration_map(portfolio, status_date=AUGUST, lang="en"),
        "migration-map-2023-12-29.png": plots.migration_map(portfolio, status_date=STATUS, lang="en"),
        "migratiekaart-2023-12-29.png": plots.migration_map(portfolio, status_date=STATUS, colour_by="rag"),
        "driving-path-easi-exit.png": plots.driving_path(
            plan, "easi.exit", baseline=baseline, original=original, portfolio=portfolio, lang="en"
        ),
        "gantt-digipoort-stelseldiensten.png": plots.gantt(
            plan, baseline=baseline, original=original, activities=shown, portfolio=portfolio,
            title="Digipoort and Stelseldiensten", lang="en",
        ),
        "mta.png": plots.mta(history(portfolio), lang="en"),
        "services-and-platforms.png": plots.dependency_graph(portfolio, lang="en"),
        "whatif-digipoort-decision.png": plots.comparison(
            compare(plan, schedule(late, status_date=STATUS), portfolio=portfolio),
            title="Digipoort's landing decision three months later", lang="en",
        ),
        "whatif-stelseldiensten-lpc.png": plots.gantt(
            schedule(to_lpc, status_date=AUGUST),
            baseline=None,
            activities=[a for a in shown if a.startswith("stelseldiensten.")] + ["lpc.ready", "picard.ready"],
            by=None,
            portfolio=to_lpc,
            title="Stelseldiensten to LPC, as of 31 August 2023",
            lang="en",
        ),
    }
    OUT.mkdir(exist_ok=True)
    for name, figure in figures.items():
        figure.savefig(OUT / name, dpi=80, metadata={"Software": None})
        print(OUT / name)  # noqa: T201 - a script that says what it wrote


if __name__ == "__main__":
    main()
