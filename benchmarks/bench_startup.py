"""Start-up of the command line: ``portfolio --version`` and ``report monthly`` on the example, each a new process.

Run: ``python benchmarks/bench_startup.py`` (``--repeat 7``; ``--write docs/performance.md`` replaces the
section "Start-up" there with the table).

Each command runs ``--repeat`` times (at least 5) after two warm-up runs,
so the load cache holds the example (in a temporary cache folder) and
Python's byte code is compiled (into a temporary ``PYTHONPYCACHEPREFIX``,
as an installed package has it, whatever ``PYTHONDONTWRITEBYTECODE`` says);
the table gives the median wall time and the median CPU time (user +
system) of the process, against issue 12's targets, and, as the floor on
the same machine in the same run, a bare interpreter (``python -c pass``)
and one that only imports numpy, which every command that schedules needs.
On a loaded machine wall times grow with the load; CPU times much less.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_peers import write_section

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"
SECTION = "## Start-up"
PERIOD = "2023-08"
NOTES = """\
What each command imports is what it needs: `portfolio --version` loads the
package's root (every public name is imported on first use, PEP 562), the
command table and argparse, 33 modules beyond a bare interpreter and no
library (`tests/test_import_budget.py` counts them, and fails when numpy,
networkx, pendulum, the report or any command module comes in). A command's
module is imported when the command is chosen (`portfolio.cli.COMMANDS`), and
imports its renderers inside `run()`; `report four-monthly` registers only
when it is chosen too. With the load cache warm, `report monthly` reads no
YAML and imports neither PyYAML's loader nor cattrs nor networkx (the
cache's key no longer imports libraries to read their versions; the loader
imports networkx when it reads files); numpy (for the schedule), pendulum
(month names) and tabulate (text tables) remain, and Jinja2 or openpyxl
for html and xlsx only. numpy.ma no longer comes in (numpy 2's `np.unique`
imported it, 25 ms, for the distinct days of the schedule's records).

The example's report includes its risk section (2,000 runs with every
risk, then 2,000 without each of its three risks, for their share of the
P80) and earned value. The passes without a risk reuse the estimated
samples of the pass with every risk (the same seed draws them from the
same streams: drawing and correlating them was most of a pass), and the
Iman-Conover ranks take one sort instead of two: the section's numbers are
unchanged, its time about halved. The report no longer computes the
windows analysis and the migrations' trends of `history` that it dropped.
On a quiet machine before these changes (main, 16:38): text 0.467 s wall
(0.569 s CPU), html 0.523 s (0.625 s), xlsx 0.569 s (0.658 s).

CPU time is the figure to compare on this shared machine: the process is
single-threaded, so on an idle machine its wall time is about its CPU time,
while at a load average of 12 to 20 (eight sessions on 2 cores) the wall
time is three to four times that. Before commands were imported on use
(commit cc8d497, measured by this script in one run at load average 19):
`--version` 0.530 s CPU (2.08 s wall), `report monthly` text 0.600 s,
html 0.677 s, xlsx 0.803 s."""


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one process; exits when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: the data has findings
        sys.exit(f"{' '.join(command)} failed with exit code {done.returncode}: {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` runs after two warm-up runs."""
    for _ in range(2):
        run_once(command, env)
    runs = [run_once(command, env) for _ in range(repeat)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def cases(out: Path) -> list[tuple[str, list[str], float | None]]:
    """(label, command, target seconds) of every row."""
    python = [sys.executable]
    portfolio = [*python, "-m", "portfolio"]
    report = [*portfolio, "report", "monthly", str(EXAMPLE), "--period", PERIOD]
    return [
        ("`python -c pass` (the floor)", [*python, "-c", "pass"], None),
        ("`python -c 'import numpy'`", [*python, "-c", "import numpy"], None),
        ("`portfolio --version`", [*portfolio, "--version"], 0.15),
        ("`report monthly` (text)", [*report, "-o", str(out / "r.txt")], 0.4),
        ("`report monthly --format html`", [*report, "-o", str(out / "r.html")], 0.6),
        ("`report monthly --format xlsx`", [*report, "-o", str(out / "r.xlsx")], 0.6),
    ]


def main() -> None:
    """Print the table; write it into ``--write`` FILE's section "Start-up"."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (at least 5)")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md)")
    args = parser.parse_args()
    repeat = max(5, args.repeat)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PORTFOLIO_NO_CACHE")}
        env |= {"PYTHONPYCACHEPREFIX": str(folder / "pycache"), "PORTFOLIO_CACHE_DIR": str(folder / "cache")}
        rows = [(label, target, *measure(command, env, repeat)) for label, command, target in cases(folder)]
    lines = ["| command | wall (median) | CPU (median) | target (wall) |", "|---|---:|---:|---:|"]
    for label, target, wall, cpu in rows:
        goal = f"≤ {target:.2f} s" if target is not None else "—"
        lines.append(f"| {label} | {wall:.3f} s | {cpu:.3f} s | {goal} |")
    about = (f"Python {platform.python_version()} on {platform.machine()} with {os.cpu_count()} cores, load "
             f"average {load:.1f} at the start; medians of {repeat} runs, each command warmed up twice")
    print(about)
    print("\n".join(lines))
    if args.write:
        command = "python benchmarks/bench_startup.py " + " ".join(sys.argv[1:])
        write_section(args.write, [SECTION, "", f"{about}.", "", *lines, "", NOTES, "", "Command:", "", "```",
                                   command.strip(), "```", ""])


if __name__ == "__main__":
    main()
