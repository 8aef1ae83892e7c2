"""Run mutants through the library in worker processes, under a hang guard, and check what comes back.

:func:`run_library` takes one portfolio path through what every command
calls (load, schedule, rules, slippage, history, the monthly report and its
renderers), handling exactly the exceptions the command line handles, and
returns the problems: an exception that escaped, a diagnostic without a
file, or (when it concerns content) without a line.

:func:`drive` runs tasks in worker processes (``python -m fuzzing.harness``
for the library; ``benchmarks/fuzz_cli.py --worker`` for the command line),
with a guard on each step: a worker silent for longer than the guard is
killed and the step counted as a hang; a worker that dies is restarted and
the death counted. The guard is a hang detector, not a performance bound.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import resource
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from fuzzing.mutator import clear, materialise, mutant
from portfolio.diagnostics import Diagnostic, has_errors
from portfolio.io import load
from portfolio.report import monthly_report, render
from portfolio.rules import RULE_SETS, run_rules
from portfolio.rules.dcma import metrics
from portfolio.scheduling import schedule
from portfolio.slippage import attribute, history, key_milestones, select_baseline, variance

__all__ = ["FILE_LEVEL", "MEMORY_LIMIT", "RENDER_FORMATS", "Problem", "drive", "run_library", "signature"]

#: Codes about a file as a whole (it cannot be read, is too large, is not text) or about the whole portfolio
#: (it has no baseline or no status update for the period): a file is enough, no line.
FILE_LEVEL = frozenset({"io-error", "no-files", "file-too-large", "encoding", "no-baseline", "no-status-update"})
RENDER_FORMATS = ("text", "md", "html", "xlsx", "csv")
#: The address space a worker may take: a read without bound fails instead of taking the machine.
MEMORY_LIMIT = 2 * 2**30
TESTS = Path(__file__).resolve().parents[1]
#: The environment variable naming a worker's folder (made and, after a kill, removed by the driver).
ROOT_VARIABLE = "PORTFOLIO_FUZZ_ROOT"

Problem = dict[str, str]  # kind ("exception", "no-file", "no-line", "hang", "died"), step, signature, detail


def signature(error: BaseException) -> str:
    """Exception type and the innermost frame in the ``portfolio`` package: what groups crashes.

    >>> try:
    ...     int("x")
    ... except ValueError as error:
    ...     signature(error).startswith("ValueError at ")
    True
    """
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if _package_path(f.filename)]
    frame = ours[-1] if ours else frames[-1] if frames else None
    if frame is None:
        return type(error).__name__
    return f"{type(error).__name__} at {_package_path(frame.filename) or frame.filename}:{frame.lineno} ({frame.name})"


def _package_path(filename: str) -> str | None:
    parts = Path(filename).parts
    for i in range(len(parts) - 1, 0, -1):
        if parts[i] == "portfolio" and parts[i - 1] in ("src", "site-packages"):
            return "/".join(parts[i:])
    return None


def problem(kind: str, step: str, sig: str, detail: str) -> Problem:
    """A problem record (JSON-ready)."""
    short = detail if len(detail) <= 1500 else f"{detail[:200]} ... {detail[-1300:]}"  # the traceback's end
    return {"kind": kind, "step": step, "signature": sig, "detail": short}


def diagnostic_problems(step: str, diagnostics: Iterable[Diagnostic]) -> list[Problem]:
    """A diagnostic without a file, or about content without a line, is a problem."""
    found = []
    for d in diagnostics:
        if d.source is None or not d.source.file:
            found.append(problem("no-file", step, d.code, str(d)))
        elif d.code not in FILE_LEVEL and not d.source.line:
            found.append(problem("no-line", step, d.code, str(d)))
    return found


class _Steps:
    """Runs the steps of one mutant, recording an escaping exception as a problem."""

    def __init__(self, on_step: Callable[[str], None]) -> None:
        self.problems: list[Problem] = []
        self.on_step = on_step

    def run(self, step: str, call: Callable[[], Any], expected: tuple[type[BaseException], ...] = ()) -> Any:
        self.on_step(step)
        try:
            return call()
        except expected:  # what the command line catches and reports (e.g. "no baseline")
            return None
        except Exception as error:
            self.problems.append(problem("exception", step, signature(error), traceback.format_exc()[-1500:]))
            return None


def run_library(path: Path, period: str, on_step: Callable[[str], None] = lambda step: None) -> list[Problem]:
    """One portfolio through every command's library entry point, as the command line calls them."""
    steps = _Steps(on_step)
    loaded = steps.run("load", lambda: load(path))
    if loaded is None:
        return steps.problems
    steps.problems += diagnostic_problems("load", loaded.diagnostics)
    if has_errors(loaded.diagnostics):
        return steps.problems
    portfolio = loaded.portfolio
    plan = steps.run("schedule", lambda: schedule(portfolio))
    if plan is not None:
        steps.problems += diagnostic_problems("schedule", plan.diagnostics)
        _rules(steps, portfolio, plan)
        if not has_errors(plan.diagnostics):
            _slippage(steps, portfolio, plan)
    trends = steps.run("history", lambda: history(portfolio), (KeyError,))
    if trends is not None:
        steps.problems += diagnostic_problems("history", (d for s in trends.schedules for d in s.diagnostics))
    report = steps.run("report", lambda: monthly_report(portfolio, period), (LookupError,))
    if report is not None:
        for form in RENDER_FORMATS:
            steps.run(f"render-{form}", functools.partial(render, report, form, lang="nl"))
    return steps.problems


def _rules(steps: _Steps, portfolio: Any, plan: Any) -> None:
    report = steps.run("rules", lambda: run_rules(portfolio, plan))
    if report is None:
        return
    steps.problems += diagnostic_problems("rules", report.diagnostics)
    if any(r.id in {x.id for x in report.rules} for r in RULE_SETS["dcma"]):
        parameters = {k: dict(v) for k, v in portfolio.rules.parameters.items() if k.startswith("dcma-")}
        steps.run("dcma-metrics", lambda: metrics(portfolio, plan, parameters))


def _slippage(steps: _Steps, portfolio: Any, plan: Any) -> None:
    baseline = steps.run("baseline", lambda: select_baseline(portfolio, None, as_of=plan.status_date),
                         (LookupError,))
    if baseline is None:
        return
    steps.run("variance", lambda: variance(portfolio, plan, baseline))
    for milestone in steps.run("key-milestones", lambda: key_milestones(portfolio)) or ():
        steps.run("attribute", functools.partial(attribute, portfolio, plan, milestone, baseline), (KeyError,))


# -- worker processes ---------------------------------------------------------------------------


def limit_memory() -> None:
    """Cap this process's address space at :data:`MEMORY_LIMIT` (a worker's first act)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def worker_env() -> dict[str, str]:
    """The environment of a worker: the tests folder on the path, one thread for numerical libraries."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), *filter(None, [env.get("PYTHONPATH")])])
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONHASHSEED="0",
               PYTHONFAULTHANDLER="1")
    return env


def channel() -> TextIO:
    """The worker's line to the driver (its standard output); what else writes there goes to standard error."""
    line = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    return line


def serve(handle: Callable[[int, Path, Callable[[str], None]], dict[str, Any]], channel: TextIO) -> None:
    """The worker loop: read an index per line from stdin; report each step and the result on ``channel``."""
    limit_memory()
    root = Path(os.environ.get(ROOT_VARIABLE) or tempfile.mkdtemp(prefix="portfolio-fuzz-worker-"))
    try:
        for line in sys.stdin:
            index = int(line)

            def on_step(step: str, index: int = index) -> None:
                channel.write(json.dumps({"index": index, "step": step}) + "\n")
                channel.flush()

            result = handle(index, root, on_step)
            channel.write(json.dumps({"index": index, "result": result}) + "\n")
            channel.flush()
            clear(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _library_task(seed: int) -> Callable[[int, Path, Callable[[str], None]], dict[str, Any]]:
    def handle(index: int, root: Path, on_step: Callable[[str], None]) -> dict[str, Any]:
        item = mutant(seed, index)
        path = materialise(item, root)
        return {"problems": run_library(path, item.period, on_step), "runs": 1}

    return handle


class _Worker:
    """One worker process and the lines it has sent but the driver has not read yet."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop(); a file, not a pipe, never blocks
        self.root = tempfile.mkdtemp(prefix="portfolio-fuzz-worker-")
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                        env={**worker_env(), ROOT_VARIABLE: self.root}, bufsize=0)
        self.pending = b""  # read from the pipe by hand: a buffered reader would hide lines from select()
        self.selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self.selector.register(self.process.stdout, selectors.EVENT_READ)

    def send(self, index: int) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{index}\n".encode())
        self.process.stdin.flush()

    def receive(self, guard: float) -> dict[str, Any] | str:
        """The next message, "hang" after ``guard`` seconds of silence, or "died"."""
        assert self.process.stdout is not None
        while b"\n" not in self.pending:
            if not self.selector.select(guard):
                return "hang"
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                return "died"
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        message: dict[str, Any] = json.loads(line)
        return message

    def stop(self, *, kill: bool) -> str:
        """End the worker; its standard error's tail (what a dying worker said)."""
        if kill:
            self.process.kill()
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        with contextlib.suppress(OSError):  # the worker is gone: nothing to flush to
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.selector.close()
        self.errors.seek(0, os.SEEK_END)
        self.errors.seek(max(self.errors.tell() - 2000, 0))
        tail = self.errors.read().decode("utf-8", "replace")
        self.errors.close()
        shutil.rmtree(self.root, ignore_errors=True)
        return tail


def _answer(worker: _Worker, index: int, guard: float) -> dict[str, Any]:
    """Mutant ``index``'s result from ``worker``, or a hang or death (then the worker is stopped)."""
    step, started = "start", 0
    try:
        worker.send(index)
    except OSError:  # the worker died after its last answer
        message: dict[str, Any] | str = "died"
    else:
        while isinstance(message := worker.receive(guard), dict):
            if "result" in message:
                result: dict[str, Any] = message["result"]
                return result
            step, started = message["step"], started + 1
    tail = worker.stop(kill=True)
    detail = f"no answer within {guard:g} s" if message == "hang" else f"worker exit {worker.process.returncode}"
    return {"problems": [problem(str(message), step, f"{message} in {step}", f"{detail}\n{tail}")],
            "runs": max(started, 1), "stopped_at": step}


def _feed(argv: Sequence[str], indices: Iterator[int], lock: threading.Lock, guard: float,
          results: dict[int, dict[str, Any]]) -> None:
    worker = _Worker(argv)
    while True:
        with lock:
            index = next(indices, None)
        if index is None:
            break
        results[index] = _answer(worker, index, guard)
        if "stopped_at" in results[index]:
            worker = _Worker(argv)
    worker.stop(kill=False)


def drive(argv: Sequence[str], indices: Iterable[int], jobs: int = 2, guard: float = 20.0) -> dict[int, dict[str, Any]]:
    """Send each index to one of ``jobs`` workers started with ``argv``; the result of each index."""
    results: dict[int, dict[str, Any]] = {}
    shared = iter(list(indices))
    lock = threading.Lock()
    threads = [threading.Thread(target=_feed, args=(argv, shared, lock, guard, results)) for _ in range(max(jobs, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def library_argv(seed: int) -> list[str]:
    """The command that starts a library worker for run ``seed``."""
    return [sys.executable, "-m", "fuzzing.harness", "--seed", str(seed)]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m fuzzing.harness --seed S``: a library worker (indices on stdin, JSON lines on stdout)."""
    parser = argparse.ArgumentParser(prog="fuzzing.harness", description=main.__doc__)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    serve(_library_task(args.seed), channel())
    return 0


if __name__ == "__main__":
    sys.exit(main())
