"""The docs document every public module of the package once (issue 13): in docs/api.md, or on its own page.

``portfolio.risk`` is documented on docs/risk.md, the rest on docs/api.md; a module documented on two
pages gives mkdocs-autorefs two targets for one name (a warning, so the strict build fails).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import portfolio

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(portfolio.__file__).parent
_DIRECTIVE = re.compile(r"^::: (portfolio(?:\.\w+)*)\s*$", re.MULTILINE)
NOT_DOCUMENTED = frozenset({"cli", "schema"})
"""Public names that are no API: the command line (docs/cli.md documents it) and the JSON Schema's folder."""


def _public_top_level() -> set[str]:
    found = {p.stem for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return {f"portfolio.{name}" for name in found if not name.startswith("_")} - {
        f"portfolio.{n}" for n in NOT_DOCUMENTED
    }


def _directives() -> list[str]:
    """Every ``::: name`` of every page of the docs."""
    pages = sorted((ROOT / "docs").glob("*.md"))
    return [name for page in pages for name in _DIRECTIVE.findall(page.read_text(encoding="utf-8"))]


def test_every_public_module_is_documented() -> None:
    missing = _public_top_level() - set(_directives())
    assert not missing, f"add '::: NAME' to docs/api.md (or to its own page) for {sorted(missing)}"


def test_no_module_is_documented_twice() -> None:
    twice = sorted(name for name, n in Counter(_directives()).items() if n > 1)
    assert not twice, f"the docs document {twice} more than once"


def test_each_documented_module_exists() -> None:
    for name in _directives():
        relative = Path(*name.split(".")[1:])
        assert (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative / "__init__.py").exists(), name


def test_the_check_sees_the_packages_added_lately() -> None:
    assert {"portfolio.capacity", "portfolio.risk", "portfolio.evm"} <= _public_top_level()
