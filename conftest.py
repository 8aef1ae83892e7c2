"""Doctests that need an optional extra are skipped (not failed) when the extra is not installed.

A doctest needs pandas when it calls ``to_pandas()`` or ``frame(``, and
matplotlib when it draws (``portfolio.plots``, ``mta_chart``); the report's
HTML and Excel renderers need Jinja2 and openpyxl. With the ``dev`` extra all
are installed and every example runs.

Hypothesis runs derandomised and writes no example database, so a test run
gives the same result on every machine and twice in a row; explore with
random inputs on purpose with ``pytest --hypothesis-profile=explore``.
"""

from __future__ import annotations

import importlib.util

import pytest
from _pytest.doctest import DoctestItem
from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile("deterministic")

#: Jinja2's generated code for the report's templates: nothing to collect (and it imports Jinja2, an extra);
#: nor, without the extra, the module that renders with it (it subclasses Jinja2's loader).
collect_ignore_glob = ["src/portfolio/report/_compiled/tmpl_*.py"]
if importlib.util.find_spec("jinja2") is None:
    collect_ignore_glob.append("src/portfolio/report/_templates.py")

_NEEDS = {"pandas": ("to_pandas(", "frame(["), "matplotlib": ("plots.", "mta_chart(", "from portfolio import plots")}
#: Modules whose doctests draw or render with an optional extra, whatever their examples say.
_MODULES = {
    "portfolio.plots": "matplotlib",
    "portfolio.report.html": "jinja2",
    "portfolio.report.four_monthly_html": "jinja2",
    "portfolio.report.xlsx": "openpyxl",
}


@pytest.fixture(autouse=True)
def _load_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line loads through the load cache: each test keeps it in a folder of its own, never the user's."""
    monkeypatch.setenv("PORTFOLIO_CACHE_DIR", str(tmp_path_factory.mktemp("load-cache")))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a doctest whose examples use an optional extra that is missing."""
    if not isinstance(item, DoctestItem) or item.dtest is None:
        return
    source = "".join(example.source for example in item.dtest.examples)
    needed = {module for module, markers in _NEEDS.items() if any(m in source for m in markers)}
    needed.update(extra for name, extra in _MODULES.items() if item.dtest.name.startswith(name))
    for module in sorted(needed):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {module}, an optional extra (see pyproject.toml)")
