"""Text from portfolio files made safe for where it is shown: spreadsheet cells, terminals, Excel.

A name in a portfolio file is user text, and the files may come from anyone.
Two helpers, used by every writer:

* `neutralise` keeps a spreadsheet from running a cell as a formula
  (OWASP's CSV-injection guidance: a cell that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return, also after leading blanks, gets a
  leading apostrophe, which is what a user types in Excel to enter text).
* `escape_controls` writes every control character but newline and tab
  (C0, DEL and C1: ``ESC``, ``BEL``, ``CSI`` ...) as a visible ``\\u001b``, so
  a file cannot retitle, recolour or clear the user's terminal. The escape is
  valid inside a JSON string too, and Excel and XML can hold it.

Examples:
    >>> neutralise("=cmd|' /C calc'!A0"), neutralise("  @x"), neutralise("Digipoort")
    ("'=cmd|' /C calc'!A0", "'  @x", 'Digipoort')
    >>> print(escape_controls("\\x1b]0;pwned\\x07 Digipoort"))
    \\u001b]0;pwned\\u0007 Digipoort
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CONTROLS", "UNSAFE_PREFIXES", "escape_controls", "neutralise"]

UNSAFE_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (or a DDE command)."""

CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a terminal may act on: C0 but tab and newline, DEL, and C1."""

_LEADING: Final = " \n\x0b\x0c\xa0"
"""Blanks a spreadsheet skips before it looks for a formula (OWASP: check after leading whitespace)."""


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe before a formula-like start.

    Args:
        text: A cell's text, from user data.

    Returns:
        ``text`` itself, or ``text`` after an apostrophe when it starts (after
        any blanks) with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return.
        The cell still shows the whole text.

    Examples:
        >>> [neutralise(t) for t in ("+SUM(1)", "\\t=1", "-2+3", " =1", "a-b", "")]
        ["'+SUM(1)", "'\\t=1", "'-2+3", "' =1", 'a-b', '']
    """
    return "'" + text if text.lstrip(_LEADING).startswith(UNSAFE_PREFIXES) else text


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character but newline and tab written as a visible ``\\uXXXX``.

    Args:
        text: Text for a terminal, a text file, a JSON document or a spreadsheet cell.

    Returns:
        The same text when it holds no control character; else each one
        (C0 but ``\\n`` and ``\\t``, DEL, C1) replaced by six visible
        characters. In a JSON string the replacement decodes to the original.

    Examples:
        >>> escape_controls("\\x1b[31mrood\\x1b[0m\\tok\\n")
        '\\\\u001b[31mrood\\\\u001b[0m\\tok\\n'
        >>> escape_controls("Caf\\u00e9 \\u20ac") == "Caf\\u00e9 \\u20ac"
        True
    """
    return CONTROLS.sub(_escape, text)
