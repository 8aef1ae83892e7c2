"""Benchmark of the schedule risk analysis (:func:`portfolio.risk.simulate`), with peers on the same network.

Run: ``python benchmarks/bench_risk.py`` (``--runs 10000 --sizes 1000 10000 --repeat 3``).

The networks are ``tests/_risk_networks.network``: about three predecessors per activity among the previous
2,000 (as ``bench_schedule.py``), 70 % FS and 10 % each SS, FF and SF, lags on 30 % of the relations,
durations of 0-30 working days, half the activities on the Rijk calendar and half on the ``standard``
one (relations cross calendars), every task with a triangular estimate of 0.8/1.0/1.5 times its
duration. Timed, median of ``--repeat`` (wall clock and CPU time of this process):

- ``simulate``: the whole analysis of ``--runs`` runs: sampling, the batched forward pass, the driving
  paths (criticality index) and the duration-finish correlations, in chunks of runs;
- on an FS-only network of the first size (every peer's common ground, one calendar, PERT estimates):
  ``simulate``, ``bare numpy`` (triangular durations and a forward pass by generations, nothing else: the
  reference of the ratios), ``pmcontrols.pert`` and ``trueppm.monte_carlo`` (the ``bench`` extra; a peer
  that is not installed is named as such).

The targets of issue 15: 10,000 runs on 1,000 activities in 0.5 s, on 10,000 in 5 s. The machine's
load is printed: on a shared machine the wall clock is not the figure to compare, the CPU time is closer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from _risk_networks import network
from portfolio import _cpm
from portfolio.model import Distribution, Estimate, Portfolio
from portfolio.risk import simulate

TARGETS = {1_000: 0.5, 10_000: 5.0}


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def fs_only(n: int, shape: Distribution = Distribution.PERT) -> Portfolio:
    """The FS-only network on one calendar with estimates (o, m, p) = (0.8, 1.0, 1.5) × duration."""
    import attrs  # noqa: PLC0415

    p = network(n, fs_only=True)
    acts = [attrs.evolve(a, calendar=None) for a in p.activities.values()]
    estimates = {k: Estimate(optimistic=0.8, most_likely=1.0, pessimistic=1.5, distribution=shape,
                             factor=True) for k in p.risk.estimates}  # type: ignore[union-attr]
    return attrs.evolve(p, activities=acts, risk=attrs.evolve(p.risk, estimates=estimates))


def arrays(p: Portfolio) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = {k: i for i, k in enumerate(p.activities)}
    d = np.array([a.duration.days for a in p.activities.values()])
    pred = np.array([index[r.predecessor] for r in p.relations])
    succ = np.array([index[r.successor] for r in p.relations])
    return d, pred, succ


def bare_numpy(d: np.ndarray, pred: np.ndarray, succ: np.ndarray, runs: int, seed: int = 1) -> float:
    """Triangular(0.8d, d, 1.5d) durations and an FS forward pass by generations (``maximum.reduceat`` per
    successor): the cheapest numpy can do, with no calendar, lag, relation type or criticality."""
    n = len(d)
    level = _cpm.levels(n, pred, succ)
    depth = int(level.max()) + 1
    nodes = [np.flatnonzero(level == g) for g in range(depth)]
    by = np.lexsort((succ, level[succ]))
    cut = np.searchsorted(level[succ][by], np.arange(depth + 1))
    plan = []
    for g in range(depth):
        r = by[cut[g]:cut[g + 1]]
        heads = np.flatnonzero(np.diff(succ[r], prepend=-1))
        plan.append((pred[r], heads, succ[r][heads]))
    rng = np.random.default_rng(seed)
    finish = np.empty(runs)
    for lo in range(0, runs, 2000):
        k = min(2000, runs - lo)
        dur = rng.triangular(0.8 * d[:, None], d[:, None] + 1e-9, 1.5 * d[:, None] + 2e-9, size=(n, k))
        es = np.zeros((n, k))
        ef = np.empty((n, k))
        for g in range(depth):
            p, heads, targets = plan[g]
            if p.size:
                es[targets] = np.maximum.reduceat(ef[p], heads, axis=0)
            ef[nodes[g]] = es[nodes[g]] + dur[nodes[g]]
        finish[lo:lo + k] = ef.max(axis=0)
    return float(np.median(finish))


def pmcontrols_row(p: Portfolio, runs: int, repeat: int) -> tuple[str, tuple[float, float] | None, str]:
    name = "pmcontrols.pert"
    try:
        import pmcontrols  # noqa: PLC0415 - optional: the 'bench' extra
    except ImportError as error:
        return name, None, f"not installed (the 'bench' extra): {error}"
    preds: dict[str, list[str]] = {k: [] for k in p.activities}
    for r in p.relations:
        preds[r.successor].append(r.predecessor)
    given = [{"id": k, "predecessors": preds[k], "a": 0.8 * a.duration.days, "m": a.duration.days,
              "b": 1.5 * a.duration.days} for k, a in p.activities.items()]
    return name, timed(lambda: pmcontrols.pert(given, n_sim=runs, seed=1), repeat), ""


def trueppm_row(p: Portfolio, runs: int, repeat: int) -> tuple[str, tuple[float, float] | None, str]:
    name = "trueppm.monte_carlo"
    try:
        import trueppm_scheduler as tp  # noqa: PLC0415 - optional: the 'bench' extra
    except ImportError as error:
        return name, None, f"not installed (the 'bench' extra): {error}"
    days = dt.timedelta(days=1)
    tasks = [tp.Task(id=k, name=k, duration=a.duration.days * days,
                     optimistic_duration=round(0.8 * a.duration.days) * days,
                     most_likely_duration=a.duration.days * days,
                     pessimistic_duration=round(1.5 * a.duration.days) * days) for k, a in p.activities.items()]
    project = tp.Project(id="bench", name="bench", start_date=dt.date(2024, 1, 8), tasks=tasks,
                         dependencies=[tp.Dependency(predecessor_id=r.predecessor, successor_id=r.successor)
                                       for r in p.relations])
    return name, timed(lambda: tp.monte_carlo(project, runs=runs, seed=1, max_runs=runs), repeat), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True, help="the FS-only table")
    args = parser.parse_args()
    print(f"{platform.python_implementation()} {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, {args.runs:,} runs")
    simulate(network(100), runs=100)  # warm up: calendars built once
    print(f"\n{'network':<34}{'wall s':>9}{'cpu s':>9}{'target s':>10}")
    for n in args.sizes:
        p = network(n)
        simulate(p, runs=64)
        wall, cpu = timed(lambda p=p: simulate(p, runs=args.runs, seed=1, contributions=False), args.repeat)
        target = TARGETS.get(n)
        print(f"{f'{n:,} activities, mixed, 2 calendars':<34}{wall:>9.2f}{cpu:>9.2f}"
              f"{'' if target is None else f'{target:>10.1f}'}")
    if not args.peers:
        return
    n = args.sizes[0]
    p, tri = fs_only(n), fs_only(n, Distribution.TRIANGULAR)
    d, pred, succ = arrays(p)
    rows: list[tuple[str, tuple[float, float] | None, str]] = [
        ("bare numpy (triangular, forward)", timed(lambda: bare_numpy(d, pred, succ, args.runs), args.repeat), ""),
        ("portfolio.risk.simulate, triangular", timed(lambda: simulate(tri, runs=args.runs, seed=1,
                                                                        contributions=False), args.repeat), ""),
        ("portfolio.risk.simulate, PERT", timed(lambda: simulate(p, runs=args.runs, seed=1, contributions=False),
                                                args.repeat), ""),
        pmcontrols_row(p, args.runs, args.repeat),
        trueppm_row(p, args.runs, args.repeat),
    ]
    wall0, cpu0 = rows[0][1] if rows[0][1] else (1.0, 1.0)
    print(f"\nFS only, {n:,} activities, one calendar (the peers sample PERT)")
    print(f"{'tool':<38}{'wall s':>9}{'cpu s':>9}{'wall ratio':>12}{'cpu ratio':>11}")
    for name, found, note in rows:
        if found is None:
            print(f"{name:<38}{note}")
        else:
            print(f"{name:<38}{found[0]:>9.2f}{found[1]:>9.2f}{found[0] / wall0:>12.2f}{found[1] / cpu0:>11.2f}")


if __name__ == "__main__":
    main()
