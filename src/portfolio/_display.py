"""Rich display in notebooks: compact, escaped HTML tables for the ``_repr_html_`` methods (private).

Jupyter calls ``_repr_html_`` on the last value of a cell. Every record the
library returns uses the helpers here, so they all look alike: a bold title,
a line of key facts, and at most `LIMIT` table rows followed by
"… N more" (a schedule of 10,000 activities must not become a 10,000-row
page). User data is untrusted: every text goes through `html.escape`.

Examples:
    >>> print(table(["id", "rag"], [["a<b", Cell("red", RAG_COLOURS["red"])]]))
    <table class="portfolio"><thead><tr><th>id</th><th>rag</th></tr></thead><tbody><tr><td>a&lt;b</td><td style="background:#ffcdd2">red</td></tr></tbody></table>
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

LIMIT: Final = 20
"""At most this many rows in a displayed table; the rest is counted in a "… N more" row."""

RAG_COLOURS: Final = {
    "green": "#c8e6c9",
    "amber": "#ffe0b2",
    "red": "#ffcdd2",
    "grey": "#e0e0e0",
    "new": "#e3f2fd",
}
"""Background colours of the RAG statuses (and of a figure without a baseline: "new")."""

SEVERITY_COLOURS: Final = {"error": "#ffcdd2", "warning": "#ffe0b2", "info": "#e3f2fd"}
"""Background colours of finding and diagnostic severities."""

CRITICAL: Final = "#ffcdd2"
"""Background of a critical activity's row."""


@attrs.frozen
class Cell:
    """A table cell with a background colour (``background`` is one of our constants, never user data)."""

    value: Any
    background: str | None = None


def text(value: Any) -> str:
    """How a value reads in a table: ISO dates, enum values, blank for None, ``g`` floats.

    Examples:
        >>> text(dt.date(2024, 1, 2)), text(None), text(0.5), text(True)
        ('2024-01-02', '', '0.5', '✓')
    """
    if value is None or value is False:
        return ""
    if value is True:
        return "✓"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _cell(value: Any, tag: str = "td") -> str:
    if isinstance(value, Cell):
        style = f' style="background:{html.escape(value.background)}"' if value.background else ""
        return f"<{tag}{style}>{html.escape(text(value.value))}</{tag}>"
    return f"<{tag}>{html.escape(text(value))}</{tag}>"


def table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, limit: int = LIMIT, total: int | None = None
) -> str:
    """An HTML table of the first ``limit`` rows; a last row says how many more there are.

    ``total`` is the number of rows when ``rows`` is cut short already (so a
    caller need not build the rows it will not show).

    Examples:
        >>> "… 3 more" in table(["n"], [[i] for i in range(5)], limit=2)
        True
    """
    shown = []
    count = 0
    for row in rows:
        count += 1
        if count <= limit:
            shown.append("<tr>" + "".join(_cell(v) for v in row) + "</tr>")
    more = (total if total is not None else count) - min(count, limit)
    if more > 0:
        shown.append(f'<tr><td colspan="{len(columns)}"><em>… {more} more</em></td></tr>')
    head = "<tr>" + "".join(_cell(c, "th") for c in columns) + "</tr>"
    return f'<table class="portfolio"><thead>{head}</thead><tbody>{"".join(shown)}</tbody></table>'


def facts(pairs: Iterable[tuple[str, Any]]) -> str:
    """A line of key facts: ``name: value · name: value`` (escaped).

    Examples:
        >>> facts([("status date", dt.date(2024, 1, 5)), ("activities", 3)])
        '<p>status date: <strong>2024-01-05</strong> · activities: <strong>3</strong></p>'
    """
    items = [f"{html.escape(k)}: <strong>{html.escape(text(v))}</strong>" for k, v in pairs]
    return "<p>" + " · ".join(items) + "</p>"


def block(title: str, *parts: str) -> str:
    """A titled block of already escaped HTML parts (the title is escaped here)."""
    return f'<div class="portfolio"><h4>{html.escape(title)}</h4>{"".join(parts)}</div>'


def heading(title: str) -> str:
    """A small sub-heading between tables."""
    return f"<h5>{html.escape(title)}</h5>"
