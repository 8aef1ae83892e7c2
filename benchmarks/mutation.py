"""Mutation score of the numbers the reports print: run mutmut, score each file, fail below the threshold.

Run: ``python benchmarks/mutation.py`` (the sample, a few minutes) or ``--full`` (every mutant of the
named files, about half an hour on two cores); ``--workers 2`` by default, ``--threshold 90``. The
tool's configuration (which files are mutated, which test files each mutant runs) is ``[tool.mutmut]``
in ``pyproject.toml``; ``docs/testing.md`` explains the score and lists every surviving mutant with
the reason it is equivalent.

The score of a file is detected / all, where *detected* counts the mutants a test killed or that made
a test time out, and *all* counts every mutant the run selected in that file (a mutant no test runs
counts as not detected). Mutants documented as equivalent in ``EQUIVALENT`` below (each also listed
in ``docs/testing.md``) count as detected: they cannot be killed because they change no behaviour.
The exit status is 1 when a file scores below the threshold, or when a documented equivalent mutant
is killed (the list is then out of date), else 0.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")

#: Each named file's mutants, by mutmut's name patterns: module prefix -> the patterns of the full run.
FULL: dict[str, tuple[str, ...]] = {
    "portfolio._cpm": ("portfolio._cpm.*",),
    "portfolio.calendar": ("portfolio.calendar.*",),
    "portfolio.slippage._common": ("portfolio.slippage._common.*",),
    "portfolio.slippage._variance": ("portfolio.slippage._variance.*",),
    "portfolio.slippage._attribution": ("portfolio.slippage._attribution.*",),
    "portfolio.slippage._history": ("portfolio.slippage._history.*",),
    "portfolio.slippage._figures": ("portfolio.slippage._figures.*",),
    "portfolio.report.data": tuple(f"portfolio.report.data.{f}__mutmut_*"
                                   for f in ("x_worst", "x__money", "x__quality", "x__rag")),
}

#: The sample: the functions that compute the printed numbers and colours (a few minutes on two cores).
SAMPLE: dict[str, tuple[str, ...]] = {
    "portfolio._cpm": FULL["portfolio._cpm"],
    "portfolio.calendar": ("portfolio.calendar.xǁCalendarǁ*", "portfolio.calendar.x__offset*"),
    "portfolio.slippage._variance": ("portfolio.slippage._variance.x_variance__*",
                                     "portfolio.slippage._variance.x__rollup__*"),
    "portfolio.slippage._attribution": ("portfolio.slippage._attribution.xǁAttributionǁsummary__*",
                                        "portfolio.slippage._attribution.x__attribute__*"),
    "portfolio.slippage._figures": ("portfolio.slippage._figures.x_rag__*",),
    "portfolio.report.data": FULL["portfolio.report.data"],
}

#: In the sample, files of which only every n-th mutant runs (by mutmut's number: ``__mutmut_1``, ``_1 + n``, ...):
#: each of the CPM core's mutants runs most of the schedule's tests, too slow to run them all in CI.
STRIDE: dict[str, int] = {"portfolio._cpm": 8}

#: Mutants that change no behaviour (docs/testing.md gives the reason for each): name -> short reason.
EQUIVALENT: dict[str, str] = {
    "portfolio._cpm.xǁConversionǁbackward__mutmut_9": "late boundaries never pass the project finish: no upper clip needed",
    "portfolio._cpm.xǁNetworkǁbuild__mutmut_32": "np.full of a Python int (-BIG) is int64 already",
    "portfolio._cpm.xǁNetworkǁbuild__mutmut_35": "np.full of a Python int (-BIG) is int64 already",
    "portfolio._cpm.xǁNetworkǁbuild__mutmut_54": "np.full of a Python int (BIG) is int64 already",
    "portfolio._cpm.xǁNetworkǁbuild__mutmut_57": "np.full of a Python int (BIG) is int64 already",
    "portfolio._cpm.x__break_cycles__mutmut_13": "no cycle leaves one activity stuck; with none stuck the cut cuts nothing",
    "portfolio._cpm.x_topology__mutmut_105": "each successor's relations are reduced with max: their order is free",
    "portfolio._cpm.x_topology__mutmut_109": "each predecessor's relations are reduced with min: their order is free",
    "portfolio._cpm.x_topology__mutmut_113": "numpy reads the sort kind case-insensitively",
    "portfolio._cpm.x_solve__mutmut_41": "np.full of a Python int (-1) is int64 already",
    "portfolio._cpm.x_solve__mutmut_97": "ranks are >= 0: prepend -1 or -2 both start a group at 0",
    "portfolio._cpm.x_solve__mutmut_117": "elapsed finishes of earlier generations recomputed from final starts",
    "portfolio._cpm.x_solve__mutmut_193": "finishes of earlier generations recomputed from final starts",
    "portfolio._cpm.x_solve__mutmut_209": "index s - n of the 2n late array wraps to n + s, the same late finish",
    "portfolio._cpm.x_solve__mutmut_265": "early finishes are never negative: no lower clip needed",
    "portfolio._cpm.x_solve__mutmut_273": "with no activities the moment is not used",
    "portfolio._cpm.x_solve__mutmut_289": "the finish moment is at most the day after the horizon, in the table",
    "portfolio._cpm.x_solve__mutmut_309": "elapsed late starts of unprocessed generations are recomputed when reached",
    "portfolio._cpm.x_solve__mutmut_397": "late starts of processed generations recomputed from final late finishes",
    "portfolio._cpm.x_solve__mutmut_417": "index p - n of the 2n early array wraps to n + p, the same early finish",
    "portfolio._cpm.x_solve__mutmut_461": "np.full of a Python int (BIG) is int64 already",
    "portfolio.calendar.xǁCalendarǁmake__mutmut_10": "np.arange of Python ints is int64 already",
    "portfolio.calendar.xǁCalendarǁmake__mutmut_13": "np.arange of Python ints is int64 already",
    "portfolio.calendar.xǁCalendarǁmake__mutmut_25": "an eighth weekday slot is never indexed",
    "portfolio.calendar.xǁCalendarǁmake__mutmut_33": "None assigned into a bool array is False",
    "portfolio.calendar.xǁCalendarǁindices__mutmut_4": "day ordinals are ints: asarray gives int64 anyway",
    "portfolio.calendar.xǁCalendarǁindices__mutmut_6": "day ordinals are ints: asarray gives int64 anyway",
    "portfolio.calendar.xǁCalendarǁordinals__mutmut_3": "indices are ints: asarray gives int64 anyway",
    "portfolio.calendar.xǁCalendarǁordinals__mutmut_5": "indices are ints: asarray gives int64 anyway",
    "portfolio.slippage._attribution.x__attribute__mutmut_33": "each (activity, cause, unit) is added once: = is +=",
    "portfolio.slippage._attribution.xǁAttributionǁsummary__mutmut_47": "zero contributions add 0 to the sum",
    "portfolio.slippage._attribution.xǁAttributionǁsummary__mutmut_48": "zero contributions add 0 to the sum",
    "portfolio.slippage._figures.x_previous_period__mutmut_8": "the 1st minus 2 days is still in the month before",
}

#: Notebook display methods: HTML and DataFrame views of figures computed and scored elsewhere.
NOT_SCORED = re.compile(r"ǁ(_repr_html_|to_pandas)__mutmut_")
DETECTED = {"killed", "timeout"}
_LINE = re.compile(r"^\s*(\S+): (.+)$")


def run_mutmut(groups: dict[str, tuple[str, ...]], workers: int, stride: dict[str, int]) -> None:
    """A fresh mutmut run over the scored mutants of ``groups`` (the folder ``mutants/`` is rebuilt).

    A first run that matches no mutant generates them all; the second runs those the groups select:
    named per function (``module.function__mutmut_*``) so that notebook display code is left out, or
    one by one in a file that ``stride`` thins out.
    """
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    mutmut = [str(MUTMUT), "run", "--max-children", str(workers)]
    subprocess.run([*mutmut, "nothing.matches.this"], cwd=ROOT, check=False,  # fails by design once generated
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    chosen = [name for name in results() if picked(name, groups, stride)]
    names = sorted({n.split("__mutmut_")[0] + "__mutmut_*" for n in chosen if scored(n, groups) not in stride}
                   | {n for n in chosen if scored(n, groups) in stride})
    subprocess.run([*mutmut, *names], cwd=ROOT, check=False, stdout=subprocess.DEVNULL)


def results() -> dict[str, str]:
    """Every mutant's status, by name, as ``mutmut results --all true`` lists them."""
    out = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return {m.group(1): m.group(2).strip() for m in map(_LINE.match, out.splitlines()) if m}


def selected(name: str, groups: dict[str, tuple[str, ...]]) -> str | None:
    """The file (module) whose patterns select the mutant ``name``, or None."""
    for module, patterns in groups.items():
        if any(re.fullmatch(re.escape(p).replace(r"\*", ".*"), name) for p in patterns):
            return module
    return None


def scored(name: str, groups: dict[str, tuple[str, ...]]) -> str | None:
    """As :func:`selected`, but None for the notebook display methods (not scored: docs/testing.md)."""
    return None if NOT_SCORED.search(name) else selected(name, groups)


def picked(name: str, groups: dict[str, tuple[str, ...]], stride: dict[str, int]) -> str | None:
    """As :func:`scored`, but None for the mutants ``stride`` leaves out of its file."""
    module = scored(name, groups)
    step = stride.get(module or "", 1)
    return module if module is not None and int(name.rsplit("_", 1)[1]) % step == 1 % step else None


def score(statuses: dict[str, str], groups: dict[str, tuple[str, ...]],
          stride: dict[str, int]) -> dict[str, list[str]]:
    """Per file: the names of the mutants not detected (equivalent ones left out), and a total count."""
    counts: dict[str, list[str]] = collections.defaultdict(list)
    for name, status in sorted(statuses.items()):
        module = picked(name, groups, stride)
        if module is None or status == "not checked":
            continue
        counts[module + " total"].append(name)
        if status not in DETECTED and name not in EQUIVALENT:
            counts[module].append(f"{name}: {status}")
    return counts


def report(counts: dict[str, list[str]], groups: dict[str, tuple[str, ...]], threshold: float) -> bool:
    """Print each file's score and its undetected mutants; True when every file meets the threshold."""
    ok = True
    for module in groups:
        total = len(counts.get(module + " total", []))
        missed = counts.get(module, [])
        pct = 100.0 * (total - len(missed)) / total if total else 100.0
        ok &= pct >= threshold
        print(f"{module:34} {total - len(missed):4}/{total:<4} detected {pct:5.1f} %")
        for line in missed:
            print(f"    {line}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="every mutant of the named files, not the sample")
    parser.add_argument("--workers", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--threshold", type=float, default=90.0, help="minimum score per file, in percent")
    parser.add_argument("--no-run", action="store_true", help="score the results of the last run only")
    args = parser.parse_args(argv)
    groups, stride = (FULL, {}) if args.full else (SAMPLE, STRIDE)
    began = time.monotonic()
    if not args.no_run:
        run_mutmut(groups, args.workers, stride)
    statuses = results()
    stale = sorted(n for n in EQUIVALENT if statuses.get(n) in DETECTED)
    ok = report(score(statuses, groups, stride), groups, args.threshold)
    for name in stale:
        print(f"listed as equivalent but killed: {name} (update EQUIVALENT and docs/testing.md)")
    print(f"mutation score {'ok' if ok and not stale else 'BELOW THRESHOLD'} "
          f"(threshold {args.threshold:g} %, {time.monotonic() - began:.0f} s)")
    return 0 if ok and not stale else 1


if __name__ == "__main__":
    sys.exit(main())
