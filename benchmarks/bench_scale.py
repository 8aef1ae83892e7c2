"""Every stage at 1k, 10k and 50k activities, with its growth exponent from 10k to 50k and issue 12's targets.

Run: ``python benchmarks/bench_scale.py`` (``--sizes 1000 10000 50000 --repeat 5``;
``--write docs/performance.md`` replaces the table of the section "Every stage at scale" there: the lines
between ``<!-- bench_scale -->`` and ``<!-- /bench_scale -->``, so the notes written by hand around it stay).

The portfolio is :func:`bench_load.generate`'s (services of 100 activities
with about three predecessors each in ``services/*.yaml``, a baseline and a
status update), plus one running assignment per service (its migration, its
last activity as key milestone) in ``assignments.yaml``. Stages, median of
``--repeat`` runs, taken in rounds: each round runs every stage once at every size, the sizes in turn, so
that a machine whose speed moves during the run moves every size alike (the growth exponents compare like
with like):

- ``load, cold``: :func:`portfolio.io.load` without the cache, in a new process each run (imports done
  before the timing), as a command loads;
- the reference for the cold load, in the same run: PyYAML's own ``yaml.load`` with its C loader over the
  same files, in a new process each run, the collector paused (plain dicts, no line or column, nothing
  checked or built); its row gives the cold load's CPU time as a multiple of it;
- ``load, cached``: the same with the load cache (a warm entry in a temporary cache folder), in a new
  process each run too: a process that holds a cold load's result makes a cached load about half as slow
  again (its scattered memory, docs/performance.md "Load cache"), and no command does both;
- ``schedule``: :func:`portfolio.scheduling.schedule` as of the latest status update;
- ``rules acict,dcma``: :func:`portfolio.rules.run_rules` with both sets;
- ``report data``: :func:`portfolio.report.monthly_report` for the status month (scheduling included);
- ``report monthly --format html``: the command end to end in a new process, with the highest peak
  resident memory of that process over the runs: with the load cache warm
  (as a second run finds it) and with ``--no-cache``.

Then, in the same run, the start-up rows of ``bench_startup.py`` (``portfolio --version`` and ``report
monthly`` as text, html and xlsx on the shipped example, ``--repeat`` runs each, at least 5) against their
targets, and one line that names every target of the tables not met in this run (or says all are met).

Each in-process run gets a fresh copy of the portfolio (``attrs.evolve``, made
outside the timing): a schedule, and the indexes the rules and the report
share, are remembered per live portfolio, so timing the same object again
would time a look-up. The growth exponent is log(t(50k) / t(10k)) / log(5):
1 is linear. The load average (1 minute) is printed before the first round and
after each: on a shared machine it says how far to trust the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from _tables import write_block
from bench_load import generate
from bench_startup import startup_table

from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.report import monthly_report
from portfolio.rules import run_rules
from portfolio.scheduling import schedule

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
PERIOD = "2024-03"  # the generated status update is of 2024-03-29
#: Issue 12's targets at 50,000 activities: (seconds, MiB or None).
TARGETS: dict[str, tuple[float, float | None]] = {
    "load, cold": (2.5, None),
    "load, cached": (0.3, None),
    "rules acict,dcma": (2.0, None),
    "report data": (2.0, None),
    "report monthly --format html (cache warm)": (6.0, 400.0),
}
GROWTH_TARGET = 1.05
REFERENCE = "reference: PyYAML's yaml.load (CSafeLoader), same files"
"""Not a stage: PyYAML's own C loader over the files, no places, nothing checked or built (`_PYYAML`)."""
CLI_TIMEOUT = 900.0  # seconds: a run that takes longer is reported as failed, never waited for forever


def add_assignments(folder: Path, services: int) -> None:
    """One running assignment per generated service: its migration, with its last activity as key milestone."""
    lines = ["assignments:"]
    for s in range(services):
        sid = f"svc{s:03d}"
        lines += [f"  - id: opd-{s:03d}", f"    title: Migration of service {s}", "    client: BZK",
                  "    contractor: Logius", "    status: running", f"    migrations: [{sid}.move]",
                  f"    key_milestones: [{sid}.a099]", "    budget: 100000"]
    (folder / "assignments.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


#: A stage's figures: median wall-clock seconds, median CPU seconds, peak memory in bytes (None: not measured).
Figures = tuple[float, float, int | None]


def timed(run: Callable[[Any], Any], repeat: int,
          setup: Callable[[], Any] = lambda: None) -> tuple[Figures, Any]:
    """The median wall-clock and CPU seconds of ``run(setup())`` over ``repeat`` runs (setup untimed), and the last
    result. CPU time (of this process) is the steadier figure on a busy machine: waiting for a core is not in it."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        given = setup()
        result = None  # the previous run's result is freed here, untimed, not inside the next run
        gc.collect()
        begin, cpu = time.perf_counter(), time.process_time()
        result = run(given)
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - begin)
        del given
    return (statistics.median(walls), statistics.median(cpus), None), result


#: Runs the command in a small process of its own and prints its wall time, CPU time, peak memory and exit
#: code. Linux counts the memory a process had before it started the command (``exec``) in its peak, and a
#: child of this benchmark starts as a copy of it (holding several loaded portfolios): measured from here,
#: the command's peak would be this process's size.
_MEASURE = """
import json, os, subprocess, sys, time
begin = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
errors = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([time.perf_counter() - begin, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                  os.waitstatus_to_exitcode(status), errors[-2000:].decode(errors="replace")]))
"""


def cli_run(folder: Path, out: Path, *extra: str) -> Figures:
    """Wall time, CPU time and peak resident memory (bytes) of one ``portfolio report monthly --format html``
    process (measured by a small process in between, see :data:`_MEASURE`)."""
    command = [sys.executable, "-m", "portfolio", "report", "monthly", *extra, "--period", PERIOD,
               "--format", "html", "-o", str(out), str(folder)]
    try:
        done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True,
                              timeout=CLI_TIMEOUT, check=True)
    except subprocess.TimeoutExpired:
        sys.exit(f"{' '.join(command)} took over {CLI_TIMEOUT:.0f} s: stopped")
    except subprocess.CalledProcessError as error:
        sys.exit(f"measuring {' '.join(command)} failed:\n{error.stderr[-2000:]}")
    seconds, cpu, peak, code, errors = json.loads(done.stdout)
    if code not in (0, 1):  # 1: the data has findings
        sys.exit(f"{' '.join(command)} failed with exit code {code}:\n{errors}")
    return seconds, cpu, peak * 1024  # kilobytes on Linux


def cli_median(folder: Path, out: Path, repeat: int, *extra: str) -> Figures:
    runs = [cli_run(folder, out, *extra) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] or 0 for r in runs))


#: Loads the folder in a new process and prints its wall and CPU seconds; the modules the loader imports
#: on first use are imported before the timing by loading the shipped example.
_LOAD = """
import json, resource, sys, time
from portfolio.io import load
def cpu():  # this process's and its ended children's: a helper process that reads files counts too
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
folder, cache, warm = sys.argv[1], sys.argv[2] == "cache", sys.argv[3]
load(warm, cache=False)  # what the loader imports on first use, outside the timing
begin, began = time.perf_counter(), cpu()
result = load(folder, cache=cache)
print(json.dumps([time.perf_counter() - begin, cpu() - began, len(result.portfolio.activities)]))
"""


#: PyYAML's own safe loader (its C parser, ``yaml.CSafeLoader``) over the same files, in a new process, the
#: collector paused as the loader pauses it: plain dicts and lists, no line or column, nothing checked or built.
#: The reference a cold load is measured against in the same run (the machine's speed moves by a fifth).
_PYYAML = """
import gc, json, sys, time
from pathlib import Path
import yaml
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".yaml", ".yml"))
yaml.load("a: [1, 2000-01-01]", Loader=yaml.CSafeLoader)
gc.disable()
begin, cpu = time.perf_counter(), time.process_time()
data = [yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in files]
print(json.dumps([time.perf_counter() - begin, time.process_time() - cpu, len(data)]))
"""


def load_in_process(folder: Path, repeat: int, *, cache: bool, script: str = _LOAD) -> Figures:
    """The median wall and CPU seconds of loading ``folder`` in a new process per run (see :data:`_LOAD`;
    ``script`` :data:`_PYYAML` for the reference)."""
    walls, cpus = [], []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", script, str(folder), "cache" if cache else "cold", str(EXAMPLE)],
                              capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False)
        if done.returncode != 0:
            sys.exit(f"loading {folder} in a new process failed:\n{done.stderr[-2000:]}")
        wall, cpu, _ = json.loads(done.stdout)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), None


def fresh(portfolio: Portfolio) -> Portfolio:
    """A new portfolio object with the same content: nothing remembered for the old one applies to it."""
    return attrs.evolve(portfolio)


def prepared(folder: Path) -> Portfolio:
    """The folder loaded (it must load cleanly), with the cache entries the cached stages read written: the
    library's and the command line's (its own key: the path as given)."""
    result = load(folder, cache=False)
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    if errors:
        sys.exit(f"the generated portfolio does not load cleanly: {errors[:3]}")
    load(folder, cache=True)  # writes the entry
    if load(folder, cache=True) != result:
        sys.exit("the cache gave another result than the files")
    cli_run(folder, folder.parent / "report.html")
    return result.portfolio


def stages(folder: Path, portfolio: Portfolio, repeat: int) -> dict[str, Figures]:
    """The median seconds of each stage (and, for the command, its peak memory) on one portfolio folder."""
    found: dict[str, Figures] = {}
    found["load, cold"] = load_in_process(folder, repeat, cache=False)
    found[REFERENCE] = load_in_process(folder, repeat, cache=False, script=_PYYAML)
    found["load, cached"] = load_in_process(folder, repeat, cache=True)
    found["schedule"] = timed(schedule, repeat, lambda: fresh(portfolio))[0]

    def scheduled() -> tuple[Portfolio, Any]:
        copy = fresh(portfolio)
        return copy, schedule(copy)

    found["rules acict,dcma"] = timed(lambda p: run_rules(p[0], p[1], sets=["acict", "dcma"]), repeat, scheduled)[0]
    found["report data"] = timed(lambda p: monthly_report(p, PERIOD), repeat, lambda: fresh(portfolio))[0]
    gc.collect()
    out = folder.parent / "report.html"
    found["report monthly --format html (cache warm)"] = cli_median(folder, out, repeat)
    found["report monthly --format html --no-cache"] = cli_median(folder, out, repeat, "--no-cache")
    return found


def interleaved(folders: dict[int, Path], rounds: int) -> tuple[dict[int, dict[str, Figures]], list[float]]:
    """Every stage at every size, ``rounds`` times, the sizes in turn within each round; the medians, and the load
    average (1 minute) before the first round and after each.

    A machine whose speed moves during the run (a shared VM's does, by up to 2 ×) then moves every size's
    figures alike, and the growth exponents compare like with like; run one size after the other, a slower
    last size looked like superlinear growth. The prepared portfolios are frozen out of the collector
    (``gc.freeze``): a collection inside one size's timing never walks another size's records.
    """
    portfolios = {n: prepared(folder) for n, folder in folders.items()}
    gc.collect()
    gc.freeze()
    runs: dict[int, dict[str, list[Figures]]] = {n: {} for n in folders}
    loads = [load_average()]
    for done in range(1, rounds + 1):
        for n, folder in folders.items():
            for stage, figures in stages(folder, portfolios[n], 1).items():
                runs[n].setdefault(stage, []).append(figures)
        loads.append(load_average())
        print(f"round {done} of {rounds} done; load average {loads[-1]:.1f}", flush=True)
    gc.unfreeze()
    return {n: {stage: _median(found) for stage, found in by_stage.items()} for n, by_stage in runs.items()}, loads


def _median(runs: list[Figures]) -> Figures:
    """The median wall and CPU seconds of the runs, and the highest peak memory measured (None: not measured)."""
    peaks = [run[2] for run in runs if run[2] is not None]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(peaks, default=None)


def _growth(results: dict[int, dict[str, Figures]], stage: str, which: int = 0) -> float | None:
    """The growth exponent from 10k to 50k of the wall-clock (``which`` 0) or CPU (1) time."""
    if 10_000 in results and 50_000 in results:
        return math.log(results[50_000][stage][which] / results[10_000][stage][which]) / math.log(5)
    return None


def _target(results: dict[int, dict[str, Figures]], stage: str) -> str:
    """Issue 12's target for the stage at 50k and whether this run met it (with the growth exponent)."""
    growth = _growth(results, stage)
    if stage == REFERENCE:
        if 50_000 not in results:
            return "—"
        ratio = results[50_000]["load, cold"][1] / results[50_000][REFERENCE][1]
        return f"the cold load takes {ratio:.2f} × this (CPU, 50k)"
    parts = []
    if stage in TARGETS:
        seconds, mib = TARGETS[stage]
        text = f"≤ {seconds:g} s" + (f", ≤ {mib:g} MiB" if mib else "")
        if 50_000 in results:
            took, _, memory = results[50_000][stage]
            met = took <= seconds and (mib is None or (memory or 0) / 2**20 <= mib)
            text += " **met**" if met else " not met"
        parts.append(text)
    if growth is not None:
        parts.append(f"growth ≤ {GROWTH_TARGET:g}" + (" met" if growth <= GROWTH_TARGET else " not met"))
    return "; ".join(parts) or "—"


def table(results: dict[int, dict[str, Figures]]) -> list[str]:
    """Wall-clock seconds (CPU seconds in brackets), the peak memory of the command, the growth exponents."""
    sizes = list(results)
    head = ("| stage | " + " | ".join(f"{n:,} activities" for n in sizes)
            + " | growth 10k → 50k (CPU) | target at 50k |")
    lines = [head, "|---|" + "---:|" * (len(sizes) + 1) + "---|"]
    for stage in results[sizes[0]]:
        cells = []
        for n in sizes:
            wall, cpu, memory = results[n][stage]
            cells.append(f"{wall:.3f} s ({cpu:.3f} s)" + (f", {memory / 2**20:.0f} MiB" if memory else ""))
        growth, cpu_growth = _growth(results, stage), _growth(results, stage, 1)
        grown = "—" if growth is None or cpu_growth is None else f"{growth:.2f} ({cpu_growth:.2f})"
        lines.append(f"| {stage} | " + " | ".join(cells) + f" | {grown} | {_target(results, stage)} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds: runs of each stage at each size, the sizes in turn (median; at least 5)")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    about = f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    print(about, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PORTFOLIO_CACHE_DIR"] = str(Path(tmp) / "cache")  # never the user's cache folder
        folders = {}
        for n in args.sizes:
            folders[n] = Path(tmp) / f"p{n}" / "portfolio"
            services = max(1, n // 100)
            generate(folders[n], services, 100)
            add_assignments(folders[n], services)
        results, loads = interleaved(folders, args.repeat)
    lines = table(results)
    about_loads = " → ".join(f"{value:.1f}" for value in loads)
    print("\n".join(["", *lines, "", "load average (1 min) before the first round → after each: " + about_loads]))
    started, startup = startup_table(args.repeat)  # issue 12's point 4, on the shipped example, in the same run
    lines += ["", f"Start-up on the shipped example (`benchmarks/bench_startup.py`'s rows, in the same run): {started}.",
              "", *startup]
    cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if " not met" in line]
    missed = [f"{row[0]} ({row[-1]})" for row in cells]
    verdict = ("Every target of issue 12 in these tables is met in this run." if not missed else
               "Not met in this run: " + "; ".join(missed) + ".")
    if 10_000 not in results or 50_000 not in results:
        verdict += " The targets at 50k and the growth exponents need the sizes 10000 and 50000 (the default)."
    lines += ["", verdict]
    print("\n".join(["", *lines[-len(startup) - 4:]]))
    if args.write:
        command = "python benchmarks/bench_scale.py " + " ".join(sys.argv[1:])
        write_block(args.write, "bench_scale", [
            (f"Medians of {args.repeat} runs of every stage, the sizes in turn in each of {args.repeat} rounds; "
             f"wall-clock time with the CPU time in brackets. {about}; "
             f"load average (1 minute) before the first round → after each: {about_loads}."), "",
            *lines, "", "Command:", "", "```", command, "```"])


if __name__ == "__main__":
    main()
