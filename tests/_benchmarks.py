"""The benchmarks' own portfolio generators, for tests that need a large portfolio (one loader of them)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def bench_load() -> Any:
    """benchmarks/bench_load.py, for its generator of large portfolios."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
