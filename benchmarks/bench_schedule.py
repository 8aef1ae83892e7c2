"""Benchmark of the scheduling engine on random networks.

Run: ``python benchmarks/bench_schedule.py`` (``--sizes 1000 10000 100000 --repeat 5``).

Each network has about three predecessors per activity, chosen among the
previous ``--window`` activities (so the network has a realistic depth),
mixed relation types (70 % FS, 10 % each SS, FF, SF), lags on 30 % of the
relations (leads included), durations of 0-30 working days, activities
declared in random order, all on the Rijk calendar. Reported per size:

- ``model->arrays``: :func:`portfolio.schedule.schedule` minus the core (building
  arrays from the attrs records, calendars, date conversion, the Schedule);
- ``core``: the median time of :func:`portfolio._cpm.solve` (topological
  generations, forward and backward pass, floats, free float, driving flags);
  critical flags are one comparison on the float array;
- ``bare numpy``: a reference measured in the same run: the same level loop with FS-only max
  and no backward pass, no calendar (the cheapest pass that can be written with numpy);
- ``networkx``: ``dag_longest_path_length`` on the same network (the forward pass only);
- peak memory of the core (tracemalloc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import time
import tracemalloc

import networkx as nx
import numpy as np

from portfolio import _cpm
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, RelationType
from portfolio.schedule import schedule

TYPES = [RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF]


def network(n: int, *, window: int, seed: int = 1) -> tuple[np.ndarray, ...]:
    """Random arrays: durations, pred, succ, type, lag (about 3 predecessors per activity)."""
    rng = np.random.default_rng(seed)
    m = 3 * n
    succ = rng.integers(1, n, m)
    pred = succ - 1 - (rng.random(m) * np.minimum(succ, window)).astype(np.int64)
    rtype = rng.choice(4, m, p=[0.7, 0.1, 0.1, 0.1])
    lag = rng.integers(-2, 6, m) * (rng.random(m) < 0.3)
    duration = rng.integers(0, 31, n)
    perm = rng.permutation(n)  # declaration order is not topological order
    return duration[perm], perm[pred], perm[succ], rtype, lag


def portfolio_of(arrays: tuple[np.ndarray, ...]) -> Portfolio:
    duration, pred, succ, rtype, lag = (a.tolist() for a in arrays)
    acts = [Activity(id=f"a{i}", duration=Duration(d)) for i, d in enumerate(duration)]
    rels = [Relation(predecessor=f"a{p}", successor=f"a{s}", type=TYPES[t], lag=Duration(g))
            for p, s, t, g in zip(pred, succ, rtype, lag, strict=True)]
    return Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 2)), activities=acts, relations=rels)


def bare_numpy(n: int, duration: np.ndarray, pred: np.ndarray, succ: np.ndarray) -> int:
    """Reference: FS-only forward pass by generations, no calendar, no backward pass."""
    level = _cpm.levels(n, pred, succ)
    order = np.argsort(level)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    p, s, d = rank[pred], rank[succ], duration[order]
    by = np.argsort(s)
    p, s = p[by], s[by]
    depth = int(level.max()) + 1
    bounds = np.searchsorted(level[order], np.arange(depth + 1))
    rb = np.searchsorted(s, bounds)
    es = np.zeros(n, dtype=np.int64)
    ef = np.zeros(n, dtype=np.int64)
    for g in range(depth):
        lo, hi, r0, r1 = bounds[g], bounds[g + 1], rb[g], rb[g + 1]
        if r1 > r0:
            np.maximum.at(es, s[r0:r1], ef[p[r0:r1]])
        ef[lo:hi] = es[lo:hi] + d[lo:hi]
    return int(ef.max())


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--window", type=int, default=2_000, help="predecessors among the previous N")
    parser.add_argument("--no-networkx", action="store_true", help="skip the networkx reference")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or platform.platform()}")
    header = (f"{'activities':>10} {'relations':>9} {'depth':>5} {'core s':>8} {'peak MiB':>8} "
              f"{'model->arrays s':>15} {'bare numpy s':>12} {'networkx s':>10}")
    print(header)
    schedule(portfolio_of(network(100, window=10)))  # warm up: calendars and holidays are built once
    for n in args.sizes:
        arrays = network(n, window=args.window)
        duration, pred, succ = arrays[:3]
        p = portfolio_of(arrays)
        # the core on exactly the arrays schedule() builds (Rijk calendar, project start floor)
        captured = {}
        real_solve = _cpm.solve

        def capture(net, *, start, _real=real_solve, _captured=captured):
            _captured["net"] = net
            return _real(net, start=start)

        _cpm.solve = capture
        try:
            full = timed(lambda p=p: schedule(p), max(1, args.repeat // 2))
        finally:
            _cpm.solve = real_solve
        net = captured["net"]
        core = timed(lambda net=net: _cpm.solve(net, start=0), args.repeat)
        tracemalloc.start()
        result = _cpm.solve(net, start=0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        bare = timed(lambda a=arrays, n=n: bare_numpy(n, a[0], a[1], a[2]), args.repeat)
        nx_time = float("nan")
        if not args.no_networkx:
            graph = nx.DiGraph()
            graph.add_weighted_edges_from(zip(pred.tolist(), succ.tolist(),
                                              duration[pred].tolist(), strict=True))
            nx_time = timed(lambda graph=graph: nx.dag_longest_path_length(graph), 1)
        print(f"{n:>10,} {len(pred):>9,} {result.depth:>5} {core:>8.3f} {peak / 2**20:>8.1f} "
              f"{full - core:>15.3f} {bare:>12.3f} {nx_time:>10.3f}")


if __name__ == "__main__":
    main()
