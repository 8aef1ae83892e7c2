"""The command's standard output and error (private): control characters escaped, a closed or full stream named.

Every command prints names from the portfolio files, and the files may come
from anyone: `SafeStream` escapes control characters
([`portfolio._safe_text.escape_controls`][portfolio._safe_text.escape_controls]) in everything a command writes
to the terminal, so no file can retitle, recolour or clear it, whichever
command prints. It also turns a failed write (``| head -1`` closing the pipe,
``> /dev/full``) into a `StreamError`, which `closed` reports as
one line on standard error instead of a traceback.

Examples:
    >>> import io
    >>> out = io.StringIO()
    >>> SafeStream(out, "stdout").write("\\x1b]0;pwned\\x07 Digipoort\\n")
    21
    >>> out.getvalue()
    '\\\\u001b]0;pwned\\\\u0007 Digipoort\\n'
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, TextIO

from portfolio._safe_text import escape_controls

__all__ = ["SafeStream", "StreamError", "closed"]


class StreamError(Exception):
    """Writing to standard output or error failed: the stream is closed or its disk is full."""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(name, error)
        self.name = name
        self.error = error


class SafeStream:
    """A text stream that escapes control characters and names itself when a write fails."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream = stream
        self.name = name

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped; the count of characters written."""
        safe = escape_controls(text)
        try:
            self.stream.write(safe)
        except OSError as error:
            raise StreamError(self.name, error) from error
        return len(text)

    def flush(self) -> None:
        """Flush the stream; StreamError when its pipe is closed or its disk full."""
        try:
            self.stream.flush()
        except OSError as error:
            raise StreamError(self.name, error) from error

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno, ... of the real stream
        return getattr(self.stream, name)


def _silence(stream: TextIO) -> None:
    """Point the stream's file descriptor at /dev/null, so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # a test's in-memory stream has no descriptor
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def closed(error: StreamError, command: str, stdout: TextIO, stderr: TextIO) -> int:
    """Report a failed write to standard output in one line on standard error; the exit code.

    141 (as a shell reports a process ended by SIGPIPE) when the reader closed
    the pipe, else 2 (an I/O problem, such as a full disk).
    """
    broken = isinstance(error.error, BrokenPipeError) or error.error.errno == errno.EPIPE
    code = 141 if broken else 2
    what = "the reader closed the pipe" if broken else (error.error.strerror or str(error.error))
    _silence(stdout)
    if error.name == "stderr" or stderr is None:
        _silence(stderr)
        return code
    with contextlib.suppress(OSError):
        print(escape_controls(f"{command}: error: cannot write to standard output: {what}"), file=stderr, flush=True)
    return code


def install() -> tuple[TextIO, TextIO]:
    """Replace ``sys.stdout`` and ``sys.stderr`` with safe streams; the real ones, to restore."""
    real = sys.stdout, sys.stderr
    # a stream closed before the start (`2>&-`) is None: its text goes nowhere, not to the other stream
    sys.stdout = SafeStream(real[0] or open(os.devnull, "w"), "stdout")  # noqa: SIM115 - open while the process runs
    sys.stderr = SafeStream(real[1] or open(os.devnull, "w"), "stderr")  # noqa: SIM115
    return real
