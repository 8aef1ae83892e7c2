"""The fuzzer in the suite: seeded mutants of the example and of a generated MSPDI plan through the library.

The mutants (``tests/fuzzing/mutator.py``) go through every command's
library entry point in two worker processes (``tests/fuzzing/harness.py``);
a worker silent for longer than the guard is killed and its mutant counted
as a hang (a hang detector, not a timed test). The large run through the
command line is ``benchmarks/fuzz_cli.py``; ``docs/reliability.md`` has both.
"""

from __future__ import annotations

import stat
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from fuzzing.cli import judge, run_cli
from fuzzing.generator import STATUS_DATE, mspdi_plan
from fuzzing.harness import drive, library_argv, run_library
from fuzzing.mutator import EXAMPLE, EXAMPLE_PERIOD, FS_OPERATIONS, Mutant, materialise, mutant, mutants
from portfolio.io import load
from portfolio.scheduling import schedule

SEED = 20260126  # a seed whose first MUTANTS mutants cover every family (see the test below)
MUTANTS = 150
GUARD_SECONDS = 20


@pytest.fixture(scope="module")
def fuzzed() -> dict[int, dict[str, Any]]:
    """The problems of each of the MUTANTS mutants of run SEED, found by two library workers."""
    return drive(library_argv(SEED), range(MUTANTS), jobs=2, guard=GUARD_SECONDS)


def described(fuzzed: dict[int, dict[str, Any]], kinds: set[str]) -> list[str]:
    """The problems of these kinds, grouped by signature: count, first mutant and its mutations."""
    groups: dict[str, list[int]] = defaultdict(list)
    details: dict[str, str] = {}
    for index, result in sorted(fuzzed.items()):
        for p in result["problems"]:
            if p["kind"] in kinds:
                key = f"{p['kind']} in {p['step']}: {p['signature']}"
                groups[key].append(index)
                details.setdefault(key, p["detail"].strip().splitlines()[-1] if p["detail"].strip() else "")
    return [f"{len(found)} x {key}; e.g. mutant {found[0]} ({'; '.join(mutant(SEED, found[0]).steps)[:200]}): "
            f"{details[key][:200]}" for key, found in sorted(groups.items())]


def test_no_exception_escapes(fuzzed: dict[int, dict[str, Any]]) -> None:
    """No mutant makes an exception escape a library entry point (beyond what the command line handles)."""
    assert len(fuzzed) == MUTANTS
    assert [] == described(fuzzed, {"exception", "died"})


def test_every_diagnostic_has_a_file_and_a_line(fuzzed: dict[int, dict[str, Any]]) -> None:
    """Every diagnostic names a file, and a line when it concerns the content (not the file as a whole)."""
    assert [] == described(fuzzed, {"no-file", "no-line"})


def test_no_mutant_hangs(fuzzed: dict[int, dict[str, Any]]) -> None:
    """No mutant keeps a worker silent for longer than the guard (a FIFO, a device, a slow path)."""
    assert [] == described(fuzzed, {"hang"})


# -- the fuzzer itself --------------------------------------------------------------------------


def test_mutants_are_a_function_of_seed_and_index() -> None:
    """The same seed and index give the same mutant; another seed gives other mutants."""
    assert mutants(SEED, 40) == mutants(SEED, 40)
    assert mutants(SEED, 40) != mutants(SEED + 1, 40)
    assert all(m.steps for m in mutants(SEED, 40))


def test_the_suite_run_covers_every_family_of_mutation() -> None:
    """The suite's mutants include each family the brief names: YAML, bytes, file system and MSPDI."""
    text = "\n".join(s for m in mutants(SEED, MUTANTS) for s in m.steps)
    families = {
        "huge number": "999999999999999999999", "infinity": "inf", "far date": "9999-12-31",
        "first date": "0001-01-01", "empty string": "''", "long string": "characters)", "tag": "!!",
        "escape": "\\\\e", "complex key": "? ", "alias": "anchor", "duplicate key": "duplicate-here",
        "deleted line": "delete line", "swapped ids": "swap ids", "unknown key": "zz-unknown-key",
        "truncation": "truncate", "random bytes": "random bytes", "BOM or UTF-16": "utf16",
        "FIFO": "fifo", "link to /dev/zero": "dev-zero", "directory": "directory", "DOCTYPE": "DOCTYPE",
        "MSPDI value": "plan.xml: line",
    }
    assert [] == [family for family, marker in families.items() if marker not in text]


def test_the_generated_mspdi_plan_is_sound(tmp_path: Path) -> None:
    """The MSPDI seed file loads without diagnostics, schedules without errors and has progress and a baseline."""
    path = tmp_path / "plan.xml"
    path.write_bytes(mspdi_plan(1))
    result = load(path)
    assert () == result.diagnostics
    portfolio = result.portfolio
    assert STATUS_DATE == portfolio.status_updates[-1].date
    assert {"baseline"} == set(portfolio.baselines)
    assert [] == [d for d in schedule(portfolio).diagnostics if d.severity == "error"]
    assert mspdi_plan(1) == mspdi_plan(1)
    assert mspdi_plan(1) != mspdi_plan(2)


@pytest.mark.parametrize(("path", "period"), [(EXAMPLE, EXAMPLE_PERIOD), (None, STATUS_DATE.strftime("%Y-%m"))])
def test_unmutated_inputs_give_no_problems(tmp_path: Path, path: Path | None, period: str) -> None:
    """The example and the generated plan pass every check: a problem the fuzzer reports is the mutation's."""
    if path is None:
        path = tmp_path / "plan.xml"
        path.write_bytes(mspdi_plan(1))
    steps: list[str] = []
    assert [] == run_library(path, period, steps.append)
    assert {"load", "schedule", "rules", "variance", "history", "report", "render-xlsx"} <= set(steps)


@pytest.mark.parametrize("operation", FS_OPERATIONS)
def test_file_system_operations_are_applied(tmp_path: Path, operation: str) -> None:
    """Each file-system mutation leaves the file as it says (a link, a FIFO, a folder, a socket, ...)."""
    item = Mutant(seed=0, index=0, kind="yaml", files={"rules.yaml": b"rules: {}\n"}, fs=(("rules.yaml", operation),),
                  target="portfolio", period=EXAMPLE_PERIOD, steps=(operation,))
    path = materialise(item, tmp_path) / "rules.yaml"
    mode = path.lstat().st_mode
    expected = {"fifo": stat.S_ISFIFO, "directory": stat.S_ISDIR, "socket": stat.S_ISSOCK,
                "unreadable": stat.S_ISREG, "sparse-17mib": stat.S_ISREG}.get(operation, stat.S_ISLNK)
    assert expected(mode), oct(mode)
    if operation == "sparse-17mib":
        assert path.stat().st_size > 16 * 2**20
    if operation == "unreadable":
        assert 0 == stat.S_IMODE(mode)


@pytest.mark.parametrize(("script", "kind"), [("import sys, time\nfor line in sys.stdin: time.sleep(60)", "hang"),
                                              ("raise SystemExit(3)", "died")])
def test_the_driver_reports_hangs_and_deaths(script: str, kind: str) -> None:
    """A worker that stays silent past the guard is a hang, one that exits a death; the driver goes on."""
    results = drive([sys.executable, "-c", script], [5, 6], jobs=1, guard=1)
    assert [5, 6] == sorted(results)
    assert [kind, kind] == [results[i]["problems"][0]["kind"] for i in (5, 6)]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("error[no-baseline]: the portfolio has no baseline\n", ["no-file"]),
        ("plan.xml: warning[mspdi-unsupported]: a manual task\n", ["no-line"]),
        ("rules.yaml: error[encoding]: not UTF-8\n", []),
        ("services/a.yaml:3:7: error[bad-date]: '2023-02-30'\n", []),
        ("warning[dcma-logic]: DCMA check 1 (logic): 5.3 %\n", []),  # a rule's finding on the whole portfolio
        ("Traceback (most recent call last):\n  File ...\n", ["exception"]),
    ],
)
def test_the_command_line_judge_reads_diagnostics(printed: str, expected: list[str]) -> None:
    """What a run printed is judged: a diagnostic without a file or line, a printed traceback; findings pass."""
    assert expected == [p["kind"] for p in judge("check", ["check", "x"], 1, [], printed)]


def test_a_command_line_run_is_captured(tmp_path: Path) -> None:
    """The example through ``portfolio check`` in this process: exit 0, its summary captured, no problem."""
    code, crashes, printed = run_cli(["check", str(EXAMPLE)], tmp_path, "file")
    assert (0, []) == (code, crashes)
    assert f"{len(load(EXAMPLE).portfolio.activities)} activities" in printed
    assert [] == judge("check", ["check", str(EXAMPLE)], code, crashes, printed)
