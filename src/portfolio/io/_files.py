"""Read a file the user named, within bounds: a regular file, never more than a limit.

Both readers (YAML and MS Project XML) open their files here and nowhere
else. A path may lead (directly or through links) to a device, a FIFO, a
socket or a folder: reading ``/dev/zero`` never ends, a FIFO without a writer
blocks forever. So what the path leads to is checked before it is opened,
the file is opened without blocking, the *opened descriptor* is checked again
(the path could be swapped in between) and at most ``limit + 1`` bytes are
ever read, whatever the file claims its size is.

Examples:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     plan = Path(tmp, "plan.yaml")
    ...     _ = plan.write_text("services: []\\n")
    ...     read_bounded(plan, 100, "plan.yaml"), read_bounded(plan, 5, "plan.yaml").code
    (b'services: []\\n', 'file-too-large')
    >>> print(read_bounded(Path("/dev/null"), 100, "null.yaml").message)
    null.yaml is a character device, not a regular file
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Source

__all__ = ["MAX_BYTES", "OLE2_MAGIC", "binary_ms_project", "read_bounded", "too_large"]

MAX_BYTES: Final = 16 * 1024 * 1024
"""The largest portfolio file read (a YAML file, and each file the load cache's key hashes)."""

OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE2 compound file: a binary MS Project ``.mpp`` (and old Office files)."""

_CHUNK: Final = 1 << 20
_FLAGS: Final = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_bounded(path: Path, limit: int, name: str) -> bytes | Diagnostic:
    """The bytes of the regular file at ``path`` (links followed), or the diagnostic why not.

    Args:
        path: The file to read.
        limit: The most bytes accepted; a larger file gives ``file-too-large``.
        name: The file's name as messages give it.

    Returns:
        The file's bytes, or an ``io-error`` (missing, unreadable, not a regular
        file) or ``file-too-large`` diagnostic.

    Examples:
        >>> print(read_bounded(Path("no/such.yaml"), 10, "such.yaml").message)
        cannot read such.yaml: No such file or directory
        >>> print(read_bounded(Path("nul" + chr(0) + ".yaml"), 10, "nul.yaml").message)
        cannot read nul.yaml: embedded null byte
    """
    kind = _kind_at(path)  # a device is not even opened (opening some has effects: a tape rewinds)
    if kind is not None:
        return _not_regular(path, name, kind)
    try:
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        return _unreadable(name, error)
    try:
        mode = os.fstat(fd)
        kind = _kind(mode.st_mode)
        if kind is not None:
            return _not_regular(path, name, kind)
        if mode.st_size > limit:
            return too_large(name, mode.st_size, limit)
        return _read(fd, limit, name)
    except OSError as error:
        return _unreadable(name, error)
    finally:
        os.close(fd)


def _read(fd: int, limit: int, name: str) -> bytes | Diagnostic:
    """Read ``fd`` to its end, but never more than ``limit + 1`` bytes (the file may grow, or lie)."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    return too_large(name, None, limit)


def _kind(mode: int) -> str | None:
    """What a file of this mode is, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "a special file")


def _kind_at(path: Path) -> str | None:
    try:
        return _kind(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


def _not_regular(path: Path, name: str, kind: str) -> Diagnostic:
    link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
    return diagnostic(
        "io-error",
        f"{name}{link} is {kind}, not a regular file",
        source=Source(name),
        hint="point at a regular file (a link must lead to one); devices, pipes and sockets are not read",
    )


def _unreadable(name: str, error: OSError | ValueError) -> Diagnostic:
    why = (error.strerror if isinstance(error, OSError) else None) or error
    return diagnostic(
        "io-error",
        f"cannot read {name}: {why}",
        source=Source(name),
        hint="check that the file exists, is readable and is not a broken or looping link",
    )


def too_large(name: str, size: int | None, limit: int) -> Diagnostic:
    """The ``file-too-large`` diagnostic of a file of ``size`` bytes (None: more than the limit).

    Examples:
        >>> print(too_large("big.yaml", 20, 10).message)
        big.yaml is 20 bytes; the limit is 10
    """
    found = f"is {size:,} bytes" if size is not None else f"holds more than {limit:,} bytes"
    return diagnostic(
        "file-too-large",
        f"{name} {found}; the limit is {limit:,}",
        source=Source(name, 1, 1),
        hint="split it into several files (every file may hold any section), or check it is the file you meant",
    )


def binary_ms_project(name: str) -> Diagnostic:
    """The diagnostic of a binary MS Project file (``.mpp``): only plans saved as XML are read.

    Examples:
        >>> binary_ms_project("plan.mpp").hint
        'open it in MS Project and save it as XML (File > Save As > XML Format), then give the .xml file'
    """
    return diagnostic(
        "mspdi-syntax",
        f"{name} is a binary MS Project file (.mpp) or another binary Office file; "
        "MS Project plans are read as XML (MSPDI)",
        source=Source(name, 1, 1),
        hint="open it in MS Project and save it as XML (File > Save As > XML Format), then give the .xml file",
    )


_SUFFIXES: Final = (".yaml", ".yml")


def portfolio_files(root: Path) -> list[Path]:
    """The YAML files of a portfolio folder, sorted; hidden and ``_`` folders are skipped.

    Args:
        root: a portfolio folder, or one file (which is then the only one).

    Returns:
        The ``.yaml`` and ``.yml`` files below ``root``, sorted by their path relative to it.

    Examples:
        >>> portfolio_files(Path("/nonexistent"))
        []
    """
    if root.exists() and not root.is_dir():  # a file, or a device or pipe the reader refuses by name
        return [root]
    found: list[tuple[str, Path]] = []
    # os.walk as Path.rglob("*") walks (links to folders listed, not followed; unreadable folders skipped),
    # without a Path per entry: 505 files in 1-2 ms instead of 8.8 ms (the load cache's key lists them each time).
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith((".", "_"))]
        here = Path(folder)
        prefix = here.relative_to(root).as_posix() + "/" if here != root else ""
        # Not only regular files: a broken or looping link named *.yaml is
        # read too, so that it gets an io-error instead of being skipped.
        found += [(prefix + name, here / name) for name in files
                  if not name.startswith(".") and os.path.splitext(name)[1].lower() in _SUFFIXES]
    return [path for _, path in sorted(found)]
