"""A cold load reads files without networkx unless something must spell a loop out.

Counted, not timed (as ``tests/test_import_budget.py`` counts a command's imports): importing networkx took
about a tenth of a second of each load that read files, for a check that almost always finds nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from portfolio.io._sections.services import _has_loop

ROOT = Path(__file__).resolve().parents[1]

_RUN = """
import sys
from portfolio.io import load
result = load({path!r}, cache=False)
print(sorted(d.code for d in result.diagnostics), "networkx" in sys.modules)
"""


def _load_in_fresh_interpreter(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", _RUN.format(path=str(path))], capture_output=True, text=True,
                          cwd=ROOT, check=True, timeout=300)
    return done.stdout.strip()


def test_the_example_loads_without_networkx() -> None:
    """The example's services depend on each other, without a loop: no graph is made."""
    assert _load_in_fresh_interpreter(ROOT / "examples" / "logius") == "[] False"


def test_a_loop_of_services_is_still_spelled_out() -> None:
    found = _load_in_fresh_interpreter(ROOT / "tests" / "fixtures" / "diagnostics" / "service-dependency-cycle_1.yaml")
    assert found == "['service-dependency-cycle'] True"


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")), max_size=12))
def test_a_loop_is_found_as_networkx_finds_one(edges: list[tuple[str, str]]) -> None:
    graph = nx.DiGraph(edges)
    assert _has_loop(edges) == (not nx.is_directed_acyclic_graph(graph))
