"""Benchmark of a what-if scenario on the shipped example: change the portfolio, schedule again, compare.

Run: ``python benchmarks/bench_whatif.py`` (``--repeat 50``).

Measured (median of ``--repeat`` runs), on ``examples/logius`` as of its
latest status update, for each scenario: making the new portfolio (the
what-if function), scheduling it, and :func:`portfolio.whatif.compare`
against the base schedule; and the three together. The base schedule is
computed once, as a notebook holds it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.schedule import schedule
from portfolio.whatif import change_duration, choose_platform, compare, delay, remove_service

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


def median(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    portfolio = load(EXAMPLE).portfolio
    base = schedule(portfolio)
    scenarios: dict[str, Callable[[Portfolio], Portfolio]] = {
        "delay digipoort.landing-decision 3mo": lambda p: delay(p, "digipoort.landing-decision", "3mo", reference=base),
        "change_duration digipoort.prod-env 6mo": lambda p: change_duration(p, "digipoort.prod-env", "6mo"),
        "choose_platform stelseldiensten -> lpc": lambda p: choose_platform(p, "stelseldiensten.to-picard", "lpc"),
        "remove_service digiinkoop": lambda p: remove_service(p, "digiinkoop"),
    }
    print(
        f"examples/logius: {len(portfolio.activities)} activities, {len(portfolio.relations)} relations; "
        f"median of {args.repeat} runs"
    )
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, {platform.machine()}")
    print(f"{'scenario':42} {'change':>9} {'schedule':>9} {'compare':>9} {'total':>9}")
    for name, change in scenarios.items():
        changed = change(portfolio)
        after = schedule(changed)
        t_change = median(lambda change=change: change(portfolio), args.repeat)
        t_schedule = median(lambda changed=changed: schedule(changed), args.repeat)
        t_compare = median(lambda after=after: compare(base, after, portfolio=portfolio), args.repeat)
        t_total = median(
            lambda change=change: compare(base, schedule(change(portfolio)), portfolio=portfolio), args.repeat
        )
        print(
            f"{name:42} {t_change * 1000:7.2f}ms {t_schedule * 1000:7.2f}ms {t_compare * 1000:7.2f}ms "
            f"{t_total * 1000:7.2f}ms"
        )


if __name__ == "__main__":
    main()
