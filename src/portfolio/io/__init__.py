"""Reading and writing files: the only package that knows file formats.

`load` reads a portfolio folder, a single YAML file, an MS Project
(MSPDI) ``.xml`` file or a Primavera P6 ``.xer`` or P6 XML file (told apart by their content), and returns a [`LoadResult`][portfolio.diagnostics.LoadResult].
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from portfolio.diagnostics import LoadResult

if TYPE_CHECKING:
    from portfolio.io.yaml import load_portfolio

__all__ = ["load", "load_portfolio"]


def load(path: Path | str, *, cache: bool | None = None) -> LoadResult:
    """Load a portfolio (folder or YAML file) or an MS Project XML file; never raises on bad data.

    ``cache=True`` answers from the load cache (``docs/performance.md``) when
    no file has changed since it was last loaded; ``None`` (the default) uses
    it only where it is switched on, as the ``portfolio`` command does, and
    ``PORTFOLIO_NO_CACHE=1`` switches it off everywhere.

    Examples:
        >>> result = load("no/such/folder")
        >>> [d.code for d in result.diagnostics]
        ['io-error']
    """
    from portfolio.io import _cache  # noqa: PLC0415 - not imported with the package: its reader's helper process needs none

    path = Path(path)
    if _cache.enabled(cache):
        return _cache.cached_load(path, _load)
    return _load(path)


def _load(path: Path) -> LoadResult:
    if path.suffix.lower() in (".xml", ".xer"):
        from portfolio.io.p6.pmxml import load_plan  # noqa: PLC0415 - the XML and P6 readers are only needed here

        return load_plan(path)  # by content: P6 XML, XER or MS Project XML
    from portfolio.io.yaml import load_portfolio  # noqa: PLC0415 - YAML and cattrs load when files are read, not cached

    return load_portfolio(path)


def __getattr__(name: str) -> Any:
    """``portfolio.io.load_portfolio``, imported on first use (PEP 562), as `load` does."""
    if name == "load_portfolio":
        from portfolio.io.yaml import load_portfolio  # noqa: PLC0415

        return load_portfolio
    raise AttributeError(f"module 'portfolio.io' has no attribute {name!r}")
