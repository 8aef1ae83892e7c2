"""A command asks numpy's BLAS for one thread, unless the user chose a number (``portfolio.cli._one_blas_thread``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
SHOW = """
import json, os, sys
from portfolio.cli import main
code = main(["--no-cache", "schedule", sys.argv[1]])
print(json.dumps([code, os.environ.get("OPENBLAS_NUM_THREADS"), os.environ.get("MKL_NUM_THREADS")]), file=sys.stderr)
"""


def threads(**given: str) -> list[object]:
    """What a ``portfolio schedule`` run in a new process left in its environment: exit code and the two counts."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")} | given
    done = subprocess.run([sys.executable, "-c", SHOW, str(EXAMPLE)], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    found: list[object] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


def test_a_command_gives_blas_one_thread() -> None:
    assert threads() == [0, "1", "1"]


@pytest.mark.parametrize("chosen", ["2", "4"])
def test_a_thread_count_the_user_chose_is_kept(chosen: str) -> None:
    assert threads(OPENBLAS_NUM_THREADS=chosen) == [0, chosen, "1"]


def test_numpy_imported_before_the_command_is_left_alone() -> None:
    """In a notebook or program that imported numpy already, the variables would no longer count: none is set."""
    script = "import numpy\n" + SHOW
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", script, str(EXAMPLE)], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == [0, None, None]
