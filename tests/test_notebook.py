"""The example notebook: stored without outputs, and run end to end on the shipped example."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "notebooks" / "architect-tour.ipynb"


def test_notebook_is_stored_without_outputs():
    """No code cell in git carries outputs or an execution count (they would go stale and bloat diffs)."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code
    assert [([], None)] * len(code) == [(c["outputs"], c["execution_count"]) for c in code]


def test_notebook_runs_end_to_end(tmp_path, monkeypatch):
    """Every cell runs in a kernel of this interpreter; the plots come out as PNGs and the results as HTML."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # a kernelspec for exactly this interpreter, so a system-wide "python3" kernel cannot be picked instead
    spec = tmp_path / "kernels" / "portfolio-tests"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "portfolio tests", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, kernel_name="portfolio-tests", timeout=120,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert [] == [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert 7 == len(images)  # driving path, Gantt, MTA, services, two migration maps, the comparison
    assert any("Portfolio Logius migratieportfolio" in h for h in html)
    assert any("Key milestones" in h for h in html)
    assert any("Rule findings" in h for h in html)
