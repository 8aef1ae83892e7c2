"""Benchmark of the scheduling engine on random networks.

Run: ``python benchmarks/bench_schedule.py`` (``--sizes 1000 10000 100000 --repeat 5``).

Each network has about three predecessors per activity, chosen among the
previous ``--window`` activities (so the network has a realistic depth),
mixed relation types (70 % FS, 10 % each SS, FF, SF), lags on 30 % of the
relations (leads included), durations of 0-30 working days, activities
declared in random order, all on the Rijk calendar. Reported per size
(medians of ``--repeat`` runs, all measured in the same run):

- ``bare numpy``: the reference floor: the same level loop with FS-only max
  and no backward pass, no calendar (the cheapest pass that can be written with numpy);
- ``core``: :func:`portfolio._cpm.solve` alone (topological generations,
  forward and backward pass, floats, free float, driving flags), and its peak memory;
- ``first``: :func:`portfolio.scheduling.schedule` on a portfolio seen for the first
  time: compile, solve, present (records are built when looked up);
- ``again``: the same portfolio scheduled again (the compiled network is reused);
- ``status``: the same portfolio at another status date each run;
- ``what-if``: :func:`portfolio.whatif.change_duration` on one activity, then
  scheduled (the network is derived from the parent's, one row recomputed);
- ``lookup``: ``schedule[id]`` (one record built from the arrays), per lookup;
- ``records``: iterating every record once;
- ``networkx``: ``dag_longest_path_length`` on the same network (the forward pass only).

The ratios to the bare numpy pass are printed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import time
import tracemalloc

import attrs
import networkx as nx
import numpy as np

from portfolio import _compile, _cpm
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, RelationType
from portfolio.scheduling import schedule
from portfolio.whatif import change_duration

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


def core_network(p: Portfolio) -> _cpm.Network:
    """The core's problem exactly as schedule() builds it (its first stage)."""
    return _compile.problem(p).core


def public_path(p: Portfolio, n: int, repeat: int) -> dict[str, float]:
    """Median seconds of the public path: a first call, calls that reuse the compiled network, a lookup."""
    first = timed(lambda: schedule(attrs.evolve(p)), repeat)  # a new portfolio object: compiled from scratch
    schedule(p)
    again = timed(lambda: schedule(p), repeat)
    days = iter(range(1, 10 * repeat + 10))
    status = timed(lambda: schedule(p, status_date=p.settings.start + dt.timedelta(days=next(days))), repeat)
    ids = [f"a{i}" for i in range(0, n, max(1, n // 50))]
    lengths = iter(range(1, 10 * repeat + 10))
    whatif = timed(lambda: schedule(change_duration(p, ids[1], 100 + next(lengths))), repeat)
    computed = schedule(p)
    probes = ids * (20_000 // len(ids))
    t = time.perf_counter()
    for i in probes:
        computed[i]
    lookup = (time.perf_counter() - t) / len(probes)
    records = timed(lambda: sum(1 for _ in computed), 1)
    return {"first": first, "again": again, "status": status, "whatif": whatif, "lookup": lookup,
            "records": records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--window", type=int, default=2_000, help="predecessors among the previous N")
    parser.add_argument("--no-networkx", action="store_true", help="skip the networkx reference")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{platform.processor() or platform.platform()}; medians of {args.repeat} runs")
    header = (f"{'activities':>10} {'relations':>9} {'depth':>5} {'bare numpy s':>12} {'core s':>8} {'peak MiB':>8} "
              f"{'first s':>8} {'again s':>8} {'status s':>8} {'what-if s':>9} {'lookup us':>9} "
              f"{'records s':>9} {'networkx s':>10}")
    print(header)
    schedule(portfolio_of(network(100, window=10)))  # warm up: calendars and holidays are built once
    ratios = []
    for n in args.sizes:
        arrays = network(n, window=args.window)
        duration, pred, succ = arrays[:3]
        p = portfolio_of(arrays)
        public = public_path(p, n, args.repeat)
        net = core_network(p)
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
        print(f"{n:>10,} {len(pred):>9,} {result.depth:>5} {bare:>12.3f} {core:>8.3f} {peak / 2**20:>8.1f} "
              f"{public['first']:>8.3f} {public['again']:>8.3f} {public['status']:>8.3f} {public['whatif']:>9.3f} "
              f"{public['lookup'] * 1e6:>9.2f} {public['records']:>9.3f} {nx_time:>10.3f}")
        ratios.append((n, {k: public[k] / bare for k in ("first", "again", "status", "whatif")}, core / bare))
    print("\nratios to the bare numpy pass of the same run (targets: first <= 3, reuse <= 1.5):")
    for n, r, core_ratio in ratios:
        print(f"{n:>10,}  core {core_ratio:.2f}x  first {r['first']:.2f}x  again {r['again']:.2f}x  "
              f"another status date {r['status']:.2f}x  what-if {r['whatif']:.2f}x")


if __name__ == "__main__":
    main()
