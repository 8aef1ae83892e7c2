"""Peers side by side: the same seeded networks scheduled by our public path, our core and other tools.

Run: ``python benchmarks/bench_peers.py`` (``--sizes 1000 10000 100000 --repeat 5``;
``--write docs/performance.md`` replaces the section "Peers side by side" there with the table).

The networks are :func:`bench_schedule.network` (about three predecessors per
activity among the previous ``--window``, activities declared in random
order), made finish-to-start without lags so that every tool can schedule
them: the common ground of all peers. On the Monday-Friday ``standard``
calendar without holidays (MPXJ's default calendar), from Monday 2024-01-01.
Every tool must find the same project length in working days, or the
benchmark fails. Timed, median of ``--repeat`` runs, in the same run:

- ``public``: :func:`portfolio.scheduling.schedule` on the attrs records, five ways: a first call
  (a portfolio of new records, built before the timing as a load gives them, the loader's cycle
  check run on it: compiled from scratch, the relations' integer columns the check left found;
  one record looked up), the same on a portfolio built in Python (nothing loaded: the relations
  are read in the call), a first call on a new portfolio object that shares its records
  with one compiled before (``attrs.evolve``: the relation arrays and the topology are shared), a
  call that reuses the compiled network (the same portfolio, another critical float), and a first
  call that makes every :class:`~portfolio.scheduling.ActivitySchedule` record (``list(result)``);
  run in turns with the core and the bare pass (one of each per round), so that all see the same load;
- ``core``: :func:`portfolio._cpm.solve` on the arrays (forward and backward pass, floats, driving flags);
- ``bare numpy``: the cheapest forward and backward pass that numpy allows (by topological
  generations, ``np.maximum.at``/``np.minimum.at``; no calendar, no floats): the reference of the ratios;
- ``plain Python``: Kahn's topological order, then a forward and a backward pass over lists;
- ``networkx``: ``dag_longest_path_length`` (a forward pass only) on a prebuilt graph;
- ``pmcontrols``: ``pmcontrols.cpm`` (the ``bench`` extra; its own input format, built outside the timing);
- ``MPXJ``: ``MicrosoftScheduler.schedule`` on a prebuilt ``ProjectFile`` (the ``oracle``
  extra and a Java runtime; reading the dates back is outside the timing).

A peer that is not installed is skipped and named as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import networkx as nx
import numpy as np
from _tables import load_average, write_section
from bench_schedule import as_loaded, network

from portfolio import _cpm
from portfolio.calendar import builtin
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 1)  # a Monday
CAL = builtin("standard")
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION = "## Peers side by side"

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray]  # duration, pred, succ


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall-clock time of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def bare_numpy(n: int, duration: np.ndarray, pred: np.ndarray, succ: np.ndarray) -> int:
    """Forward and backward pass by generations, FS without lags: the project length in days."""
    level = _cpm.levels(n, pred, succ)
    es = np.zeros(n, dtype=np.int64)
    order = np.argsort(level[succ], kind="stable")
    p, s = pred[order], succ[order]
    bounds = np.searchsorted(level[s], np.arange(int(level.max()) + 2))
    for g in range(len(bounds) - 1):
        lo, hi = bounds[g], bounds[g + 1]
        if hi > lo:
            np.maximum.at(es, s[lo:hi], es[p[lo:hi]] + duration[p[lo:hi]])
    finish = int((es + duration).max())
    lf = np.full(n, finish, dtype=np.int64)
    back = np.argsort(level[pred], kind="stable")[::-1]
    p, s = pred[back], succ[back]
    bounds = np.searchsorted(-level[p], np.arange(-int(level.max()), 2))
    for g in range(len(bounds) - 1):
        lo, hi = bounds[g], bounds[g + 1]
        if hi > lo:
            np.minimum.at(lf, p[lo:hi], lf[s[lo:hi]] - duration[s[lo:hi]])
    assert int((lf - duration).min()) >= 0  # the backward pass closes at the start
    return finish


def plain_python(n: int, duration: list[int], pred: list[int], succ: list[int]) -> int:
    """Kahn's order, a forward and a backward pass in plain Python lists."""
    out: list[list[int]] = [[] for _ in range(n)]
    ins = [0] * n
    for p, s in zip(pred, succ, strict=True):
        out[p].append(s)
        ins[s] += 1
    order = [i for i in range(n) if ins[i] == 0]
    for i in order:  # grows while it is walked
        for s in out[i]:
            ins[s] -= 1
            if ins[s] == 0:
                order.append(s)
    es = [0] * n
    for i in order:
        ef = es[i] + duration[i]
        for s in out[i]:
            es[s] = max(es[s], ef)
    finish = max(e + d for e, d in zip(es, duration, strict=True))
    lf = [finish] * n
    for i in reversed(order):
        for s in out[i]:
            ls = lf[s] - duration[s]
            lf[i] = min(lf[i], ls)
    return finish


def portfolio_of(arrays: Arrays) -> Portfolio:
    duration, pred, succ = (a.tolist() for a in arrays)
    return Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"),
        activities=[Activity(id=f"a{i}", duration=Duration(d)) for i, d in enumerate(duration)],
        relations=[Relation(predecessor=f"a{p}", successor=f"a{s}") for p, s in zip(pred, succ, strict=True)],
    )


def public(p: Portfolio, *, records: bool = False, critical_float: int | None = None) -> int:
    """Schedule ``p`` (and build every record when asked); the project length in working days."""
    result = schedule(p, critical_float=critical_float)
    if records:
        assert len(list(result)) == len(p.activities)
    assert result["a0"].id == "a0"  # a record looked up by id
    assert not result.diagnostics
    return CAL.finish_index(result.finish) - CAL.index(START)


FIRST = "public path, first call (compile, solve, present)"
PYTHON = "public path, first call, built in Python (nothing loaded)"
SHARED = "public path, first call sharing the records (`attrs.evolve`)"
REUSED = "public path, compiled network reused"
RECORDS = "public path, first call and every record"


def in_turns(fns: dict[str, Callable[..., Any]], repeat: int,
             setups: dict[str, Callable[[], Any]] | None = None) -> dict[str, tuple[float, Any, float]]:
    """Like :func:`median_time` for several functions run in turns (one of each per round): all see the same load.

    ``setups[name]``, when given, runs before each timed call of ``name``, outside the timing; its result is the
    call's argument. Each entry: the median wall-clock seconds, the result, and the median over the rounds of the
    call's CPU time over that round's bare numpy pass (``BARE``, NaN when it is not among ``fns``): the steadier
    ratio on a shared machine.
    """
    setups = setups or {}
    times: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            args = (setups[name](),) if name in setups else ()
            gc.collect()
            begin, begin_cpu = time.perf_counter(), time.process_time()
            results[name] = fn(*args)
            times[name].append(time.perf_counter() - begin)
            cpu[name].append(time.process_time() - begin_cpu)
            del args
    ratio = {name: statistics.median(a / b for a, b in zip(cpu[name], cpu[BARE], strict=True)) if BARE in cpu
             else float("nan") for name in fns}
    return {name: (statistics.median(times[name]), results[name], ratio[name]) for name in fns}


def networkx_graph(arrays: Arrays) -> nx.DiGraph:
    """Edges weighted by the predecessor's duration, and from every activity to an end node."""
    duration, pred, succ = (a.tolist() for a in arrays)
    graph = nx.DiGraph()
    graph.add_weighted_edges_from((p, s, duration[p]) for p, s in zip(pred, succ, strict=True))
    graph.add_weighted_edges_from((i, "end", d) for i, d in enumerate(duration))
    return graph


def pmcontrols_input(arrays: Arrays) -> list[dict[str, Any]]:
    duration, pred, succ = (a.tolist() for a in arrays)
    preds: list[list[str]] = [[] for _ in duration]
    for p, s in zip(pred, succ, strict=True):
        preds[s].append(f"a{p}")
    return [{"id": f"a{i}", "predecessors": preds[i], "duration": d} for i, d in enumerate(duration)]


def mpxj_classes() -> dict[str, Any] | str:
    """MPXJ's classes in a running JVM, or why they are not available."""
    if shutil.which("java") is None:
        return "no Java runtime"
    try:
        import jpype  # noqa: PLC0415 - optional
        import mpxj  # noqa: F401, PLC0415 - puts MPXJ's jars on the class path
    except ImportError:
        return "the 'oracle' extra (mpxj, jpype1) is not installed"
    if not jpype.isJVMStarted():
        jpype.startJVM("-Xmx4g")
    names = {"ProjectFile": "org.mpxj.ProjectFile", "Duration": "org.mpxj.Duration", "TimeUnit": "org.mpxj.TimeUnit",
             "Relation": "org.mpxj.Relation", "RelationType": "org.mpxj.RelationType",
             "TaskMode": "org.mpxj.TaskMode", "LocalDateTime": "java.time.LocalDateTime",
             "MicrosoftScheduler": "org.mpxj.cpm.MicrosoftScheduler"}
    return {key: jpype.JClass(name) for key, name in names.items()}


def mpxj_project(classes: dict[str, Any], arrays: Arrays) -> tuple[Any, list[Any], Any]:
    """A ``ProjectFile`` of the network (as tests/test_mpxj_oracle.py builds one), its tasks and start."""
    duration, pred, succ = (a.tolist() for a in arrays)
    days = classes["TimeUnit"].DAYS
    project = classes["ProjectFile"]()
    project.setDefaultCalendar(project.addDefaultBaseCalendar())
    start = classes["LocalDateTime"].of(START.year, START.month, START.day, 8, 0)
    project.getProjectProperties().setStartDate(start)
    make = classes["Duration"].getInstance
    tasks = []
    for i, d in enumerate(duration):
        task = project.addTask()
        task.setName(f"a{i}")
        task.setTaskMode(classes["TaskMode"].AUTO_SCHEDULED)
        task.setDuration(make(d, days))
        task.setActualDuration(make(0, days))
        task.setRemainingDuration(make(d, days))
        task.setMilestone(d == 0)
        tasks.append(task)
    fs = classes["RelationType"].FINISH_START
    for p, s in zip(pred, succ, strict=True):
        tasks[s].addPredecessor(classes["Relation"].Builder().predecessorTask(tasks[p]).type(fs))
    return project, tasks, start


def mpxj_finish(tasks: list[Any], duration: list[int]) -> int:
    """The project length in working days: the latest early finish of a task (17:00 on its last day)."""
    last = max(dt.date.fromisoformat(str(t.getEarlyFinish())[:10]) for t, d in zip(tasks, duration, strict=True) if d)
    return CAL.finish_index(last) - CAL.index(START)


def run_size(n: int, args: argparse.Namespace, mpxj: dict[str, Any] | str,
             cpu: dict[tuple[int, str], float]) -> list[tuple[str, float | None, Any]]:
    """(tool, median seconds or None when skipped, project length or the reason it was skipped) for one size.

    ``cpu`` receives, per (size, tool) run in turns with the bare pass, the median per-round CPU ratio to it.
    """
    duration, pred, succ, _, _ = network(n, window=args.window)
    arrays = (duration, pred, succ)
    rows: list[tuple[str, float | None, Any]] = []
    p = portfolio_of(arrays)
    net = _cpm.Network.build(n=n, duration=duration, pred=pred, succ=succ, rtype=np.zeros_like(pred),
                             lag=np.zeros_like(pred))
    # A first call gets a portfolio of new records each run (built outside the timing, as a load gives them);
    # the sharing one a new portfolio object with p's records (attrs.evolve: its relation arrays and topology
    # are shared); the reusing call asks the same portfolio another question (another critical float: the
    # compiled network and the topology are reused, the passes and the present stage run again). Ours and the
    # bare pass in turns.
    schedule(p)
    floats = iter(range(1, args.repeat + 2))
    fresh = {name: lambda: as_loaded(portfolio_of(arrays)) for name in (FIRST, RECORDS)}
    fresh[PYTHON] = lambda: portfolio_of(arrays)
    turns = in_turns({
        FIRST: public,
        PYTHON: public,
        SHARED: lambda: public(attrs.evolve(p)),
        REUSED: lambda: public(p, critical_float=next(floats)),
        RECORDS: lambda fresh: public(fresh, records=True),
        "core (_cpm.solve)": lambda: _cpm.solve(net, start=0).finish,
        BARE: lambda: bare_numpy(n, *arrays),
    }, args.repeat, setups=fresh)
    rows.extend((name, seconds, found) for name, (seconds, found, _) in turns.items())
    cpu.update({(n, name): ratio for name, (_, _, ratio) in turns.items()})
    lists = [a.tolist() for a in arrays]
    rows.append(("plain Python", *median_time(lambda: plain_python(n, *lists), args.repeat)))
    graph = networkx_graph(arrays)
    rows.append(("networkx dag_longest_path_length (forward only)",
                 *median_time(lambda: nx.dag_longest_path_length(graph), args.repeat)))
    rows.append(pmcontrols_row(arrays, args))
    rows.append(mpxj_row(mpxj, arrays, args))
    return rows


def pmcontrols_row(arrays: Arrays, args: argparse.Namespace) -> tuple[str, float | None, Any]:
    name = "pmcontrols.cpm"
    try:
        import pmcontrols  # noqa: PLC0415 - optional: the 'bench' extra
    except ImportError as error:
        return name, None, f"not installed (the 'bench' extra): {error}"
    if len(arrays[0]) > args.pmcontrols_max:
        return name, None, f"skipped above {args.pmcontrols_max:,} activities (--pmcontrols-max)"
    given = pmcontrols_input(arrays)
    seconds, result = median_time(lambda: pmcontrols.cpm(given), args.repeat)
    return name, seconds, round(result.stats["project_duration"])


def mpxj_row(mpxj: dict[str, Any] | str, arrays: Arrays, args: argparse.Namespace) -> tuple[str, float | None, Any]:
    """MPXJ's median on the network, measured in a process of its own (see :func:`mpxj_child`).

    Its JVM's compiler and collector threads keep running after a call: in this process they took CPU from
    the next size's runs (a first call at 100,000 activities measured 0.39-0.46 s with MPXJ's JVM in the
    process, 0.15 s without).
    """
    name = "MPXJ MicrosoftScheduler"
    if isinstance(mpxj, str):
        return name, None, mpxj
    n = len(arrays[0])
    if n > args.mpxj_max:
        return name, None, f"skipped above {args.mpxj_max:,} activities (--mpxj-max)"
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--mpxj-child", str(n),
                           "--window", str(args.window), "--repeat", str(args.repeat)],
                          capture_output=True, text=True, check=False, timeout=3600)
    if done.returncode != 0:
        return name, None, f"failed: {done.stderr.strip().splitlines()[-1:]}"
    seconds, finish = json.loads(done.stdout.strip().splitlines()[-1])
    return name, seconds, finish


def mpxj_child(n: int, args: argparse.Namespace) -> None:
    """Print MPXJ's median seconds and project length on ``network(n)`` as JSON (the JVM started first)."""
    classes = mpxj_classes()
    if isinstance(classes, str):
        sys.exit(classes)
    duration, pred, succ, _, _ = network(n, window=args.window)
    project, tasks, start = mpxj_project(classes, (duration, pred, succ))
    scheduler = classes["MicrosoftScheduler"]()
    seconds, _ = median_time(lambda: scheduler.schedule(project, start), args.repeat)
    print(json.dumps([seconds, mpxj_finish(tasks, duration.tolist())]))


def mpxj_available() -> dict[str, Any] | str:
    """An empty dict when MPXJ can run (Java and the 'oracle' extra), else why not; no JVM is started here."""
    if shutil.which("java") is None:
        return "no Java runtime"
    if importlib.util.find_spec("jpype") is None or importlib.util.find_spec("mpxj") is None:
        return "the 'oracle' extra (mpxj, jpype1) is not installed"
    return {}


BARE = "bare numpy forward + backward"


def seconds_of(rows: list[tuple[str, float | None, Any]], name: str) -> float | None:
    """The median of the tool called ``name`` in one size's rows."""
    return next(seconds for tool, seconds, _ in rows if tool == name)


def targets(results: dict[int, list[tuple[str, float | None, Any]]], cpu: dict[tuple[int, str], float]) -> list[str]:
    """Issue 12's two ratios at each size: a first call (target 3 ×) and a reusing call (target 1.5 ×).

    Wall clock as in the table, with the CPU ratios (median of the per-round ratios) after them.
    """
    lines = []
    for n, rows in results.items():
        bare = seconds_of(rows, BARE) or float("nan")
        first = (seconds_of(rows, FIRST) or 0) / bare
        python = (seconds_of(rows, PYTHON) or 0) / bare
        again = (seconds_of(rows, REUSED) or 0) / bare
        shared = (seconds_of(rows, SHARED) or 0) / bare
        lines.append(f"- {n:,} activities: first call **{first:.2f} ×** the bare numpy pass (target 3 ×: "
                     f"{'met' if first <= 3 else 'not met'}; sharing the records **{shared:.2f} ×**: "
                     f"{'met' if shared <= 3 else 'not met'}; built in Python, nothing loaded, {python:.2f} ×), "
                     f"compiled network reused **{again:.2f} ×** "
                     f"(target 1.5 ×: {'met' if again <= 1.5 else 'not met'}); CPU, per round: first call "
                     f"{cpu[n, FIRST]:.2f} ×, built in Python {cpu[n, PYTHON]:.2f} ×, sharing the records "
                     f"{cpu[n, SHARED]:.2f} ×, reused {cpu[n, REUSED]:.2f} ×.")
    return lines


def table(results: dict[int, list[tuple[str, float | None, Any]]]) -> list[str]:
    """The markdown table: per tool and size the median, its ratio to bare numpy and the project length."""
    sizes = list(results)
    head = "| tool | " + " | ".join(f"{n:,} activities" for n in sizes) + " |"
    lines = [head, "|---|" + "---:|" * len(sizes)]
    for index, (name, _, _) in enumerate(results[sizes[0]]):
        cells = []
        for n in sizes:
            _, seconds, finish = results[n][index]
            bare = seconds_of(results[n], BARE)
            if seconds is None:
                cells.append(f"skipped: {finish}")
            else:
                cells.append(f"{seconds:.4f} s ({seconds / bare:.1f} ×)" if bare else f"{seconds:.4f} s")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def check_finishes(results: dict[int, list[tuple[str, float | None, Any]]]) -> list[str]:
    """One line per size: the project length every tool found; raises SystemExit when two disagree."""
    lines = []
    for n, rows in results.items():
        found = {name: finish for name, seconds, finish in rows if seconds is not None}
        if len(set(found.values())) != 1:
            sys.exit(f"{n:,} activities: the tools disagree on the project length: {found}")
        lines.append(f"- {n:,} activities, {3 * n:,} relations: every tool timed finds "
                     f"{next(iter(found.values())):,} working days.")
    return lines


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Python {platform.python_version()}, numpy {np.__version__}, networkx {nx.__version__}, "
            f"{platform.machine()} with {os.cpu_count()} cores, load average {load:.1f} when it started")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--window", type=int, default=2_000, help="predecessors among the previous N")
    parser.add_argument("--pmcontrols-max", type=int, default=100_000, help="skip pmcontrols above N activities")
    parser.add_argument("--mpxj-max", type=int, default=100_000, help="skip MPXJ above N activities")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md)")
    parser.add_argument("--mpxj-child", type=int, help=argparse.SUPPRESS)  # MPXJ's runs, in a process of their own
    args = parser.parse_args()
    if args.mpxj_child is not None:
        mpxj_child(args.mpxj_child, args)
        return
    about = machine()
    print(about)
    schedule(portfolio_of(tuple(a[:50] for a in network(100, window=10)[:3])))  # calendars are built once
    mpxj = mpxj_available()
    results = {}
    cpu: dict[tuple[int, str], float] = {}
    for n in args.sizes:
        results[n] = run_size(n, args, mpxj, cpu)
        print("\n".join(table({n: results[n]})), flush=True)
    lines = table(results)
    finishes = check_finishes(results)
    ratios = targets(results, cpu)
    print("\n".join(["", *lines, "", *finishes, "", *ratios]))
    if args.write:
        command = "python benchmarks/bench_peers.py " + " ".join(sys.argv[1:])
        write_section(args.write, [SECTION, "", "Medians of " + str(args.repeat) + " runs; in brackets the ratio to "
                                   "the bare numpy pass measured in the same run (lower is faster). " + about +
                                   f"; {load_average()} when it ended.", "", *lines, "", *finishes, "", *ratios, "",
                                   *NOTES, "", "Command:", "", "```", command, "```"])


#: The section's notes, written with the table (``--write``).
NOTES = [
    "- The public path's first call gets a portfolio of new records each run (built before the timing,",
    "  as a load gives them, the loader's cycle check run on it, which leaves the relations as integer",
    "  columns): compile, solve and present; the row *built in Python* gets one on which nothing ran",
    "  (its relations are read in the call, as a notebook's portfolio has them); records are built when looked up",
    "  (`schedule[id]`, O(1)) or iterated, so the row *first call and every record* adds building all",
    "  of them. The call *sharing the records* gets a new portfolio object with the records of one",
    "  compiled before (`attrs.evolve`, as a changed setting gives): its relation arrays and the core's",
    "  topology are shared, its activities compiled. The reusing call asks the same portfolio another",
    "  question (another critical float): the compiled network and the core's topology are reused, the",
    "  two passes and the present stage run again.",
    "- Only the common ground of all peers is compared: finish-to-start without lags (pmcontrols,",
    "  networkx's longest path and the bare numpy pass know nothing else). The four relation types",
    "  and lags are checked against MPXJ task by task in `tests/test_mpxj_oracle.py`.",
    "- MPXJ runs in a process of its own (its JVM started before the timing): the JVM's compiler and",
    "  collector threads kept running after its calls and took CPU from the next size's runs in this",
    "  process (a first call at 100,000 activities measured 0.39-0.46 s with the JVM here, 0.15 s without).",
    "- The shared machine's load swings Python-level work (reading records, dictionary lookups) far",
    "  more than numpy's: compare ratios within one run, and prefer a quiet machine.",
]


if __name__ == "__main__":
    main()
