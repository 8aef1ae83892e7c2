"""Start-up of the command line: ``portfolio --version`` and ``report monthly`` on the example, each a new process.

Run: ``python benchmarks/bench_startup.py`` (``--repeat 7``; ``--write docs/performance.md`` replaces the
section "Start-up" there with the table; ``--against OTHER/src`` also runs each command of another checkout,
alternately with this one's, and prints both medians and their ratio, never written).

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
The workbooks are written with XlsxWriter instead of openpyxl
(`report/xlsx.py`): a write-only report needs no reader, and openpyxl's
import (0.18-0.25 s on its own, against 0.07-0.09 s for
`xlsxwriter.workbook`) and its writer were most of what an xlsx report
costs beyond a text one. Against the code before (`--against`, 9 runs
each alternating, three runs at load averages of 2.9 to 3.7, `import numpy`
alone 0.23-0.39 s wall, a slow hour): xlsx 0.870 s → 0.669 s wall (0.77 ×),
CPU 0.860 s → 0.662 s (0.77 ×); 0.795 s → 0.621 s (0.78 ×), CPU 0.790 s →
0.614 s (0.78 ×); 1.618 s → 1.198 s (0.74 ×), CPU 0.793 s → 0.605 s
(0.76 ×); text, html and `--version` 0.96-1.09 × (untouched).
Rendering the example's workbook in one process (`bench_report.py`, two
runs alternating, load average 2.9): 0.156-0.218 s → 0.036-0.072 s; at
50,000 activities (`bench_scale.py`'s portfolio, five renders in each of
two processes alternating): 1.53-1.69 s → 0.49-0.51 s CPU, the same peak
memory (the report data's). Every cell is as before (value, type, number
format, font, fill, alignment, quote prefix), and the sheets' frozen
header, filter, print titles, page set-up and column widths: compared cell
by cell on 21 workbooks (monthly reports of both examples and a hostile
copy, four-monthly reports, the 50,000-activity one), none different but
an empty header cell, now a styled blank; `tests/test_report_xlsx_cells.py`
keeps the rule. XlsxWriter writes the workbook in memory: no temporary
file per sheet any more (openpyxl wrote 17 for the example and deleted
them).

The program ends without collecting: `portfolio.cli.entry` (the console
script and `python -m portfolio`) freezes the command's objects out of the
cyclic collector before the process exits, so the collections Python runs
at shutdown no longer walk everything the command made only for reference
counting to free it. Callgrind, a warm text report of the example: 1,398.9 M
-> 1,324.2 M instructions (-5.3 %; `os._exit` would save 6.4 % but skip
atexit handlers and finalisers); with the cached load's field types
evaluated once per annotation text, text 1,409.2 M -> 1,323.5 M (-6.1 %),
html 1,864.6 M -> 1,767.6 M (-5.2 %), before the compiled templates.

A command asks numpy's BLAS for one thread (`OPENBLAS_NUM_THREADS` and
`MKL_NUM_THREADS` set to 1 before numpy is imported, unless the user set
them: `portfolio.cli._one_blas_thread`): no command does linear algebra
large enough to gain from threads, and starting OpenBLAS's pool of threads
cost every command about 0.05-0.1 s of CPU (`import numpy` 0.17-0.18 s of
CPU against 0.10-0.13 s with one thread, five runs each). Against the code
before (`--against`, 9 runs each alternating, load average about 1): CPU
0.81 × (text), 0.89 × (html), 0.83 × (xlsx), 0.92 × (`--version`); wall
0.98 ×, 1.05 ×, 0.99 ×, 0.91 ×: with a core idle the pool's start is mostly
spent beside the command, on a busy machine it is waited for.

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
imports networkx when it reads files); numpy (for the schedule) and pendulum
(month names) remain, and Jinja2 or XlsxWriter for html and xlsx only.
numpy.ma no longer comes in (numpy 2's `np.unique` imported it, 25 ms, for
the distinct days of the schedule's records). Nor does PyYAML any more:
`io/_cache.py` takes `MAX_BYTES` from `io/_files.py`, which has no YAML
(`tests/test_import_budget.py` checks that too).

The text report no longer imports tabulate: its tables (one-line cells in
letters one column wide) are written in tabulate's `simple` format by
`report/_simple_table.py`, a few lines of arithmetic, and only a table with
something else in it (a line break, a control or escape character, a
combining or zero-width mark, a wide letter, a non-breaking space) goes to
tabulate, imported then. Importing tabulate was about 25 ms of a text
report: it reads its own version through `importlib.metadata` (10 ms) and
loads `wcwidth` where installed (9 ms). Every table is byte for byte
tabulate's (`tests/test_report_text_table.py` compares them on generated
tables, awkward characters included).

The example's report includes its risk section (2,000 runs with every
risk, then 2,000 without each of its three risks, for their share of the
P80), earned value and the wave plan (the plan levelled against the
capacity section). The passes without a risk reuse the estimated samples
of the pass with every risk, and the Iman-Conover ranks take one sort
instead of two. The risk section and the wave plan, the two costly sections
(0.064 s and 0.029 s of a 0.14 s report, cProfile), are now kept next to
the load cache (`sections-v1/` in the same folder, the same switches:
`--no-cache`, `PORTFOLIO_NO_CACHE`, off in the library unless asked for;
`report/_section_cache.py`), under a key with the load cache's discipline:
a SHA-256 over the load cache's key of the files the command line read the
portfolio from (taken before and after loading, used only when the two
agree), else over the whole portfolio's content (every record, encoded as
the load cache encodes it: 5 ms on the example, 0.4 s at 10,000
activities), the section's parameters
(status date, runs, seed, window), the load cache's code fingerprint and
the versions of numpy and dateutil. An entry is the load cache's column
format (zlib-compressed JSON, never pickle), read back as strictly; a
damaged, truncated, foreign or stale entry is ignored and rewritten
(tested), and a section read back is
equal to the one computed fresh, so every output is byte for byte the same
(text, md, html, csv, json and xlsx, both languages, 2023-04, 2023-08,
2023-12 and 2024-03, compared with the code before, fresh and read back).
With both read back, the report data takes a third of its time
(`bench_report.py`: 0.052 s against 0.147 s at a load average of 7), and
`portfolio.risk` no longer imports its passes and numpy.random until it
simulates. Dates are written once per report (`_months.written` is
remembered: pendulum looked its locale up on each of some 280 calls).

Before these changes, on a quiet machine (main, d19a3e8):
text 0.520 s wall (0.621 s CPU), html 0.561 s (0.663 s), xlsx 0.579 s
(0.679 s); text had been 0.467 s (0.569 s) before the example had a
capacity section. Run alternately with that code in one run, each with its
own warm caches, 9 runs each, on the shared machine: text CPU 0.565 s →
0.468 s (0.83 ×) at a load average of 5, 0.672 s → 0.532 s (0.79 ×) at 2 to
3; html 0.728 s → 0.598 s (0.82 ×) and 0.625 s → 0.543 s (0.87 ×); xlsx
0.96 × and 0.77 ×. Where a text report's CPU time goes now (each stage
timed in the process, medians of 9, head → now): importing
`portfolio.cli._common` (numpy, the model, the loader's cache, the
schedule) 0.25-0.28 s both, importing the report 0.05 s → 0.04-0.05 s,
arguments (pendulum comes in here, for `--period`) 0.03 s, the load from the
cache 0.02 s, the report data 0.10-0.12 s → 0.04-0.06 s, rendering
0.06-0.07 s → 0.01 s. `bench_startup.py` in four runs at load averages
of 1.3 to 3.3 (`import numpy` alone 0.088-0.126 s): text 0.348-0.474 s wall
(0.450-0.563 s CPU), html 0.418-0.565 s, xlsx 0.510-0.986 s, `--version`
0.032-0.041 s; at 1.3, every target met: text 0.348 s, html 0.420 s, xlsx
0.510 s. With `--against` the code before, at 3.0: text 0.445 s → 0.389 s
wall (0.87 ×), html 0.542 s → 0.457 s (0.84 ×), xlsx 0.602 s → 0.553 s
(0.92 ×). The text target (0.4 s wall) was met in the three quieter runs
(0.348 s, 0.354 s, 0.375 s), not at 3.3; the table above, when this script
writes it on a quiet machine, is the one to trust. What remains is
mostly imports the report cannot do without: numpy (0.1 s on its own), the
model's and the report's attrs classes, pendulum with dateutil's parser
(0.01 s), the store's sqlite3; then the schedules (this status update, the previous one, DCMA's
critical path test) and the rules.

Then three more changes, each measured against the code before (main,
f089c24) in instruction counts (callgrind, one warm run of each report,
deterministic where times on this shared machine are not): text 1,543 M →
1,501 M instructions (−2.8 %), html 2,030 M → 1,668 M (−17.8 %), xlsx
2,349 M → 2,231 M (−5.0 %).

- A command's modules are imported and its arguments read with the cyclic
  garbage collector paused (`portfolio.cli._Commands`, `_gc.paused_gc`), and
  the report renders with it paused too: what is made there (modules,
  functions, the model's and the report's attrs classes, numpy, the
  workbook's writer or Jinja2) stays for the whole run, and the collector
  walked it again and again. A warm text report ran 86 collections and an xlsx report 126; now
  9 to 11 each (`tests/test_cli_gc.py` counts them, and fails above 30).
  `--version` is untouched: the pause begins when a command is chosen. At
  10,000 activities the html report's peak memory grows by 1-2 MiB (129 →
  130 MiB cold, 79 → 81 MiB warm).
- The workbook set one shared `Font`, `PatternFill` and `Alignment` object
  per style instead of a new one per cell (`report/xlsx.py`'s `_Styles`,
  with openpyxl, which keeps one copy of each distinct style, found by hash
  and equality: comparing equal copies was most of its style work).
  `render_xlsx` of the example: 94 → 66 ms CPU (medians of 15 in one
  process, three runs alternating with the code before: 94/70, 93/66,
  81/64 ms). With XlsxWriter, `_Styles` makes one format per combination
  of style parts, on first use.
- The monthly page's template compiled ahead of time, measured then and
  left out at first (43 ms CPU of an html report, for a target met
  without it); it is in now, for both pages (below). The instruction
  counts above for html include it.

Every output stayed byte for byte the same, compared with the code before
(each its own warm caches, then again with `PORTFOLIO_NO_CACHE`): text, md,
html, json, the csv zip's and the workbook's members (all but the
workbook's `docProps/core.xml` modified time, which openpyxl sets to the
time of saving whatever the code gives it), both languages, 2023-04,
2023-08, 2023-12 and 2024-03, and the four-monthly text, html and workbook
for 2023-05..2023-08 and 2023-09..2023-12: 108 outputs, none different.

Times on this shared machine said little this time: `bench_startup.py
--against` the code before, at a load average of 3.6 to 4.5 (`import
numpy` alone 0.287 s wall against about 0.1 s when quiet), medians of 9,
CPU: text 0.522 s → 0.505 s (0.97 ×), html 0.640 s → 0.619 s (0.97 ×),
xlsx 0.780 s → 0.736 s (0.94 ×), `--version` 0.041 s both; 15 pairs
alternating right after, at 4.1 to 4.3: html 0.93 × (CPU, median of the
pairs' ratios), text 0.99 ×, xlsx 1.01 ×. The instruction counts above are
the figures to go by until this script runs on a quiet machine.

The html pages render with their templates' code compiled ahead
(`report/_templates.py`, `report/_compiled/`, [The html
templates](report.md#the-html-templates)). Compiling
`templates/monthly.html.j2` from source (Jinja2 lexes and parses the 16 KB
template, generates 900 lines of Python and compiles them) was the same
0.06-0.15 s on every html or PDF report, and the four-monthly page's
0.03-0.06 s. The package now ships Jinja2's own code for each template
(what `Environment.compile_templates` writes, its lines unchanged, so an
error is still reported at its line of the template), ending in a record
of the Jinja2 version, the template's SHA-256 and the environment's
options that shape the code (escaping, trimming, delimiters, the filters
and tests Jinja2 folds into it); a page renders with it only when all
three are this run's, and otherwise compiles from source as before (the
same page, only slower: tested with Jinja2 3.1.4 against modules written
by 3.1.6). Python's byte code cache applies to the modules as to any
other (pip compiles them at install). `python -m
portfolio.report._compiled --write` writes them again after a template is
edited or Jinja2 upgraded, and `tests/test_report_compiled_templates.py`
keeps them in step: it fails when a shipped module is not what the
template and the installed Jinja2 give (it skips, naming the command,
under another Jinja2), and checks that both ways give the same page, byte
for byte, for the example in both languages, and that a changed template,
another recorded version, other options or a missing or unimportable
module compile from source. In one process (`python
benchmarks/bench_templates.py`: a new environment each run, the ways
alternating, medians of 9, load average 2.7, `import numpy` 0.147 s):

| page | way | get_template | ratio | get_template + render | ratio |
|---|---|---:|---:|---:|---:|
| `monthly.html.j2` | from source | 88.2 ms | 1.000 | 97.2 ms | 1.000 |
| `monthly.html.j2` | module | 0.9 ms | 0.011 | 9.9 ms | 0.101 |
| `monthly.html.j2` | module, no byte code | 13.3 ms | 0.151 | 22.3 ms | 0.229 |
| `four_monthly.html.j2` | from source | 36.1 ms | 1.000 | 39.7 ms | 1.000 |
| `four_monthly.html.j2` | module | 0.8 ms | 0.021 | 4.4 ms | 0.110 |
| `four_monthly.html.j2` | module, no byte code | 5.9 ms | 0.163 | 9.2 ms | 0.232 |

("no byte code": the module's Python compiled each run, as from a checkout
with `PYTHONDONTWRITEBYTECODE`.) A second run, at a load average of 3.5
(`import numpy` 0.430 s): twice the times, the same ratios (0.005 and
0.010 for get_template, 0.098 and 0.100 with render). One warm
report, in instructions (callgrind, against the code before, e4406d8):
`report monthly --format html` 1,863 M → 1,526 M (−18.1 %), `report four-monthly --format html`
1,740 M → 1,602 M (−7.9 %). `bench_startup.py --against` the code before
(9 runs each alternating), in three runs: at a load average of 1.8 to 2.9
(`import numpy` alone 0.186 s), html 0.800 s → 0.556 s wall (0.70 ×),
0.536 s → 0.468 s CPU (0.87 ×); at 0.2 to 0.9 (0.116 s), 0.524 s →
0.454 s wall, CPU 0.87 × too; at 2.5 to 4.8 (0.191 s, a busy hour), CPU
0.92 ×. The commands that render no template moved by the machine's swing
between runs: text 0.95-1.11 ×, xlsx 0.98-1.22 × (its temporary files,
below), `--version` 0.96-1.00 ×. The loader of the
templates' source stays `jinja2.PackageLoader`: making it and reading the
template takes 0.04 ms, as `FileSystemLoader` does (the 0.03 s once put on
the first environment was `import jinja2` inside it, which stays), and it
also finds the templates in a zipped install (where the pages then
compile from source). What each report imports is
the same but for `portfolio.report._templates`: Jinja2 imports its lexer,
parser and compiler with the package anyway.

What remains is outside the report's and the command line's files. The
load cache's key hashes the package's own source (`io/_cache.py`'s code
fingerprint, 168 files: 3 % of a warm text report's instructions, in
OpenSSL's SHA-256). The report imports the store (sqlite3 and its six attrs
classes, 5-8 ms) for type names and `default_store_path` only, also when
the portfolio has no store: that function in a module of its own would
end it. pendulum imports dateutil's parser (0.01 s). Making the attrs
classes (some 120 on this path: `compile` of their generated methods is
the largest single item of a text report's profile, about 0.04 s under
the profiler) cannot be avoided without fewer classes. (openpyxl wrote
each sheet to a temporary file, then deleted it: 3 ms on a quiet disk,
0.2-0.4 s in the profile on this shared one when the other sessions' tests
wrote too; XlsxWriter writes in memory.)

CPU time is the figure to compare on this shared machine: the process
computes on one thread (and, since a command asks BLAS for one thread, its
CPU and wall times are about equal on an idle machine; before, numpy's BLAS
threads added CPU time, not wall time, on import: 0.19 s CPU for 0.11 s
wall), while at a load average of 12
to 20 (eight sessions on 2 cores) the wall time is three to four times
that. Before commands were imported on use
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


def environment(folder: Path, src: Path | None = None) -> dict[str, str]:
    """The variables of a measured process: its own cache and byte-code folders under ``folder``; ``src`` first
    on the path when given (another checkout's ``src``)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "PORTFOLIO_NO_CACHE", "PYTHONPATH")}
    env |= {"PYTHONPYCACHEPREFIX": str(folder / "pycache"), "PORTFOLIO_CACHE_DIR": str(folder / "cache")}
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
        where = subprocess.run([sys.executable, "-c", "import portfolio; print(portfolio.__file__)"], env=env,
                               capture_output=True, text=True, check=True).stdout.strip()
        if not Path(where).resolve().is_relative_to(src.resolve()):
            sys.exit(f"--against {src}: python imports portfolio from {where}, not from there")
    return env


def compare(against: Path, repeat: int) -> list[str]:
    """The portfolio commands of this checkout and of ``against`` run alternately: medians and ratios."""
    lines = ["| command | wall: other / this | ratio | CPU: other / this | ratio |", "|---|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sides = {"other": environment(folder / "other", against), "this": environment(folder / "this")}
        for label, command, _ in cases(folder)[2:]:
            for env in sides.values():
                for _ in range(2):
                    run_once(command, env)
            runs: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
            for _ in range(repeat):
                for side, env in sides.items():
                    runs[side].append(run_once(command, env))
            (w0, c0), (w1, c1) = ((statistics.median(w for w, _ in runs[side]),
                                   statistics.median(c for _, c in runs[side])) for side in sides)
            lines.append(f"| {label} | {w0:.3f} s / {w1:.3f} s | {w1 / w0:.2f} | {c0:.3f} s / {c1:.3f} s | "
                         f"{c1 / c0:.2f} |")
    return lines


def startup_table(repeat: int) -> tuple[str, list[str]]:
    """Measure every row (``repeat`` runs each, at least 5): what the table says of the machine, and its lines."""
    repeat = max(5, repeat)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = environment(folder)
        rows = [(label, target, *measure(command, env, repeat)) for label, command, target in cases(folder)]
    lines = ["| command | wall (median) | CPU (median) | target (wall) |", "|---|---:|---:|---|"]
    for label, target, wall, cpu in rows:
        goal = "—" if target is None else f"≤ {target:.2f} s " + ("**met**" if wall <= target else "not met")
        lines.append(f"| {label} | {wall:.3f} s | {cpu:.3f} s | {goal} |")
    about = (f"Python {platform.python_version()} on {platform.machine()} with {os.cpu_count()} cores, load "
             f"average {load:.1f} at the start; medians of {repeat} runs, each command warmed up twice")
    return about, lines


def main() -> None:
    """Print the table; write it into ``--write`` FILE's section "Start-up"."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (at least 5)")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md)")
    parser.add_argument("--against", type=Path, metavar="SRC",
                        help="another checkout's src folder: run its commands alternately with these, print ratios")
    args = parser.parse_args()
    repeat = max(5, args.repeat)
    about, lines = startup_table(repeat)
    print(about)
    print("\n".join(lines))
    if args.against is not None:
        print(f"\nAlternately with {args.against} (other), medians of {repeat}; load average "
              f"{os.getloadavg()[0]:.1f} at the end")
        print("\n".join(compare(args.against, repeat)))
    if args.write:
        command = "python benchmarks/bench_startup.py " + " ".join(sys.argv[1:])
        write_section(args.write, [SECTION, "", f"{about}.", "", *lines, "", NOTES, "", "Command:", "", "```",
                                   command.strip(), "```", ""])


if __name__ == "__main__":
    main()
