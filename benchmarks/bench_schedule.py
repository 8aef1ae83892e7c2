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
- ``first``: :func:`portfolio.scheduling.schedule` on a portfolio made of new records
  (built before the timing as a load gives them: the loader's own cycle check,
  :func:`portfolio.graph.cycle_diagnostics`, has run on it and left the relations as
  integer columns; nothing shared with a portfolio compiled before): compile, solve,
  present (records are built when looked up);
- ``python``: the same on a portfolio built in Python, nothing loaded (no cycle check
  ran: its relations are read off the records in the call);
- ``shared``: a first call on a new portfolio object that shares its records with one
  compiled before (``attrs.evolve(p)``, as a changed setting or a what-if gives): the
  activities are compiled, the relation arrays and the core's topology are shared;
- ``again``: the same portfolio scheduled again (the compiled network is reused);
- ``status``: the same portfolio at another status date each run;
- ``what-if``: :func:`portfolio.whatif.change_duration` on one activity, then
  scheduled (the network is derived from the parent's, one row recomputed);
- ``lookup``: ``schedule[id]`` (one record built from the arrays), per lookup;
- ``records``: iterating every record once;
- ``networkx``: ``dag_longest_path_length`` on the same network (the forward pass only).

Times are CPU seconds of this process (``time.process_time``: the machine
may be shared). The bare pass, the core and the public path's calls run in
turns (one of each per round, ``--repeat`` rounds), so a load that changes
during the run touches them alike; each ratio to the bare numpy pass is the
median of the per-round ratios. ``--write docs/performance.md`` puts the table between
the lines ``<!-- bench_schedule -->`` and ``<!-- /bench_schedule -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import attrs
import networkx as nx
import numpy as np
from _tables import load_average, write_block

from portfolio import _compile, _cpm
from portfolio.graph import cycle_diagnostics
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


def as_loaded(p: Portfolio) -> Portfolio:
    """``p`` as the loader leaves it: its own cycle check run on it (`io/yaml.py` calls the same function).

    The check reads the relations as integer columns (their ends checked against the activities) and leaves them where
    the compile stage finds them.
    """
    assert cycle_diagnostics(p) == [], "the benchmark networks are acyclic"
    return p


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


clock = time.process_time
"""CPU seconds of this process: what the code costs, whatever else the machine runs."""


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times)


def core_network(p: Portfolio) -> _cpm.Network:
    """The core's problem exactly as schedule() builds it (its first stage)."""
    return _compile.problem(p).core


def rounds(fns: dict[str, Callable[[], object]], repeat: int,
           setups: dict[str, Callable[[], object]] | None = None) -> dict[str, list[float]]:
    """Seconds of each function, run in turns (one of each per round), so that all see the same load.

    ``setups[name]``, when given, runs before each timed call of ``name``, outside the timing; its result is
    the call's argument.
    """
    setups = setups or {}
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            arg = setups[name]() if name in setups else None
            gc.collect()
            t = clock()
            fn(arg) if name in setups else fn()  # type: ignore[call-arg]
            times[name].append(clock() - t)
            del arg
    return times


def measure(n: int, args: argparse.Namespace) -> dict[str, float]:
    """Every figure of one size, in the same run (seconds; ``peak`` in bytes, ``depth`` the generations).

    The bare pass, the core and the public path's calls run in turns; each
    ratio is the median of the per-round ratios to that round's bare pass.
    """
    arrays = network(n, window=args.window)
    duration, pred, succ = arrays[:3]
    p = portfolio_of(arrays)
    net = core_network(p)
    schedule(p)
    days = iter(range(1, 10 * args.repeat + 10))
    ids = [f"a{i}" for i in range(0, n, max(1, n // 50))]
    lengths = iter(range(1, 10 * args.repeat + 10))
    times = rounds({
        "bare": lambda: bare_numpy(n, duration, pred, succ),
        "core": lambda: _cpm.solve(net, start=0),
        "first": schedule,  # given new records, as loaded: compiled from scratch, the relations' columns found
        "python": schedule,  # given new records built in Python: the relations read in the call
        "shared": lambda: schedule(attrs.evolve(p)),  # a new portfolio object sharing p's records
        "again": lambda: schedule(p),
        "status": lambda: schedule(p, status_date=p.settings.start + dt.timedelta(days=next(days))),
        "whatif": lambda: schedule(change_duration(p, ids[1], 100 + next(lengths)).portfolio),
    }, args.repeat, setups={"first": lambda: as_loaded(portfolio_of(arrays)), "python": lambda: portfolio_of(arrays)})
    figures = {name: statistics.median(t) for name, t in times.items()}
    for name in ("core", "first", "python", "shared", "status", "whatif"):
        figures[f"{name}_ratio"] = statistics.median(a / b for a, b in zip(times[name], times["bare"], strict=True))
    computed = schedule(p)
    probes = ids * (20_000 // len(ids))
    t = clock()
    for i in probes:
        computed[i]
    figures["lookup"] = (clock() - t) / len(probes)
    figures["records"] = timed(lambda: sum(1 for _ in computed), 1)
    tracemalloc.start()
    result = _cpm.solve(net, start=0)
    figures["peak"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    figures["depth"] = result.depth
    figures["relations"] = len(pred)
    figures["networkx"] = float("nan")
    if not args.no_networkx:
        graph = nx.DiGraph()
        graph.add_weighted_edges_from(zip(pred.tolist(), succ.tolist(), duration[pred].tolist(), strict=True))
        figures["networkx"] = timed(lambda: nx.dag_longest_path_length(graph), 1)
    return figures


def seconds(value: float) -> str:
    return "< 0.001 s" if value < 0.0005 else f"{value:.3f} s"


def table(results: dict[int, dict[str, float]]) -> list[str]:
    """The markdown table of every size, and the ratios to the bare numpy pass of the same run."""
    lines = [("| activities | relations | generations | bare numpy | core | core peak memory | first call "
              "| first call, built in Python (nothing loaded) | first call, shared records | again "
             "| another status date | what-if (`change_duration`) | `schedule[id]` | all records "
             "| networkx `dag_longest_path_length` |"),
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, f in results.items():
        nx_cell = "skipped" if f["networkx"] != f["networkx"] else seconds(f["networkx"])
        lines.append(f"| {n:,} | {int(f['relations']):,} | {int(f['depth'])} | {seconds(f['bare'])} | "
                     f"{seconds(f['core'])} | {f['peak'] / 2**20:.1f} MiB | {seconds(f['first'])} | {seconds(f['python'])} | "
                     f"{seconds(f['shared'])} | "
                     f"{seconds(f['again'])} | {seconds(f['status'])} | {seconds(f['whatif'])} | "
                     f"{f['lookup'] * 1e6:.0f} µs | {seconds(f['records'])} | {nx_cell} |")
    lines.append("")
    for n, f in results.items():
        ratio = {k: f[f"{k}_ratio"] for k in ("core", "first", "python", "shared", "status", "whatif")}
        lines.append(f"- {n:,} activities, ratios to the bare numpy pass: core {ratio['core']:.2f} ×, "
                     f"**first call {ratio['first']:.2f} ×, sharing the records {ratio['shared']:.2f} ×** "
                     f"(target 3 ×; built in Python, nothing loaded: {ratio['python']:.2f} ×), **another status date {ratio['status']:.2f} ×, what-if "
                     f"{ratio['whatif']:.2f} ×** (target 1.5 ×).")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--window", type=int, default=2_000, help="predecessors among the previous N")
    parser.add_argument("--no-networkx", action="store_true", help="skip the networkx reference")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md, "
                        "between <!-- bench_schedule --> and <!-- /bench_schedule -->)")
    args = parser.parse_args()
    about = (f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}; "
             f"CPU seconds, medians of {args.repeat} runs; {load_average()} when it started")
    print(about)
    schedule(portfolio_of(network(100, window=10)))  # warm up: calendars and holidays are built once
    results = {}
    for n in args.sizes:
        results[n] = measure(n, args)
        print("\n".join(table({n: results[n]})), flush=True)
    lines = table(results)
    about += f", {load_average()} when it ended"
    print("", about, "", *lines, sep="\n")
    if args.write:
        command = "python benchmarks/bench_schedule.py " + " ".join(sys.argv[1:])
        write_block(args.write, "bench_schedule", [f"{about}.", "", *lines, "", "Command:", "", "```", command, "```"])


if __name__ == "__main__":
    main()
