"""Benchmark of a what-if scenario on the shipped example: change the portfolio, schedule again, compare.

Run: ``python benchmarks/bench_whatif.py`` (``--repeat 50``).

Measured (median of ``--repeat`` runs), on ``examples/logius`` as of its
latest status update and on a generated portfolio of 10,000 activities
(``--services 100``), for each scenario: making the new portfolio (the
what-if function); scheduling it, where a what-if that changes activities
reuses the base portfolio's compiled network (only the changed rows are
recomputed); the same portfolio scheduled from scratch ("full", a new object
that derives from nothing) for comparison; :func:`portfolio.whatif.compare`
against the base schedule; the whole scenario; and the compile stage
alone, from scratch ("compile") and patched from the base network
("derive", ``nan`` where the scenario changes more than activities, such as
relations, and so compiles in full). The base schedule is computed once, as
a notebook holds it.
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

import attrs
import numpy as np
from _tables import load_average, write_block
from bench_rules import generate  # the benchmarks' generated portfolio (the script's folder is on the path)

from portfolio import _compile
from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.scheduling import schedule
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


def rows(label: str, portfolio: Portfolio, scenarios: dict[str, Callable[[Portfolio], Portfolio]],
         repeat: int) -> list[str]:
    """One markdown row per scenario: change, schedule (derived network), in full, compare, total, compile, derive."""
    base = schedule(portfolio)
    network = _compile.compiled(portfolio, base.start)
    lines = []
    for name, change in scenarios.items():
        changed = change(portfolio)
        after = schedule(changed)
        t_change = median(lambda change=change: change(portfolio), repeat)
        # each run a new what-if portfolio: its network is derived from the base portfolio's
        t_schedule = median(lambda change=change: schedule(change(portfolio)), repeat) - t_change
        # the same what-if compiled from scratch (a new object that derives from nothing)
        t_full = median(lambda changed=changed: schedule(attrs.evolve(changed)), repeat)
        t_compare = median(lambda after=after: compare(base, after, portfolio=portfolio), repeat)
        t_total = median(lambda change=change: compare(base, schedule(change(portfolio)), portfolio=portfolio),
                         repeat)
        # the compile stage alone: from scratch, or patched from the base network (None: not derivable)
        t_compile = median(lambda changed=changed: _compile.compile_network(changed, network.start_day), repeat)
        patched = [a for a in changed.activities.values() if portfolio.activities.get(a.id) is not a]
        derivable = list(changed.activities) == list(portfolio.activities) and changed.relations is portfolio.relations
        derive = (f"**{ms(median(lambda patched=patched: network.with_activities(patched), repeat))}**"
                  if derivable else "—")
        lines.append(f"| {label} | `{name}` | {ms(t_change)} | {ms(t_schedule)} | {ms(t_full)} | {ms(t_compare)} | "
                     f"{ms(t_total)} | {ms(t_compile)} | {derive} |")
        label = ""
        print(lines[-1], flush=True)
    return lines


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--services", type=int, default=100, help="services of 100 activities in the large portfolio")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md, "
                        "between <!-- bench_whatif --> and <!-- /bench_whatif -->)")
    args = parser.parse_args()
    portfolio = load(EXAMPLE).portfolio
    base = schedule(portfolio)
    large_repeat = max(args.repeat // 10, 5)
    about = (f"Python {sys.version.split()[0]}, numpy {np.__version__}, {platform.machine()}; median of "
             f"{args.repeat} runs ({large_repeat} on the large portfolio); {load_average()} when it started")
    print(about)
    head = ["| portfolio | scenario | new portfolio | schedule | full | compare | total | compile | derive |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    print(*head, sep="\n")
    lines = rows(f"`examples/logius` ({len(portfolio.activities)} activities)", portfolio, {
        'delay(p, "digipoort.landing-decision", "3mo")':
            lambda p: delay(p, "digipoort.landing-decision", "3mo", reference=base).portfolio,
        'change_duration(p, "digipoort.prod-env", "6mo")': lambda p: change_duration(p, "digipoort.prod-env", "6mo").portfolio,
        'choose_platform(p, "stelseldiensten.to-picard", "lpc")':
            lambda p: choose_platform(p, "stelseldiensten.to-picard", "lpc").portfolio,
        'remove_service(p, "digiinkoop")': lambda p: remove_service(p, "digiinkoop").portfolio,
    }, args.repeat)
    large = generate(args.services, 100)
    large_base = schedule(large)
    lines += rows(f"generated ({len(large.activities):,} activities)", large, {
        'change_duration(p, "svc001.a010", 30)': lambda p: change_duration(p, "svc001.a010", 30).portfolio,
        'delay(p, "svc002.test", "2w")': lambda p: delay(p, "svc002.test", "2w", reference=large_base).portfolio,
        'remove_service(p, "svc003")': lambda p: remove_service(p, "svc003").portfolio,
    }, large_repeat)
    about += f", {load_average()} when it ended"
    print(about)
    if args.write:
        command = "python benchmarks/bench_whatif.py " + " ".join(sys.argv[1:])
        write_block(args.write, "bench_whatif", [f"{about}.", "", *head, *lines, "", "Command:", "", "```", command,
                                                 "```"])


if __name__ == "__main__":
    main()
