"""Export: the portfolio as files other tools open (MS Project XML, P6 XER, a Mermaid Gantt, an iCalendar).

Each function takes a [`Portfolio`][portfolio.model.Portfolio] and a status date
(None: the latest status update's), schedules it, and returns the file's
bytes; nothing reads the clock. ``docs/interop.md`` says what each format
holds and what it leaves out.

Examples:
    >>> sorted(FORMATS)
    ['ics', 'mermaid', 'mspdi', 'xer']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from portfolio.io.export._ics import to_ics
from portfolio.io.export._mermaid import to_mermaid
from portfolio.io.export._mspdi import to_mspdi
from portfolio.io.export._xer import to_xer

__all__ = ["FORMATS", "to_ics", "to_mermaid", "to_mspdi", "to_xer"]

FORMATS: Final[Mapping[str, str]] = MappingProxyType(
    {"mspdi": ".xml", "xer": ".xer", "mermaid": ".mmd", "ics": ".ics"})
"""Each format and the suffix of its files."""
