"""The one atomic writer: every file the tool writes (reports, baselines, ``-o`` outputs, charts) goes through it.

The data goes to a temporary file in the target's folder, which is flushed
to disk (``fsync``), renamed over the target and the folder flushed too: a
reader, a crash or a full disk leaves the old content or the new, never half
a file. The new file gets the mode of any new file (``0o666`` less the
umask, which the operating system applies when the file is created; the
process umask is never changed). A link is followed, so the file it points at
is replaced and the link kept; a target that is not a regular file (a device
such as ``/dev/stdout``, a pipe) is written to in place.

Examples:
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, b"new")
    >>> target.read_bytes()
    b'new'
    >>> write_atomic(target, b"again", replace=False)
    Traceback (most recent call last):
    ...
    FileExistsError: [Errno 17] File exists: ...
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import Final

__all__ = ["DiskFullError", "write_atomic"]

_FULL: Final = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""The errors that mean the disk (or the user's quota) is full."""

_NAME_PART: Final = 64
"""How much of the target's name the temporary file's name keeps (a name must fit the file system's limit)."""


class DiskFullError(OSError):
    """The disk is full: nothing was written and the target is as it was."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.ENOSPC, f"disk full: nothing written, {path} is unchanged", str(path))

    def __str__(self) -> str:
        return str(self.strerror)


def _in_place(target: Path, data: bytes) -> None:
    """Write to a device or pipe: there is no old content to keep whole."""
    with open(target, "wb") as out:
        out.write(data)


def _temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new file next to the target, created with mode 0o666 (the OS applies the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temp = folder / f".{name[:_NAME_PART]}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:  # pragma: no cover - a clash of 32 random bits
            continue


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file (some file systems cannot: then nothing to do)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def write_atomic(path: Path | str, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` atomically.

    Args:
        path: The file to write; a link is followed.
        data: The whole content.
        replace: False to refuse an existing file, also one that appears while writing.

    Raises:
        DiskFullError: the disk or quota is full; the previous file is intact.
        FileExistsError: ``replace`` is False and the file exists.
        OSError: the folder is missing or not writable, the name is too long, ...

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> write_atomic(folder / "a.txt", b"one"); (folder / "a.txt").read_text()
        'one'
        >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
        ['a.txt']
    """
    target = Path(os.path.realpath(path))
    try:
        old = os.stat(target) if target.exists() else None
        if old is not None and not stat.S_ISREG(old.st_mode):
            if not replace:
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
            _in_place(target, data)
            return
        fd, temp = _temporary(target.parent, target.name)
        try:
            try:
                if old is not None:  # a file written again keeps its mode, as with open(path, "w")
                    os.fchmod(fd, stat.S_IMODE(old.st_mode))
                _write_all(fd, data)
            finally:
                os.close(fd)
            if replace:
                os.replace(temp, target)
            else:
                os.link(temp, target)  # fails when the file exists, even if it appeared meanwhile
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        _sync_folder(target.parent)
    except OSError as error:
        if error.errno in _FULL and not isinstance(error, DiskFullError):
            raise DiskFullError(path) from error
        raise
