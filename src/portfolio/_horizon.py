"""The calendar horizon (private): the first and last day a calendar can represent and a file may give.

Here on its own, without numpy, so that reading a file (``io/_values.py``, which the YAML reader and its helper
process import) does not load the calendar module and numpy with it; `portfolio.calendar` re-exports both.

Examples:
    >>> HORIZON_FIRST, HORIZON_LAST
    (datetime.date(1990, 1, 1), datetime.date(2100, 12, 31))
"""

from __future__ import annotations

import datetime as dt
from typing import Final

__all__ = ["HORIZON_FIRST", "HORIZON_LAST"]

HORIZON_FIRST: Final = dt.date(1990, 1, 1)
"""The first and last day a calendar can represent."""
HORIZON_LAST: Final = dt.date(2100, 12, 31)
