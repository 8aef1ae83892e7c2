"""One mutant through the command line, in this process: the runs, their streams and what counts as a problem.

Used by the large run, ``benchmarks/fuzz_cli.py``: each run is
``portfolio.cli.main(argv)`` with standard output and error in files (or
standard output on ``/dev/full`` or a closed pipe), and :func:`judge` reads
what it printed.

>>> [p["kind"] for p in judge("report-text", ["report"], 0, [], "error[no-baseline]: no baseline\\n")]
['no-file']
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shlex
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from fuzzing.harness import FILE_LEVEL, problem, signature
from fuzzing.mutator import Mutant, materialise, mutant
from portfolio.diagnostics import CODES

__all__ = ["ARGUMENTS", "COMMANDS", "command_argv", "handle", "judge", "run_cli", "runs"]

COMMANDS = ("check", "schedule", "slippage", "history", "report-text", "report-html", "report-xlsx")
_DIAGNOSTIC = re.compile(r"^(?:(?P<where>.*?): )?(?:error|warning|info)\[(?P<code>[a-z0-9-]+)\]: ", re.MULTILINE)
_LINE = re.compile(r":\d+(?::\d+)?$")
_READ_LIMIT = 4 * 2**20


def command_argv(name: str, path: Path, period: str, out: Path) -> list[str]:
    """The arguments of one of :data:`COMMANDS` on ``path``."""
    if name.startswith("report-"):
        form = name.removeprefix("report-")
        extra = [] if form == "text" else ["--format", form, "-o", str(out / f"report.{form}")]
        return ["report", "monthly", str(path), "--period", period, *extra]
    return [name, str(path)]


#: Hostile arguments: (commands it applies to, description, how it changes argv, standard output).
ARGUMENTS: tuple[tuple[tuple[str, ...], str, Callable[[list[str], Path], list[str]], str], ...] = (
    (COMMANDS[4:], "--period 9999-12", lambda a, o: _set(a, "--period", "9999-12"), "file"),
    (COMMANDS[4:], "--period 0001-01", lambda a, o: _set(a, "--period", "0001-01"), "file"),
    (COMMANDS[4:], "--period 2023-13", lambda a, o: _set(a, "--period", "2023-13"), "file"),
    (("schedule", "slippage"), "--status-date 9999-12-31", lambda a, o: [*a, "--status-date", "9999-12-31"], "file"),
    (("schedule", "slippage"), "--status-date 0001-01-01", lambda a, o: [*a, "--status-date", "0001-01-01"], "file"),
    (("check",), "--as-of 9999-12-31", lambda a, o: [*a, "--as-of", "9999-12-31"], "file"),
    (COMMANDS, "-o with a 300-character name", lambda a, o: _set(a, "-o", str(o / ("o" * 300 + ".txt"))), "file"),
    (COMMANDS, "-o in a missing folder", lambda a, o: _set(a, "-o", str(o / "missing" / "out.txt")), "file"),
    (COMMANDS, "-o /dev/full", lambda a, o: _set(a, "-o", "/dev/full"), "file"),
    (COMMANDS[:5], "standard output is /dev/full", lambda a, o: a, "full"),
    (COMMANDS[:5], "standard output is a closed pipe", lambda a, o: a, "closed"),
    (COMMANDS, "PATH with a 300-character part", lambda a, o: _path(a, "/" + "p" * 300), "file"),
    (("slippage", *COMMANDS[4:]), "--baseline of 300 characters", lambda a, o: [*a, "--baseline", "b" * 300], "file"),
    (("slippage", *COMMANDS[4:]), "--baseline with an escape", lambda a, o: [*a, "--baseline", "\x1b]0;x\x07"], "file"),
    (("history",), "--milestones of 300 characters", lambda a, o: [*a, "--milestones", "m" * 300], "file"),
    (("schedule",), "--path-to with an escape", lambda a, o: [*a, "--path-to", "\x1b[2J" * 50], "file"),
)


def _set(argv: list[str], option: str, value: str) -> list[str]:
    if option in argv:
        at = argv.index(option)
        return [*argv[:at + 1], value, *argv[at + 2:]]
    return [*argv, option, value]


def _path(argv: list[str], suffix: str) -> list[str]:
    at = 2 if argv[0] == "report" else 1
    return [*argv[:at], argv[at] + suffix, *argv[at + 1:]]


def runs(item: Mutant, path: Path, out: Path) -> Iterator[tuple[str, list[str], str, str]]:
    """(command, argv, standard output mode, argument mutation) for each run of a mutant."""
    rng = random.Random(f"portfolio-fuzz-args:{item.seed}:{item.index}")
    hostile = rng.choice(ARGUMENTS) if rng.random() < 0.1 else None
    target = rng.choice(hostile[0]) if hostile else None
    for name in COMMANDS:
        argv = command_argv(name, path, item.period, out)
        if hostile is not None and name == target:
            yield name, hostile[2](argv, out), hostile[3], hostile[1]
        else:
            yield name, argv, "file", ""


@contextlib.contextmanager
def _streams(out: Path, mode: str) -> Iterator[tuple[TextIO, TextIO]]:
    """Standard output and error redirected: to files, or standard output to /dev/full or a closed pipe."""
    if mode == "full":
        stdout = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    elif mode == "closed":
        read, write = os.pipe()
        os.close(read)
        stdout = os.fdopen(write, "w", encoding="utf-8")
    else:
        stdout = open(out / "stdout.txt", "w", encoding="utf-8")  # noqa: SIM115
    stderr = open(out / "stderr.txt", "w", encoding="utf-8")  # noqa: SIM115
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        yield stdout, stderr
    finally:
        sys.stdout, sys.stderr = saved
        for stream in (stdout, stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.close()


def run_cli(argv: list[str], out: Path, mode: str) -> tuple[int | None, list[str], str]:
    """``portfolio ARGV`` in this process: exit status (None: it raised), crash signatures, what it printed."""
    from portfolio.cli import main  # noqa: PLC0415 - imported once per worker, after the memory limit

    crashes: list[str] = []
    details = ""
    code: int | None = None
    with _streams(out, mode) as (stdout, _stderr):
        try:
            code = main(argv)
        except SystemExit as done:  # argparse: a usage error
            code = done.code if isinstance(done.code, int) else 2
        except BaseException as error:  # the point: nothing may escape main()
            crashes.append(signature(error))
            details = traceback.format_exc()[-1500:]
        try:
            stdout.flush()
        except Exception as error:  # what Python reports at exit as "Exception ignored ... <stdout>"
            crashes.append(f"{type(error).__name__} at exit (flushing standard output)")
            details = details or repr(error)
    text = ""
    for name in ("stdout.txt", "stderr.txt"):
        with contextlib.suppress(OSError), open(out / name, encoding="utf-8", errors="replace") as stream:
            text += stream.read(_READ_LIMIT)
    return code, [f"{c}\n{details}" for c in crashes], text


def judge(name: str, argv: list[str], code: int | None, crashes: list[str], output: str) -> list[dict[str, str]]:
    """The problems of one run."""
    shown = shlex.join(argv)
    found = [problem("exception", name, c.partition("\n")[0], shown + "\n" + c.partition("\n")[2])
             for c in crashes]
    if "Traceback (most recent call last)" in output:
        found.append(problem("exception", name, "a traceback printed", shown))
    expected = (0, 1, 2, 141) if "closed pipe" in name else (0, 1, 2)  # 141: the documented closed-pipe exit
    if code is not None and code not in expected:
        found.append(problem("bad-exit", name, f"exit status {code}", shown))
    for match in _DIAGNOSTIC.finditer(output):
        where, code_name = match.group("where"), match.group("code")
        if code_name not in CODES:  # a rule's finding about the whole portfolio, not a diagnostic
            continue
        if not where:
            found.append(problem("no-file", name, code_name, shown + "\n" + match.group()))
        elif code_name not in FILE_LEVEL and not _LINE.search(where):
            found.append(problem("no-line", name, code_name, shown + "\n" + match.group()))
    return found


def handle(seed: int, index: int, root: Path, on_step: Callable[[str], None]) -> dict[str, Any]:
    """One mutant through every command (the worker's task)."""
    item = mutant(seed, index)
    path = materialise(item, root)
    out = root / "out"
    out.mkdir(exist_ok=True)
    found: list[dict[str, str]] = []
    count = 0
    for name, argv, mode, what in runs(item, path, out):
        step = f"{name} [{what}]" if what else name
        on_step(step)
        code, crashes, output = run_cli(argv, out, mode)
        found += judge(step, argv, code, crashes, output)
        count += 1
    for p in found:
        p["detail"] = p["detail"].replace(str(root), "MUTANT")
    return {"problems": found, "runs": count}
