"""Safe output: spreadsheet cells that cannot run, file names that stay in their folder, atomic writes.

The cell helper and the writer are the project's only ones (``portfolio._safe_text``,
``portfolio._atomic``), re-exported here for the report's renderers.

Examples:
    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("Digipoort")
    'Digipoort'
    >>> safe_filename("../../x <Logius>/maandrapportage")
    'x-Logius-maandrapportage'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from portfolio._atomic import write_atomic
from portfolio._safe_text import UNSAFE_PREFIXES, neutralise

__all__ = ["UNSAFE_PREFIXES", "neutralise", "output_path", "safe_filename", "write_atomic"]

_NOT_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(text: str, *, default: str = "report") -> str:
    """A file name made from user data: ASCII letters, digits, ``.``, ``_`` and ``-`` only, no path, no leading dot.

    Examples:
        >>> safe_filename("Logius migratieportfolio"), safe_filename("..."), safe_filename("ĂȘ")
        ('Logius-migratieportfolio', 'report', 'AS')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _NOT_SAFE.sub("-", ascii_text).strip(".-_")
    name = re.sub(r"\.{2,}", ".", name)
    return name[:120] or default


def output_path(folder: Path | str, name: str) -> Path:
    """``folder / safe_filename(name)``, checked to lie inside ``folder``.

    Examples:
        >>> output_path("out", "../../etc/passwd").as_posix()
        'out/etc-passwd'
    """
    base = Path(folder)
    path = base / safe_filename(name)
    if path.resolve().parent != base.resolve():
        raise ValueError(f"{name!r} would be written outside {base}")
    return path
