"""Text tables in tabulate's ``simple`` format, written here for plain cells and by tabulate for any other.

The text report's tables are of one-line cells in letters every terminal
shows one column wide. For such cells the ``simple`` format is a few lines
of arithmetic: a column is as wide as its widest cell and at least its
header plus two, cells are stripped and padded on the right, columns are
two spaces apart, each line loses its trailing spaces, and a line of dashes
follows the header. Importing tabulate (with ``importlib.metadata``, which
it uses to read its own version, and ``wcwidth`` where installed) cost the
text report a tenth of its start-up; it is imported only for a table with
something else: a line break, a control or escape character, a combining or
zero-width mark, a wide (East Asian) letter, a non-breaking space. So every
table is byte for byte what ``tabulate(rows, headers, disable_numparse=True)``
writes (``tests/test_report_text_table.py`` compares them on generated tables).

Examples:
    >>> print(simple_table(["id", "naam"], [["a", "Één"], ["bb", " twee "]]))
    id    naam
    ----  ------
    a     Één
    bb    twee
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["plain", "simple_table"]


def plain(text: str) -> bool:
    """True when every character of ``text`` is printable and one column wide (and none needs tabulate's care).

    Args:
        text: a cell or a header.

    Returns:
        Whether the fast path may write it.

    Examples:
        >>> plain("Koningsdag → 27 april, € 1.200"), plain("两"), plain("a\\nb"), plain("e\\u0301")
        (True, False, False, False)
    """
    if text.isascii():
        return text.isprintable()
    return all(c.isprintable() and unicodedata.category(c)[0] not in "MC"
               and unicodedata.east_asian_width(c) not in ("W", "F") for c in text)


def simple_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The table in tabulate's ``simple`` format: ``tabulate(rows, headers, disable_numparse=True)``.

    Args:
        headers: the column headers.
        rows: the rows, each a cell per header.

    Returns:
        The table's lines, joined by newlines.

    Examples:
        >>> simple_table(["a"], [["x\\ny"]]) == "a\\n---\\nx\\ny"   # a line break: tabulate writes it
        True
    """
    heads = list(headers)
    if not heads or any(len(row) != len(heads) for row in rows) or not all(
            type(t) is str and plain(t) for t in (*heads, *(c for row in rows for c in row))):
        from tabulate import tabulate  # noqa: PLC0415 - only for a table the fast path does not write

        return tabulate([list(row) for row in rows], headers=heads, disable_numparse=True)
    cells = [[c.strip() for c in row] for row in rows]
    widths = [max([len(h) + 2, *(len(row[i]) for row in cells)]) for i, h in enumerate(heads)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)
