"""Cell formatting shared by the text and Markdown renderers (private)."""

from __future__ import annotations

import datetime as dt

from portfolio.model import Rag
from portfolio.report.i18n import Words
from portfolio.report.tables import Cell, Percent, Slip


def cell_text(value: Cell, words: Words) -> str:
    """A table cell as text: dates short and in the language, RAG in words, numbers with separators."""
    if value is None:
        return "-"
    if isinstance(value, Rag):
        return words.rag(value)
    if isinstance(value, dt.date):
        return words.short_date(value)
    if isinstance(value, bool):
        return words.yes_no(value)
    if isinstance(value, Slip):
        return words.signed(int(value))
    if isinstance(value, int):
        return words.signed(value) if value < 0 else str(value)
    if isinstance(value, Percent):
        return words.number(value, 2)
    if isinstance(value, float):
        return words.number(value, 0 if value.is_integer() else 2)
    return " ".join(value.split())
