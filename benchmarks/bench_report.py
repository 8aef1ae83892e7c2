"""Benchmark of the monthly report on the shipped example: the report data, then each format.

Run: ``python benchmarks/bench_report.py`` (``--repeat 5``, ``--period 2023-08``).

Measured (median of ``--repeat`` runs, loading excluded): ``monthly_report``
(schedule as of the status update, figures, the variances it shows, the previous status
update's figures, the rules, the MTA trends, the driving path, earned value, the risk section, the wave
plan), the same with the risk section and the wave plan read back from the section cache (as the command
line does once they are kept: ``portfolio/report/_section_cache.py``), and
rendering each format from that data; "total" is data plus the slowest
renderer, i.e. one ``portfolio report monthly`` after loading. Target: under
a second per format.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from portfolio.io import _cache, load
from portfolio.report import FORMATS, monthly_report, render

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


def median(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    """Print one table row per step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--period", default="2023-08")
    args = parser.parse_args()
    portfolio = load(EXAMPLE).portfolio
    report = monthly_report(portfolio, args.period)
    for fmt in FORMATS:  # warm up: imports of jinja2, xlsxwriter, templates
        render(report, fmt)
    data = median(lambda: monthly_report(portfolio, args.period), args.repeat)
    with tempfile.TemporaryDirectory() as folder, _cache.using(folder):
        monthly_report(portfolio, args.period)  # keeps the risk section and the wave plan
        kept = median(lambda: monthly_report(portfolio, args.period), args.repeat)
    print(f"python {platform.python_version()} on {platform.machine()}; example: {len(portfolio.activities)} "
          f"activities, {len(report.assignments)} running assignments; median of {args.repeat}; load average "
          f"{os.getloadavg()[0]:.1f}")
    print("| step | median |")
    print("|---|---:|")
    print(f"| report data (`monthly_report`) | {data:.3f} s |")
    print(f"| report data, the risk section and the wave plan read back from the section cache | {kept:.3f} s |")
    worst = 0.0
    for fmt in FORMATS:
        for lang in ("nl", "en"):
            took = median(lambda fmt=fmt, lang=lang: render(report, fmt, lang=lang), args.repeat)
            worst = max(worst, took)
            print(f"| render `{fmt}` ({lang}) | {took:.3f} s |")
    print(f"| total: data + slowest renderer | **{data + worst:.3f} s** |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
