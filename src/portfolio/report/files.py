"""Safe output: spreadsheet cells that cannot run, file names that stay in their folder, atomic writes.

>>> neutralise('=HYPERLINK("http://x","y")')
'\\'=HYPERLINK("http://x","y")'
>>> neutralise("Digipoort")
'Digipoort'
>>> safe_filename("../../x <Logius>/maandrapportage")
'x-Logius-maandrapportage'
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Final

__all__ = ["UNSAFE_PREFIXES", "neutralise", "output_path", "safe_filename", "write_atomic"]

#: A spreadsheet reads a cell starting with one of these as a formula (or a DDE command).
UNSAFE_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")

_NOT_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe before a formula-like start.

    The apostrophe is what a user types in Excel to enter such text; the
    cell then still shows the whole text.
    """
    return "'" + text if text.startswith(UNSAFE_PREFIXES) else text


def safe_filename(text: str, *, default: str = "report") -> str:
    """A file name made from user data: ASCII letters, digits, ``.``, ``_`` and ``-`` only, no path, no leading dot.

    >>> safe_filename("Logius migratieportfolio"), safe_filename("..."), safe_filename("ĂȘ")
    ('Logius-migratieportfolio', 'report', 'AS')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    name = _NOT_SAFE.sub("-", ascii_text).strip(".-_")
    name = re.sub(r"\.{2,}", ".", name)
    return name[:120] or default


def output_path(folder: Path | str, name: str) -> Path:
    """``folder / safe_filename(name)``, checked to lie inside ``folder``.

    >>> output_path("out", "../../etc/passwd").as_posix()
    'out/etc-passwd'
    """
    base = Path(folder)
    path = base / safe_filename(name)
    if path.resolve().parent != base.resolve():
        raise ValueError(f"{name!r} would be written outside {base}")
    return path


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and :func:`os.replace`.

    A reader sees the old content or the new, never half a report. A link
    is followed, so the file it points at is replaced and the link kept; a
    target that is not an ordinary file (``/dev/stdout``, a pipe) is written
    to directly, never replaced.
    """
    target = Path(path)
    if target.exists() and not target.resolve().is_file():
        with open(target, "wb") as out:  # a device or pipe: there is nothing to keep whole
            out.write(data)
        return
    target = target.resolve() if target.is_symlink() else target
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # an ordinary file, not mkstemp's private 0600
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
