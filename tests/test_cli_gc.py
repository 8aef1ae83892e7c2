"""The command line pauses the cyclic garbage collector while it imports and parses, and always restores it.

Importing a command's modules (numpy, the model's attrs classes, the
report) makes objects that stay for the whole run; with the collector on,
a text report ran some 90 collections, most of them walking those objects
again. The count is deterministic where timing is not (as in
``tests/test_import_budget.py``): a change that drops the pause fails here.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"

#: Collections a warm text report of the example may run: 9 to 11 today, about 90 without the pauses.
COLLECTIONS_BUDGET = 30

_RUN = """
import gc, json, sys
seen = []
gc.callbacks.append(lambda phase, info: seen.append(info["generation"]) if phase == "start" else None)
sys.argv = ["portfolio", *{argv!r}]
import runpy
try:
    runpy.run_module("portfolio", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
sys.stderr.write("\\n@@" + json.dumps([seen, gc.isenabled()]))
"""


def _collections(argv: list[str], cache: Path) -> tuple[list[int], bool]:
    """The generations of the collections ``portfolio ARGV...`` ran, and whether the collector was on at its end."""
    env = {k: v for k, v in os.environ.items() if k != "PORTFOLIO_NO_CACHE"} | {"PORTFOLIO_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", _RUN.format(argv=argv)], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=False, timeout=300)
    seen, enabled = json.loads(done.stderr.rsplit("\n@@", 1)[1])
    return seen, enabled


@pytest.mark.parametrize("fmt", ["txt", "xlsx"])
def test_a_warm_report_runs_few_collections(tmp_path: Path, fmt: str) -> None:
    """With the caches warm, a report runs few collections (it imports and parses with the collector paused)."""
    if fmt == "xlsx":
        pytest.importorskip("xlsxwriter")
    argv = ["report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / f"r.{fmt}")]
    _collections(argv, tmp_path / "cache")  # fills the load cache and the section cache
    seen, enabled = _collections(argv, tmp_path / "cache")
    assert (tmp_path / f"r.{fmt}").stat().st_size > 0
    assert enabled
    assert len(seen) <= COLLECTIONS_BUDGET, seen


def test_the_collector_is_on_after_a_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """After a report, a usage error and ``--version``, the collector is on again."""
    assert gc.isenabled()
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / "r.txt")])
    assert gc.isenabled()
    with pytest.raises(SystemExit) as usage:
        main(["report", "monthly", str(EXAMPLE), "--period", "2023-13"])
    assert (2, True) == (usage.value.code, gc.isenabled())
    with pytest.raises(SystemExit):
        main(["--version"])
    assert gc.isenabled()
    capsys.readouterr()


_ENTRY = """
import gc, json, sys
sys.argv = ["portfolio", *{argv!r}]
from portfolio.cli import entry
code = entry()
sys.stderr.write("\\n@@" + json.dumps([code, gc.get_freeze_count(), len(gc.get_objects()), gc.isenabled()]))
"""


def test_the_program_leaves_its_objects_to_reference_counting_at_exit(tmp_path: Path) -> None:
    """``portfolio`` (`entry`) freezes what the command made before the process ends: the collections run at
    shutdown then walk almost nothing; the exit code is the command's, and `main` itself freezes nothing."""
    argv = ["report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / "r.txt")]
    env = {k: v for k, v in os.environ.items() if k != "PORTFOLIO_NO_CACHE"} | {"PORTFOLIO_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _ENTRY.format(argv=argv)], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=False, timeout=300)
    code, frozen, tracked, enabled = json.loads(done.stderr.rsplit("\n@@", 1)[1])
    assert (code, enabled) == (0, True)
    assert (tmp_path / "r.txt").stat().st_size > 0
    assert frozen > 50 * max(tracked, 1), (frozen, tracked)
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / "s.txt")])
    assert 0 == gc.get_freeze_count()
