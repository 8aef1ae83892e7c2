"""Primavera P6 import: XER files ([`portfolio.io.p6.xer`][portfolio.io.p6.xer]) and P6 XML ([`portfolio.io.p6.pmxml`][portfolio.io.p6.pmxml]).

Both feed one builder (``portfolio.io.p6._reader``), so a plan reads the same from either format.

Examples:
    >>> from pathlib import Path
    >>> [d.code for d in load_xer(Path("no/such/plan.xer")).diagnostics]
    ['io-error']
"""

from __future__ import annotations

from portfolio.io.p6.pmxml import is_pmxml, load_pmxml, parse_pmxml
from portfolio.io.p6.xer import MAX_BYTES, load_xer, parse_xer

__all__ = ["MAX_BYTES", "is_pmxml", "load_pmxml", "load_xer", "parse_pmxml", "parse_xer"]
