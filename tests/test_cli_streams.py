"""A closed or full standard output, for real, for every command: one line on stderr, a non-zero exit, no traceback.

Each command runs in a subprocess whose standard output is a pipe whose
reader has already gone (what ``| head -1`` leaves once head has exited) or
``/dev/full``. Runs are started together and then waited for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"

#: One line per command (and --help, which argparse prints itself).
COMMANDS = [
    ["check", "{p}"],
    ["schedule", "{p}"],
    ["slippage", "{p}"],
    ["history", "{p}"],
    ["report", "monthly", "{p}", "--period", "2023-12"],
    ["publish", "{p}", "--period", "2023-12", "--store", "{t}/{n}.sqlite"],
    ["published", "{p}", "--store", "{t}/published.sqlite"],
    ["baseline", "capture", "{p}", "--name", "b{n}", "--reason", "test", "-o", "{t}/b{n}.yaml"],
    ["schedule", "--help"],
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, subprocess.CompletedProcess[str]]]:
    """Every command with a closed pipe and with /dev/full as standard output."""
    temp = tmp_path_factory.mktemp("streams")
    folder = temp / "logius"
    shutil.copytree(EXAMPLE, folder)
    subprocess.run([sys.executable, "-m", "portfolio", "publish", str(folder), "--period", "2023-08", "--store",
                    str(temp / "published.sqlite")], check=True, capture_output=True)
    started = []
    for n, command in enumerate(COMMANDS):
        for kind in ("closed pipe", "/dev/full"):
            argv = [a.format(p=folder, t=temp, n=f"{n}{'c' if kind == 'closed pipe' else 'f'}") for a in command]
            if kind == "closed pipe":
                reader, out = os.pipe()
                os.close(reader)
            else:
                out = os.open("/dev/full", os.O_WRONLY)
            process = subprocess.Popen([sys.executable, "-m", "portfolio", *argv], stdout=out,
                                       stderr=subprocess.PIPE, text=True)
            os.close(out)
            started.append((" ".join(command[:2]), kind, process, argv))
    done = []
    for name, kind, process, argv in started:
        _, err = process.communicate(timeout=120)
        done.append((name, kind, subprocess.CompletedProcess(argv, process.returncode, "", err)))
    return done


@pytest.mark.parametrize("index", range(2 * len(COMMANDS)))
def test_ends_quietly(runs: list[tuple[str, str, subprocess.CompletedProcess[str]]], index: int) -> None:
    """Exit 141 for a closed pipe (as a shell reports SIGPIPE), 2 for a full disk; the message is the last line."""
    name, kind, done = runs[index]
    command = f"portfolio {name.split()[0]}"
    reason = "the reader closed the pipe" if kind == "closed pipe" else "No space left on device"
    assert "Traceback" not in done.stderr, done.stderr
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        141 if kind == "closed pipe" else 2, f"{command}: error: cannot write to standard output: {reason}")
    assert done.stderr.count("cannot write to standard output") == 1


def test_standard_error_closed_or_full() -> None:
    """Diagnostics to a closed standard error go nowhere (not into the output); to a full one: exit 2, quietly."""
    argv = [sys.executable, "-m", "portfolio", "check", str(EXAMPLE)]
    closed = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False,
                            preexec_fn=lambda: os.close(2))
    assert (closed.returncode, "error(s)" in closed.stdout, closed.stdout.splitlines()[-1].split()[-1]) == (
        0, False, "pass")
    with open("/dev/full", "w") as full:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=full, text=True, check=False)
    assert done.returncode == 2
