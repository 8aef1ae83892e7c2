"""The load cache: a loaded portfolio and its diagnostics, kept as data in the user's cache folder.

In the spirit of beancount's pickle cache, but safe: the cache is a
zlib-compressed data file (a JSON header and a block of texts and packed
numbers, `portfolio.io._cache_format`; never pickle, nothing that can run
code when read), stored outside the portfolio folder, in
``platformdirs.user_cache_dir("portfolio")`` or ``$PORTFOLIO_CACHE_DIR``. It
is read back as strictly as a user's file: every column is checked for its
declared type, every record rebuilt through its constructor, unknown fields
refused, and any failure means "no cache": the files are loaded again and the
entry rewritten. A cache file that reached a git repository is inert data.

An entry is used only when its key matches: a SHA-256 over the path as
given, the list of files the loader reads (an added or removed file changes
it), the content of each, the library version, the source of the installed
``portfolio`` package (an editable install keeps its version while its code
changes) and the versions of Python and of the libraries the loader uses.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.yaml").write_text("services:\\n  - {id: digid, name: DigiD}\\n")
    >>> from portfolio.io.yaml import load_portfolio
    >>> with using(folder / "cache"):
    ...     first = cached_load(folder, load_portfolio)
    ...     again = cached_load(folder, load_portfolio)
    >>> again == first, len(list((folder / "cache").iterdir()))
    (True, 1)
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import importlib.util
import os
import stat
import sys
import tempfile
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import platformdirs

from portfolio import __version__
from portfolio.diagnostics import LoadResult
from portfolio.io._cache_format import FORMAT, MAX_INFLATED, DamagedError, UnfitError, decode, encode
from portfolio.io._files import MAX_BYTES, portfolio_files
from portfolio.model import Portfolio

__all__ = ["DEFAULT", "FORMAT", "DamagedError", "UnfitError", "cache_dir", "cached_load", "decode", "enabled",
           "encode", "key_of", "using"]

KEEP: Final = 64
"""Entries kept in the cache folder: when there are more, the least recently written go."""
DEFAULT: Final[contextvars.ContextVar[bool]] = contextvars.ContextVar("portfolio_load_cache", default=False)
"""Whether [`portfolio.io.load`][portfolio.io.load] uses the cache when not told; the command line sets it on."""

_KEYED: Final[contextvars.ContextVar[tuple[weakref.ref[Portfolio], str] | None]] = contextvars.ContextVar(
    "portfolio_load_cache_keyed", default=None)
"""The portfolio `cached_load` gave last (weakly: it is not kept alive here) and the key it stands for (the files
did not change while it was loaded)."""

_DIR_ENV: Final = "PORTFOLIO_CACHE_DIR"
_OFF_ENV: Final = "PORTFOLIO_NO_CACHE"
_DEPENDENCIES: Final = ("attrs", "cattrs", "yaml", "networkx", "platformdirs")


# -- switching it on and off ---------------------------------------------------------------------


def enabled(cache: bool | None) -> bool:
    """Whether to use the cache: ``cache``, else `DEFAULT`; never when ``PORTFOLIO_NO_CACHE`` is set.

    ``PORTFOLIO_NO_CACHE=1`` (any value but empty or ``0``) is the user's switch and wins over
    everything, an explicit ``cache=True`` included.

    Examples:
        >>> enabled(None), enabled(True)
        (False, True)
    """
    if os.environ.get(_OFF_ENV, "") not in ("", "0"):
        return False
    return DEFAULT.get() if cache is None else cache


def cache_dir() -> Path:
    """Where cache files go: ``$PORTFOLIO_CACHE_DIR``, else the user's cache folder for ``portfolio``.

    Examples:
        >>> with using("/tmp/somewhere"):
        ...     cache_dir().as_posix()
        '/tmp/somewhere'
    """
    given = os.environ.get(_DIR_ENV)
    return Path(given) if given else Path(platformdirs.user_cache_dir("portfolio", appauthor=False))


@contextlib.contextmanager
def using(folder: Path | str, *, on: bool = True) -> Iterator[None]:
    """Within the block, the cache is ``on`` by default and kept in ``folder`` (for examples and tests)."""
    before = os.environ.get(_DIR_ENV)
    os.environ[_DIR_ENV] = str(folder)
    token = DEFAULT.set(on)
    try:
        yield
    finally:
        DEFAULT.reset(token)
        if before is None:
            del os.environ[_DIR_ENV]
        else:
            os.environ[_DIR_ENV] = before


# -- the key -------------------------------------------------------------------------------------


@functools.cache
def _code_fingerprint() -> str:
    """`_tree_digest` of the installed package, taken once per process (at first use: near enough
    the source the process imported)."""
    return _tree_digest(Path(__file__).resolve().parent.parent)


def _tree_digest(package: Path) -> str:
    """A SHA-256 over every ``.py`` file of a package folder (names, sizes and content), with the versions of
    the library, of Python and of the libraries the loader uses.

    The folder is walked with `os.scandir` and each file read with `_content` (167 files: 3 ms, where
    ``rglob`` and ``read_bytes`` took 6 ms); a file that cannot be read counts as its name alone.
    """
    digest = hashlib.sha256()
    for name in _python_files(str(package)):
        content = _content(Path(package, name))
        size = b"?" if content is None else str(len(content)).encode()
        digest.update(b"%s\0%s\0" % (name.encode(errors="surrogateescape"), size))
        digest.update(content or b"")
    versions = [__version__, sys.version, *(_version(name) for name in _DEPENDENCIES)]
    digest.update("\0".join(versions).encode())
    return digest.hexdigest()


def _python_files(folder: str, below: str = "") -> list[str]:
    """The ``.py`` files under ``folder`` (``__pycache__`` left out), as sorted ``/``-separated names below it."""
    found: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                found += _python_files(entry.path, f"{below}{entry.name}/")
            elif entry.name.endswith(".py") and entry.is_file():
                found.append(below + entry.name)
    return sorted(found)


def _version(module: str) -> str:
    """Which copy of ``module`` is installed: its file, size and time, found without importing it (networkx
    alone would cost the command line 0.2 s); an upgrade or reinstall rewrites the file."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module} ?"
    found = os.stat(spec.origin)
    return f"{module} {spec.origin} {found.st_size} {found.st_mtime_ns}"


def _inputs(path: Path) -> list[Path] | None:
    """The files the loader reads for ``path``, or None when loading it should not be cached."""
    if path.suffix.lower() == ".xml":
        return [path] if path.is_file() else None
    try:
        return (portfolio_files(path) or None) if path.exists() else None
    except OSError:  # a folder that cannot be listed: the loader reports it
        return None


def _key(path: Path, given: str) -> str | None:
    """The key of what loading ``path`` gives now, or None when it cannot be cached (a file that cannot be read)."""
    files = _inputs(path)
    if files is None:
        return None
    digest = hashlib.sha256(f"portfolio-cache {FORMAT}\0{given}\0{_code_fingerprint()}\0".encode())
    prefix = os.path.join(path, "") if path.is_dir() else None
    for file in files:
        content = _content(file)
        if content is None:
            return None
        name = str(file)
        if prefix is None:
            name = file.name
        elif name.startswith(prefix):  # the name below the folder (cheaper than Path.relative_to)
            name = name[len(prefix):]
        else:
            name = file.relative_to(path).as_posix()
        digest.update(f"{name}\0{len(content)}\0".encode() + hashlib.sha256(content).digest())
    return digest.hexdigest()


_OPEN: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
"""Opening a FIFO without ``O_NONBLOCK`` would wait for a writer; its ``fstat`` then says it is no regular file."""


def _content(file: Path) -> bytes | None:
    """The bytes of a regular file the loader would read, or None (it gets a diagnostic there, no cache).

    One ``open``, ``fstat`` and ``read`` (no buffered file object: 505 files took 7.6 ms through pathlib,
    4.6 ms this way).
    """
    try:
        fd = os.open(file, _OPEN)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_BYTES:
            return None
        parts, total = [], 0
        while chunk := os.read(fd, max(found.st_size + 1 - total, 1 << 16)):  # to the end, if it grew
            parts.append(chunk)
            total += len(chunk)
            if total > MAX_BYTES:
                return None
        return b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def _entry(path: Path, given: str) -> Path:
    """The cache file of a portfolio path: one per path (as given and as resolved), rewritten when stale."""
    name = hashlib.sha256(f"{path.resolve()}\0{given}".encode()).hexdigest()[:32]
    return cache_dir() / f"v{FORMAT}" / f"{name}.z"


# -- loading through the cache -------------------------------------------------------------------


def cached_load(path: Path, load: Callable[[Path], LoadResult]) -> LoadResult:
    """``load(path)``, answered from the cache when nothing it depends on has changed.

    The result is stored only if the files did not change while they were
    being loaded (the key is taken before and after); a cache that cannot be
    read or written is no error: the result is the same, only slower.
    """
    given = str(path)
    key = _key(path, given)
    if key is None:
        return load(path)
    entry = _entry(path, given)
    found = _read(entry, key)
    if found is not None:
        _KEYED.set((weakref.ref(found.portfolio), key))
        return found
    result = load(path)
    if _key(path, given) == key:
        _KEYED.set((weakref.ref(result.portfolio), key))
        with contextlib.suppress(Exception):  # a value it cannot keep (UnfitError), a full disk: not cached
            _write(entry, key, result)
    return result


def key_of(portfolio: Portfolio) -> str | None:
    """The load cache's key of the files ``portfolio`` was loaded from, if the last `cached_load` gave it.

    The key stands for the portfolio (the files did not change while they were loaded), so what is computed
    from the portfolio alone can be kept under it (the report's kept sections) without encoding the portfolio.

    Examples:
        >>> from portfolio.model import Portfolio
        >>> key_of(Portfolio()) is None
        True
    """
    keyed = _KEYED.get()
    return keyed[1] if keyed is not None and keyed[0]() is portfolio else None


def _read(entry: Path, key: str) -> LoadResult | None:
    """The result stored in ``entry`` under ``key``, or None if it is missing, stale, damaged or foreign."""
    try:
        with open(entry, "rb") as handle:
            packed = handle.read(MAX_INFLATED + 1)
    except OSError:
        return None
    try:
        return decode(packed, key)
    except Exception:  # any damage at all: ignored and rebuilt, never trusted
        return None


def _write(entry: Path, key: str, result: LoadResult) -> None:
    """Write the entry atomically: a temporary file in the same folder, then a rename over the old one."""
    data = encode(result, key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, entry)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Remove all but the `KEEP` most recently written entries (by their times, not the clock)."""
    found = []
    for entry in folder.glob("*.z"):
        with contextlib.suppress(OSError):
            found.append((entry.stat().st_mtime_ns, entry.name, entry))
    for _, _, entry in sorted(found, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            entry.unlink()
