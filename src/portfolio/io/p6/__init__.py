"""Primavera P6 import: XER files (:mod:`portfolio.io.p6.xer`).

>>> from pathlib import Path
>>> [d.code for d in load_xer(Path("no/such/plan.xer")).diagnostics]
['io-error']
"""

from __future__ import annotations

from portfolio.io.p6.xer import MAX_BYTES, load_xer, parse_xer

__all__ = ["MAX_BYTES", "load_xer", "parse_xer"]
