"""Every stage at 1k, 10k and 50k activities, with its growth exponent from 10k to 50k.

Run: ``python benchmarks/bench_scale.py`` (``--sizes 1000 10000 50000 --repeat 5``;
``--write docs/performance.md`` replaces the section "Every stage at scale" there with the table).

The portfolio is :func:`bench_load.generate`'s (services of 100 activities
with about three predecessors each in ``services/*.yaml``, a baseline and a
status update), plus one running assignment per service (its migration, its
last activity as key milestone) in ``assignments.yaml``. Stages, median of
``--repeat`` runs:

- ``load, cold``: :func:`portfolio.io.load` without the cache;
- ``load, cached``: the same with the load cache (a warm entry in a temporary cache folder);
- ``schedule``: :func:`portfolio.scheduling.schedule` as of the latest status update;
- ``rules acict,dcma``: :func:`portfolio.rules.run_rules` with both sets;
- ``report data``: :func:`portfolio.report.monthly_report` for the status month;
- ``report monthly --format html``: the command end to end in a new process (the load cache warm,
  as a second run finds it; and once more with ``--no-cache``), with the peak resident memory
  of that process.

The growth exponent is log(t(50k) / t(10k)) / log(5): 1 is linear.
"""

from __future__ import annotations

import argparse
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

from bench_load import generate
from bench_peers import median_time, write_section

from portfolio.io import load
from portfolio.report import monthly_report
from portfolio.rules import run_rules
from portfolio.scheduling import schedule

PERIOD = "2024-03"  # the generated status update is of 2024-03-29
SECTION = "## Every stage at scale"


def add_assignments(folder: Path, services: int) -> None:
    """One running assignment per generated service: its migration, with its last activity as key milestone."""
    lines = ["assignments:"]
    for s in range(services):
        sid = f"svc{s:03d}"
        lines += [f"  - id: opd-{s:03d}", f"    title: Migration of service {s}", "    client: BZK",
                  "    contractor: Logius", "    status: running", f"    migrations: [{sid}.move]",
                  f"    key_milestones: [{sid}.a099]", "    budget: 100000"]
    (folder / "assignments.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def cli_run(folder: Path, out: Path, *extra: str) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one ``portfolio report monthly --format html`` process."""
    command = [sys.executable, "-m", "portfolio", "report", "monthly", *extra, "--period", PERIOD,
               "--format", "html", "-o", str(out), str(folder)]
    begin = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - begin
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the data has findings
        sys.exit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return seconds, usage.ru_maxrss * 1024  # kilobytes on Linux


def cli_median(folder: Path, out: Path, repeat: int, *extra: str) -> tuple[float, int]:
    runs = [cli_run(folder, out, *extra) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def stages(folder: Path, repeat: int) -> dict[str, tuple[float, Any]]:
    """The median seconds of each stage (and, for the command, its peak memory) on one portfolio folder."""
    found: dict[str, tuple[float, Any]] = {}
    cold, result = median_time(lambda: load(folder, cache=False), repeat)
    assert not [d for d in result.diagnostics if d.severity.value == "error"], result.diagnostics[:3]
    found["load, cold"] = (cold, None)
    load(folder, cache=True)  # writes the entry
    cached, again = median_time(lambda: load(folder, cache=True), repeat)
    assert again == result, "the cache gave another result"
    found["load, cached"] = (cached, None)
    portfolio = result.portfolio
    found["schedule"] = (median_time(lambda: schedule(portfolio), repeat)[0], None)
    plan = schedule(portfolio)
    run: Callable[[], Any] = lambda: run_rules(portfolio, plan, sets=["acict", "dcma"])  # noqa: E731
    found["rules acict,dcma"] = (median_time(run, repeat)[0], None)
    found["report data"] = (median_time(lambda: monthly_report(portfolio, PERIOD), repeat)[0], None)
    out = folder.parent / "report.html"
    cli_run(folder, out)  # the cache entry the command line reads (its own key: the path as given)
    found["report monthly --format html (cache warm)"] = cli_median(folder, out, repeat)
    found["report monthly --format html --no-cache"] = cli_median(folder, out, max(1, repeat // 2), "--no-cache")
    return found


def table(results: dict[int, dict[str, tuple[float, Any]]]) -> list[str]:
    sizes = list(results)
    head = "| stage | " + " | ".join(f"{n:,} activities" for n in sizes) + " | growth 10k → 50k |"
    lines = [head, "|---|" + "---:|" * (len(sizes) + 1)]
    for stage in results[sizes[0]]:
        cells = []
        for n in sizes:
            seconds, memory = results[n][stage]
            cells.append(f"{seconds:.3f} s" + (f", {memory / 2**20:.0f} MiB" if memory else ""))
        growth = "—"
        if 10_000 in results and 50_000 in results:
            growth = f"{math.log(results[50_000][stage][0] / results[10_000][stage][0]) / math.log(5):.2f}"
        lines.append(f"| {stage} | " + " | ".join(cells) + f" | {growth} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md)")
    args = parser.parse_args()
    about = (f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
             f"load average {os.getloadavg()[0]:.1f} when it started")
    print(about)
    results: dict[int, dict[str, tuple[float, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PORTFOLIO_CACHE_DIR"] = str(Path(tmp) / "cache")  # never the user's cache folder
        for n in args.sizes:
            folder = Path(tmp) / f"p{n}" / "portfolio"
            services = max(1, n // 100)
            generate(folder, services, 100)
            add_assignments(folder, services)
            results[n] = stages(folder, args.repeat)
            print("\n".join(table({n: results[n]})), flush=True)
    lines = table(results)
    print("\n".join(["", *lines]))
    if args.write:
        command = "python benchmarks/bench_scale.py " + " ".join(sys.argv[1:])
        write_section(args.write, [SECTION, "", (f"Medians of {args.repeat} runs (the command without the cache: "
                                   f"{max(1, args.repeat // 2)}). {about}."), "", *lines, "",
                                   "Command:", "", "```", command, "```", ""])


if __name__ == "__main__":
    main()
