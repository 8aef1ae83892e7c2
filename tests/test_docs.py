"""The documentation: the site builds in strict mode, and the examples users copy are valid YAML."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from portfolio.diagnostics import CODES

ROOT = Path(__file__).resolve().parent.parent
FORMAT_MD = ROOT / "docs" / "format.md"

_HAVE_MKDOCS = all(
    importlib.util.find_spec(name) is not None
    for name in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python", "mkdocs_gen_files")
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The site, built once for this module with ``mkdocs build --strict``."""
    if not _HAVE_MKDOCS:
        pytest.skip("mkdocs and its plugins are not installed (pip install -e '.[docs]')")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    yield out
    shutil.rmtree(out, ignore_errors=True)


def test_site_has_the_main_pages(site: Path) -> None:
    """The strict build produced the home, getting-started, format and API pages."""
    for page in ("index.html", "getting-started/index.html", "format/index.html", "api/index.html"):
        assert (site / page).is_file(), page


def test_one_page_per_diagnostic_code(site: Path) -> None:
    """Every code in CODES has its own page, with its title, severity and fix, and no page is left over."""
    pages = {p.parent.name for p in (site / "diagnostics").glob("*/index.html")}
    assert pages == set(CODES)
    for code, entry in CODES.items():
        html = (site / "diagnostics" / code / "index.html").read_text(encoding="utf-8")
        assert entry.severity.value in html, code
        assert "How to fix it" in html, code


def test_diagnostics_index_links_every_code(site: Path) -> None:
    """The diagnostics index page links to the page of every code."""
    html = (site / "diagnostics" / "index.html").read_text(encoding="utf-8")
    missing = [code for code in CODES if f'href="{code}/"' not in html]
    assert missing == []


def test_fixture_examples_are_shown(site: Path) -> None:
    """A code with a fixture tests/fixtures/diagnostics/<code>_1.yaml (or folder <code>_1/) shows it as its example."""
    fixtures = sorted((ROOT / "tests" / "fixtures" / "diagnostics").glob("*_1*"))
    codes = {f.name.removesuffix(".yaml").removesuffix("_1") for f in fixtures} & set(CODES)
    if not codes:
        pytest.skip("no diagnostic fixtures yet")
    for code in codes:
        html = (site / "diagnostics" / code / "index.html").read_text(encoding="utf-8")
        assert f"{code}_1" in html, code
        assert f"[{code}]" in html, f"{code}: the page does not show what portfolio check reports"


def test_api_reference_documents_the_modules(site: Path) -> None:
    """The API page renders the model, diagnostics, io and graph modules with their doctests as code."""
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    for anchor in ("portfolio.model.Portfolio", "portfolio.diagnostics.Diagnostic", "portfolio.io.load"):
        assert f'id="{anchor}"' in html, anchor
    assert "portfolio.graph.activity_graph" in html
    assert "&gt;&gt;&gt; </span>" in html  # doctest prompts are highlighted code, not block quotes


def yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml[^\n]*\n(.*?)^```", FORMAT_MD.read_text(encoding="utf-8"), re.S | re.M)


def test_format_reference_has_examples() -> None:
    """docs/format.md has a YAML example for each section (guards the extraction below)."""
    assert len(yaml_blocks()) >= 10


@pytest.mark.parametrize("index", range(len(yaml_blocks())))
def test_format_examples_parse(index: int) -> None:
    """Each ```yaml block of docs/format.md parses with yaml.safe_load (users copy them)."""
    block = yaml_blocks()[index]
    data = yaml.safe_load(block)
    assert data is None or isinstance(data, dict), f"example {index} is not a mapping of sections"
