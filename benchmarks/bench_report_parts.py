"""Where the report data's time goes: each part of ``monthly_report`` at two sizes, with its growth exponent.

Run: ``python benchmarks/bench_report_parts.py`` (``--sizes 10000 50000``, ``--repeat 5``; ``--keep DIR``
keeps the generated portfolios there for the next run). ``--write docs/performance.md`` replaces the table
between the lines ``<!-- bench_report_parts -->`` and ``<!-- /bench_report_parts -->`` there, and nothing else.

The portfolios are :mod:`bench_scale`'s (services of 100 activities, one running assignment per service),
the period its ``2024-03``. Each run times :func:`portfolio.report.monthly_report` on a fresh copy of the
portfolio (``attrs.evolve``, made outside the timing: a schedule and the shared indexes are remembered per
live portfolio), scheduling included, as ``bench_scale``'s "report data" row does. The parts are the
functions ``monthly_report`` calls, each wrapped by a timer for the run: a part's time is its own, without
the parts it calls (``_basis`` without the variances, missed dates, roll-ups and money colours it gathers);
"other" is the rest of ``monthly_report``. CPU seconds (``time.process_time``), medians of ``--repeat`` runs;
the growth exponent is log(t(large) / t(small)) / log(large / small): 1 is linear. The wrappers cost about a
microsecond per call (a few hundred calls per run).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
from _tables import load_average, write_block
from bench_load import generate
from bench_scale import PERIOD, add_assignments

from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.report import data, monthly_report

#: (module, name, label): the calls of ``monthly_report`` (and of ``_basis``) that are timed as parts.
PARTS: tuple[tuple[Any, str, str], ...] = (
    (data, "schedule", "schedule"),
    (data, "report_figures", "figures (report_figures)"),
    (data, "_previous", "previous update (_previous)"),
    (data, "VarianceLookup", "variance lookups"),
    (data, "missed_dates", "missed dates"),
    (data, "rollups", "roll-ups"),
    (data, "_money_colours", "money colours (evm)"),
    (data, "_basis", "basis, rest"),
    (data, "run_rules", "rules"),
    (data, "_lines", "assignment lines (scope, tables)"),
    (data, "milestone_trends", "history (milestone_trends)"),
    (data, "restatements", "restatements"),
    (data, "sections", "risk and waves (sections)"),
    (data, "_path", "driving path"),
    (data, "_movers", "movers"),
)
OTHER = "other"
TOTAL = "report data (total)"


class _Clock:
    """Own CPU seconds per part of one run: a wrapped call's time, less that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._inner: list[float] = []

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._inner.append(0.0)
            begin = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.process_time() - begin
                inner = self._inner.pop()
                self.spent[label] = self.spent.get(label, 0.0) + took - inner
                if self._inner:
                    self._inner[-1] += took

        return timed


@contextmanager
def wrapped(clock: _Clock) -> Iterator[None]:
    """The parts of ``monthly_report`` timed by ``clock`` while inside."""
    saved = [(module, name, getattr(module, name)) for module, name, _ in PARTS]
    try:
        for (module, name, label), (_, _, fn) in zip(PARTS, saved, strict=True):
            setattr(module, name, clock.wrap(label, fn))
        yield
    finally:
        for module, name, fn in saved:
            setattr(module, name, fn)


def measure(portfolio: Portfolio, repeat: int) -> dict[str, float]:
    """The median CPU seconds of each part, "other" and the total, over ``repeat`` runs."""
    runs: list[dict[str, float]] = []
    monthly_report(attrs.evolve(portfolio), PERIOD)  # warm up: imports and first-use tables
    for _ in range(repeat):
        copy = attrs.evolve(portfolio)
        gc.collect()
        clock = _Clock()
        with wrapped(clock):
            begin = time.process_time()
            monthly_report(copy, PERIOD)
            total = time.process_time() - begin
        found = dict(clock.spent)
        found[OTHER] = total - sum(found.values())
        found[TOTAL] = total
        runs.append(found)
        del copy
    labels = [label for _, _, label in PARTS] + [OTHER, TOTAL]
    return {label: statistics.median(r.get(label, 0.0) for r in runs) for label in labels}


def portfolio_of(size: int, root: Path) -> Portfolio:
    """bench_scale's portfolio of ``size`` activities (generated into ``root``, or read back from there)."""
    services = size // 100
    folder = root / f"p{size}"
    if not (folder / "assignments.yaml").exists():
        generate(folder, services, 100)
        add_assignments(folder, services)
    return load(folder).portfolio


def table(results: dict[str, dict[str, float]]) -> list[str]:
    """A Markdown table: one row per part, one column per size, and the growth exponent of the first two."""
    names = list(results)
    first = results[names[0]]
    head = "| part | " + " | ".join(names) + (" | growth |" if len(names) > 1 else " |")
    lines = [head, "|---|" + "---:|" * (len(names) + (len(names) > 1))]
    for label in first:
        cells = [f"{results[n][label]:.3f} s" for n in names]
        row = f"| {label} | " + " | ".join(cells)
        if len(names) > 1:
            row += f" | {growth(results, names, label)} |"
        else:
            row += " |"
        lines.append(row)
    return lines


def growth(results: dict[str, dict[str, float]], names: list[str], label: str) -> str:
    small, large = results[names[0]][label], results[names[1]][label]
    ratio = _size(names[1]) / _size(names[0])
    if small <= 0.002 or large <= 0 or ratio <= 1:  # under 2 ms: timer noise, no exponent
        return "–"
    return f"{math.log(large / small) / math.log(ratio):.2f}"


def _size(name: str) -> float:
    return float(name.replace(",", "").split()[0])


def main() -> None:
    """Print (and with ``--write``, write) the table of the parts at each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the generated portfolios in this folder")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md)")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-report-parts-") as scratch:
        for size in args.sizes:
            before = os.getloadavg()[0]
            portfolio = portfolio_of(size, args.keep if args.keep is not None else Path(scratch))
            results[f"{len(portfolio.activities):,}"] = measure(portfolio, args.repeat)
            print(f"{size:,} activities: load average {before:.1f} before, {os.getloadavg()[0]:.1f} after",
                  file=sys.stderr)
            del portfolio
    lines = [(f"`monthly_report` by part, CPU seconds, median of {args.repeat}, {load_average()} "
             f"(`python benchmarks/bench_report_parts.py --sizes {' '.join(map(str, args.sizes))}`):"), "",
             *table(results)]
    print("\n".join(lines))
    if args.write is not None:
        write_block(args.write, "bench_report_parts", lines)


if __name__ == "__main__":
    main()
