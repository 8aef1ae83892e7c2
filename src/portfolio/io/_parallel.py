"""Reading a large portfolio's files in two processes: the loader from the first file on, a helper from the last.

Reading the files (libyaml's events and the reader's loop over them) is more than half of a cold load, and
each file is read on its own. When a core is free beside the loader's, a portfolio whose files hold at
least `MIN_BYTES` has a helper process (``io/_read_worker.py``) read files from the last one backwards while
the loader reads (and hands to the builders' read phase) files from the first one on; the two meet where
their speeds put them, so a helper that starts late, runs on a busy core or dies only reads less. The loader
never waits for it: before each file it takes what the helper has sent so far (without blocking), and reads
the file itself unless the helper has sent it already. Each file is read by the same code in either process,
so the data, the diagnostics (file, line, column and order) and every limit are those of a serial read;
what crosses is the reader's data, pickled between our own two processes over a pipe, nothing on disk.

Safe where a plain ``fork`` is not (a program with threads, a notebook): the helper is a new interpreter
(``subprocess``, which starts it with fork and exec in C), in its own process group so that Ctrl-C in a
terminal reaches the loader only; the loader kills and reaps it when the load ends, however it ends.
``PORTFOLIO_JOBS=1`` switches the helper off (``docs/performance.md``, "Loading").
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, cast

from portfolio.diagnostics import Diagnostic
from portfolio.io import _yaml_reader
from portfolio.io._yaml_reader import read_yaml_file

if TYPE_CHECKING:
    import subprocess

__all__ = ["JOBS_ENV", "MIN_BYTES", "Read", "helped", "jobs_setting", "read_files"]

Read = tuple[Any, list[Diagnostic]]
"""A file as `read_yaml_file` reads it: its data and its diagnostics."""
_T = TypeVar("_T")

MIN_BYTES: Final = 1_500_000
"""The smallest portfolio (its YAML files' bytes) read with a helper process; a smaller one is read serially.

Starting the helper (an interpreter that imports the reader) costs about 0.1-0.2 s of CPU, and below about
a megabyte the loader has read everything before the helper has read much (docs/performance.md)."""

_HEADER_SIZE: Final = 8  # `_read_worker.HEADER`: the file's number and the pickle's length
_PIPE_BYTES: Final = 1 << 20  # the pipe's capacity asked for: the helper writes ahead without waiting for us

#: The helper's start: the request (length, then the pickle) from its input, the loader's import path, then
#: `serve`. Standard library only until the path is set.
_BOOT: Final = """
import os, pickle, sys
def take(size):
    data = bytearray()
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return bytes(data)
request = pickle.loads(take(int.from_bytes(take(8), "little")))
sys.path[:] = request["path"]
from portfolio.io._read_worker import serve
serve(request)
"""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it, else all of them)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        with contextlib.suppress(OSError):
            return len(affinity(0))
    return os.cpu_count() or 1


def running_elsewhere() -> int:
    """How many other threads are running or ready to run right now (Linux; elsewhere 0, not known).

    The fourth field of ``/proc/loadavg`` counts the runnable threads, this one included. A helper pays only
    on a core that would otherwise be idle: on a busy machine the two processes share the time one would
    get (the scheduler gives a session its share, not each process), and the helper's extra work (its
    start, packing and unpacking what it read) makes the load slower, not faster (docs/performance.md).
    """
    with contextlib.suppress(OSError, ValueError, IndexError), open("/proc/loadavg", encoding="ascii") as numbers:
        return max(0, int(numbers.read().split()[3].split("/")[0]) - 1)
    return 0


def worth_it(cpus: int, busy: int, size: int) -> bool:
    """Whether a helper pays: a core free for it beside this process (``cpus - busy >= 2``), `MIN_BYTES` to read.

    Examples:
        >>> worth_it(2, 0, 10_000_000), worth_it(2, 1, 10_000_000), worth_it(1, 0, 10_000_000)
        (True, False, False)
        >>> worth_it(4, 1, 10_000_000), worth_it(2, 0, 100_000)
        (True, False)
    """
    return cpus - busy >= 2 and size >= MIN_BYTES


JOBS_ENV: Final = "PORTFOLIO_JOBS"


def jobs_setting(value: str | None) -> int | None:
    """``PORTFOLIO_JOBS`` read: 1 (one process), 2 (a helper for any two files or more) or None (as `worth_it` decides).

    Unset, empty or ``auto``: None. A whole number of 2 or more is 2 (the reader shares files between two
    processes at most). Anything else is not understood: ValueError, whose message the command line prints
    as a warning before it reads as if the variable were unset.

    Examples:
        >>> jobs_setting(None), jobs_setting(" auto "), jobs_setting("1"), jobs_setting("8")
        (None, None, 1, 2)
        >>> jobs_setting("0")
        Traceback (most recent call last):
        ...
        ValueError: PORTFOLIO_JOBS='0' is not understood: 1 reads a portfolio's files in one process, 2 in two, auto (or unset) as the machine allows; reading as auto
    """
    text = (value or "").strip()
    if text.lower() in ("", "auto"):
        return None
    if text.isascii() and text.isdigit() and int(text) >= 1:
        return min(int(text), 2)
    raise ValueError(f"{JOBS_ENV}={value!r} is not understood: 1 reads a portfolio's files in one process, 2 in two, "
                     "auto (or unset) as the machine allows; reading as auto")


def helped(files: list[Path]) -> bool:
    """Whether a helper process reads some of ``files``: a free core and `MIN_BYTES` of files, or as told.

    ``PORTFOLIO_JOBS`` (`jobs_setting`) 1: never; 2 or more: for any two files or more (tests run both ways
    on the same files); unset, ``auto`` or not understood: as `worth_it` decides. Never on Windows (the
    loader takes what the helper sent without blocking, which its pipes do not allow).

    Examples:
        >>> helped([Path("examples/logius/portfolio.yaml")])
        False
    """
    try:
        jobs = jobs_setting(os.environ.get(JOBS_ENV))
    except ValueError:
        jobs = None
    if jobs == 1 or len(files) < 2 or not sys.executable or sys.platform == "win32":
        return False
    if jobs == 2:
        return True
    cpus = usable_cpus()
    if cpus < 2:
        return False
    total = 0
    for file in files:
        with contextlib.suppress(OSError, ValueError):
            total += os.stat(file).st_size
        if total >= MIN_BYTES:
            break
    return worth_it(cpus, running_elsewhere(), total)


def read_files(files: list[Path], *, helper: bool | None = None, command: list[str] | None = None,
               prepare: Callable[[Path, Read], _T] | None = None) -> Generator[_T, None, None]:
    """Each file's data and diagnostics, in order, as `read_yaml_file` reads it (``helper``: see `helped`).

    Close the iterator when done with it (``contextlib.closing``): that ends the helper process.

    Args:
        files: the portfolio's files, in the loader's order; each is named by its path in messages.
        helper: read with a helper process (True), without (False), or as `helped` decides (None).
        command: the helper's command line instead of this Python's (tests: one that fails or hangs).
        prepare: what is done with each file as read, in this process (by default nothing: the read is
            yielded). A file the helper sent is prepared as soon as it has come in, while the helper still
            reads; so a file may be prepared before the ones in front of it: ``prepare`` may not depend on them.

    Yields:
        ``prepare(file, (data, diagnostics))`` of each file, ``(data, diagnostics)`` as
        ``read_yaml_file(file, str(file))`` returns them.
    """
    made = prepare if prepare is not None else cast(Callable[[Path, Read], _T], _as_read)
    if not (helped(files) if helper is None else helper):
        for file in files:
            yield made(file, read_yaml_file(file, str(file)))
        return
    with _Helper(files, command, made) as other:
        index = 0
        while index < len(files) and index < other.collect():
            yield made(files[index], read_yaml_file(files[index], str(files[index])))
            index += 1
        other.stop()
        for number in range(index, len(files)):
            yield other.result(number)


def _as_read(_: Path, read: Read) -> Read:
    return read


class _Helper(Generic[_T]):
    """The helper process and what it has sent: each file's result (prepared) by number, until the loader takes it.

    A frame is unpickled and prepared as soon as it has come in (`collect`, between the loader's own files),
    while the helper still reads: that time is shared between the two processes like the reading, rather
    than spent alone once they have met (docs/performance.md, "Loading").
    """

    def __init__(self, files: list[Path], command: list[str] | None,
                 prepare: Callable[[Path, Read], _T] = _as_read) -> None:  # type: ignore[assignment]
        self.files = files
        self.prepare = prepare
        self.low = len(files)  # the helper has sent files low.. (it reads from the last backwards)
        self.sent: dict[int, _T] = {}
        self.buffer = bytearray()
        self.process: subprocess.Popen[bytes] | None = None
        request = pickle.dumps({"path": list(sys.path), "reader": _yaml_reader.__file__,
                                "files": [(str(file), str(file)) for file in files]})
        self.request = memoryview(len(request).to_bytes(_HEADER_SIZE, "little") + request)
        import subprocess  # noqa: PLC0415 - only with a helper: a small portfolio's load does without it

        try:
            self.process = subprocess.Popen(
                command or [sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, close_fds=True, process_group=0)
        except (OSError, ValueError, subprocess.SubprocessError):
            return  # no helper: the loader reads every file
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.fd_in, self.fd_out = self.process.stdin.fileno(), self.process.stdout.fileno()
        os.set_blocking(self.fd_in, False)
        os.set_blocking(self.fd_out, False)
        with contextlib.suppress(AttributeError, OSError):  # Linux only; the pipe's usual 64 KiB also works
            import fcntl  # noqa: PLC0415 - POSIX only

            fcntl.fcntl(self.fd_out, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)

    def __enter__(self) -> _Helper[_T]:
        return self

    def __exit__(self, *_: object) -> None:
        """End the helper, whatever state it is in, and reap it: no process outlives the load."""
        process = self.process
        if process is None:
            return
        self.process = None
        with contextlib.suppress(OSError):
            process.kill()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        process.wait()

    def collect(self) -> int:
        """Take what the helper has sent so far, without waiting; the first file it has sent (all sent: 0)."""
        if self.process is None:
            return self.low
        if self.request:
            self._send()
        while True:
            try:
                chunk = os.read(self.fd_out, _PIPE_BYTES)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:  # the helper has ended (done, or failed): what it sent stays usable
                self.stop()
                break
            self.buffer += chunk
        self._frames()
        return self.low

    def _send(self) -> None:
        """Write as much of the request as the pipe takes now."""
        try:
            written = os.write(self.fd_in, self.request)
        except BlockingIOError:
            return
        except OSError:  # the helper has ended
            self.request = memoryview(b"")
            return
        self.request = self.request[written:]

    def _frames(self) -> None:
        """Split the complete frames off the buffer."""
        buffer, start = self.buffer, 0
        while len(buffer) - start >= _HEADER_SIZE:
            number = int.from_bytes(buffer[start:start + 4], "little")
            size = int.from_bytes(buffer[start + 4:start + _HEADER_SIZE], "little")
            end = start + _HEADER_SIZE + size
            if len(buffer) < end:
                break
            if number < self.low:  # always the next one down; anything else is not the helper's to send
                self.low = number
                try:
                    read: Read = pickle.loads(buffer[start + _HEADER_SIZE:end])
                except Exception:  # one that does not load is read by the loader (`result`)
                    pass
                else:
                    self.sent[number] = self.prepare(self.files[number], read)
            start = end
        del buffer[:start]

    def stop(self) -> None:
        """Tell the helper to read no further file (its input closes); what it has sent stays."""
        process = self.process
        if process is not None and process.stdin is not None and not process.stdin.closed:
            self.request = memoryview(b"")
            with contextlib.suppress(OSError):
                process.stdin.close()

    def result(self, number: int) -> _T:
        """File ``number`` as the helper read it (prepared), or read here if it has not (or it did not load)."""
        if number in self.sent:
            return self.sent.pop(number)
        file = self.files[number]
        return self.prepare(file, read_yaml_file(file, str(file)))
