"""One section of the report as a table, and what its cells hold (private: [`portfolio.report.tables`][portfolio.report.tables] has them)."""

from __future__ import annotations

import datetime as dt

import attrs

from portfolio.model import Rag

__all__ = ["Cell", "Table"]

Cell = str | int | float | dt.date | Rag | None
"""What a table cell holds."""


@attrs.frozen(kw_only=True)
class Table:
    """One section of the report as a table: ``key`` names its sheet or file."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    percent_columns: tuple[int, ...] = ()
    """the columns (by index) that hold percentages in the 0-1 range"""

