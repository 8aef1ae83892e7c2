"""Where a portfolio's published-report store lives by default, without importing the store (sqlite3).

A report reads the store only when there is one: the command line asks this
module where it would be, and imports `portfolio.store` only when a file is
there. `portfolio.store.default_store_path` is this function.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["default_store_path"]


def default_store_path(portfolio_path: Path | str) -> Path:
    """Where a portfolio's store lives by default: ``.portfolio/published.sqlite`` in its folder.

    Examples:
        >>> default_store_path("examples/logius").as_posix()
        'examples/logius/.portfolio/published.sqlite'
    """
    path = Path(portfolio_path)
    folder = path if path.is_dir() or not path.suffix else path.parent
    return folder / ".portfolio" / "published.sqlite"
