"""The command line starts at once: what ``portfolio --version`` and each command import, counted (not timed).

Each case runs the command in a fresh interpreter and lists the modules in
``sys.modules`` when it ends, minus those a bare interpreter already has.
Counting is deterministic where timing is not: a change that makes
``--version`` import the report, numpy or networkx fails here, on any
machine, however fast. ``benchmarks/bench_startup.py`` measures the times.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"

#: Modules beyond a bare interpreter that ``portfolio --version`` may import. It imports 33 today (argparse and
#: gettext with what they use, runpy, the package, the CLI and its streams); the headroom allows a small
#: standard-library module or two, not a library: numpy alone is about 90 modules, networkx about 290, and
#: before commands were imported on use it was over 700.
VERSION_BUDGET = 45

#: Libraries and modules that ``--version`` must not load: each is what some command needs, none of them this.
NOT_FOR_VERSION = (
    "numpy", "networkx", "pendulum", "tabulate", "yaml", "cattrs", "attrs", "dateutil", "platformdirs", "jinja2",
    "xlsxwriter", "openpyxl", "matplotlib", "pandas", "weasyprint", "holidays", "sqlite3", "portfolio.model", "portfolio.io",
    "portfolio.scheduling", "portfolio.rules", "portfolio.report", "portfolio.report.data", "portfolio.store",
    "portfolio.cli.check", "portfolio.cli.report", "portfolio.cli._common", "portfolio.io._parallel",
    "portfolio.io._read_worker", "subprocess",
)

_RUN = """
import json, sys
bare = set(sys.modules)
sys.argv = ["portfolio", *{argv!r}]
import runpy
try:
    runpy.run_module("portfolio", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
sys.stderr.write("\\n@@" + json.dumps(sorted(set(sys.modules) - bare)))
"""


def imported(*argv: str, cwd: Path = ROOT) -> set[str]:
    """The modules ``portfolio ARGV...`` imports beyond those the interpreter started with."""
    done = subprocess.run([sys.executable, "-c", _RUN.format(argv=list(argv))], capture_output=True, text=True,
                          cwd=cwd, check=False, timeout=300)
    return set(json.loads(done.stderr.rsplit("\n@@", 1)[1]))


def test_version_imports_little() -> None:
    """``portfolio --version`` loads no library and no part of the package but the CLI's start."""
    found = imported("--version")
    assert "portfolio.cli" in found  # the count is of the real command
    loaded = sorted(name for name in NOT_FOR_VERSION if name in found)
    assert loaded == []
    assert len(found) <= VERSION_BUDGET, sorted(found)


def test_a_command_imports_only_its_own_module() -> None:
    """``portfolio schedule --help`` registers schedule alone: no other command, no report, no renderer."""
    found = imported("schedule", "--help")
    commands = sorted(name for name in found if name.startswith("portfolio.cli.") and not name.startswith(
        ("portfolio.cli._",)))
    assert commands == ["portfolio.cli.schedule"]
    assert not {"portfolio.report", "portfolio.report.data", "jinja2", "xlsxwriter", "matplotlib", "pandas"} & found


def test_the_text_report_loads_no_renderer_of_another_format(tmp_path: Path) -> None:
    """``report monthly`` as text imports neither Jinja2 nor XlsxWriter nor matplotlib (nor pandas)."""
    found = imported("report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / "r.txt"))
    assert "portfolio.report.text" in found  # it did make the report
    assert not {"jinja2", "xlsxwriter", "openpyxl", "matplotlib", "pandas", "weasyprint"} & found


#: What a text report with the load cache warm must not import: the loader's libraries (PyYAML included: the
#: cache's key needs only ``io/_files.py``), tabulate (its plain
#: tables are written by ``report/_simple_table.py``, tabulate's ``importlib.metadata`` and ``wcwidth`` with it),
#: its risk section and wave plan read back from the cache, the simulation's passes and random streams, and, the
#: example having no published-report store, the store and sqlite3 (``portfolio._store_path`` says where it would be),
#: and numpy.ma (numpy 2's ``np.unique`` imports it, 25 ms: distinct values are taken with a set where it is on the way).
NOT_FOR_A_WARM_TEXT_REPORT = (
    "yaml", "cattrs", "networkx", "tabulate", "wcwidth", "importlib.metadata", "numpy.random", "portfolio.risk._simulate",
    "portfolio.risk._sample", "portfolio.risk._pass", "portfolio.io.yaml", "portfolio.io._sections", "portfolio.store",
    "sqlite3", "numpy.ma",
)


def test_a_warm_text_report_imports_neither_the_loader_nor_tabulate_nor_the_simulation(tmp_path: Path) -> None:
    """The second ``report monthly`` (load cache and section cache warm) reads no YAML and runs no simulation."""
    argv = ("report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / "r.txt"))
    cold = imported(*argv)
    assert "portfolio.risk._simulate" in cold  # the first report did simulate (and kept the section)
    warm = imported(*argv)
    assert "portfolio.report.text" in warm
    assert "portfolio.report.risk_section" in warm  # the section is there, read back
    assert sorted(name for name in NOT_FOR_A_WARM_TEXT_REPORT if name in warm) == []


@pytest.mark.parametrize(("fmt", "needs", "not_needed"), [("html", "jinja2", "xlsxwriter"), ("xlsx", "xlsxwriter", "jinja2")])
def test_each_renderer_loads_its_own_library(tmp_path: Path, fmt: str, needs: str, not_needed: str) -> None:
    """The html report loads Jinja2 and not XlsxWriter; the workbook the other way round, and never openpyxl."""
    pytest.importorskip(needs)  # the 'report' extra
    found = imported("report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / f"r.{fmt}"))
    assert needs in found
    assert not_needed not in found
    assert not {"openpyxl", "matplotlib"} & found


def test_each_command_module_registers_the_names_the_table_gives_it() -> None:
    """Every name of ``COMMANDS`` gets a parser from its module, and no module adds a name the table lacks."""
    from portfolio.cli import COMMANDS, build_parser  # noqa: PLC0415

    parser = build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    assert all(sub is None for sub in action.choices.values())  # nothing imported yet  # type: ignore[union-attr]
    parser.format_help()  # the listing registers every command
    assert list(action.choices) == list(COMMANDS)  # type: ignore[arg-type]
    assert all(sub is not None for sub in action.choices.values())  # type: ignore[union-attr]


#: What the helper process that reads part of a large portfolio's files (``io/_read_worker.py``) must not import:
#: it reads, nothing more (numpy alone would add about a tenth of a second to its start).
NOT_FOR_THE_HELPER = (
    "numpy", "networkx", "cattrs", "pendulum", "dateutil", "platformdirs", "portfolio.calendar", "portfolio.graph",
    "portfolio.io.yaml", "portfolio.io._sections", "portfolio.io._raw", "portfolio.scheduling", "portfolio._frames",
)

_HELPER = """
import json, os, sys
bare = set(sys.modules)
from portfolio.io import _read_worker
read, write = os.pipe()
stop, _ = os.pipe()
files = [(path, path) for path in sys.argv[1:]]
_read_worker.serve({{"reader": _read_worker._yaml_reader.__file__, "files": files}}, stop, write)
os.close(write)
assert os.read(read, 8), "nothing read"
sys.stderr.write("\\n@@" + json.dumps(sorted(set(sys.modules) - bare)))
"""


def test_the_helper_process_imports_the_reader_only() -> None:
    """The helper imports the YAML reader and what it needs: not numpy, not the builders, not the calendar."""
    files = [str(path) for path in sorted(EXAMPLE.rglob("*.yaml"))[:3]]
    done = subprocess.run([sys.executable, "-c", _HELPER.format(), *files], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=300)
    found = set(json.loads(done.stderr.rsplit("\n@@", 1)[1]))
    assert {"yaml", "portfolio.io._yaml_reader"} <= found
    assert sorted(name for name in NOT_FOR_THE_HELPER if name in found) == []
