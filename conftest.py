"""Doctests that need an optional extra are skipped (not failed) when the extra is not installed.

A doctest needs pandas when it calls ``to_pandas()`` or ``frame(``, and
matplotlib when it draws (``portfolio.plots``, ``mta_chart``). With the
``dev`` extra both are installed and every example runs.
"""

from __future__ import annotations

import importlib.util

import pytest
from _pytest.doctest import DoctestItem

_NEEDS = {"pandas": ("to_pandas(", "frame(["), "matplotlib": ("plots.", "mta_chart(", "from portfolio import plots")}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a doctest whose examples use an optional extra that is missing."""
    if not isinstance(item, DoctestItem) or item.dtest is None:
        return
    source = "".join(example.source for example in item.dtest.examples)
    for module, markers in _NEEDS.items():
        if any(m in source for m in markers) and importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {module} (pip install 'migration-portfolio[notebook]')")
