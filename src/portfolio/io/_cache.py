"""The load cache: a loaded portfolio and its diagnostics, kept as data in the user's cache folder.

In the spirit of beancount's pickle cache, but safe: the cache is a
zlib-compressed JSON document (never pickle, nothing that can run code when
read), stored outside the portfolio folder, in
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

The records are stored by column (one list per field, values that repeat
stored once), which makes the file small and reading it fast. Encoding and
decoding follow the attrs field types of the model, so a new field is cached
without changes here; a type this module does not know makes the result
uncacheable (it is then simply not cached), never wrong.

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

# size: the encoder and decoder of every record kind side by side, so they stay symmetric: a change to one without the other would be a cache that lies.

from __future__ import annotations

import array
import base64
import collections
import contextlib
import contextvars
import datetime as dt
import enum
import functools
import hashlib
import importlib.util
import itertools
import json
import operator
import os
import stat
import sys
import tempfile
import types
import typing
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import platformdirs

from portfolio import __version__
from portfolio._gc import paused_gc
from portfolio.diagnostics import LoadResult
from portfolio.io._files import portfolio_files
from portfolio.io._yaml_reader import MAX_BYTES

__all__ = ["DEFAULT", "cache_dir", "cached_load", "enabled", "using"]

FORMAT: Final = 2  # 2: dates as day numbers
"""The version of the file layout; a file of another version is ignored (and rewritten)."""
KEEP: Final = 64
"""Entries kept in the cache folder: when there are more, the least recently written go."""
MAX_INFLATED: Final = 1 << 30
"""Refuse to inflate a cache file beyond this (a damaged or hostile file must not exhaust memory)."""
DEFAULT: Final[contextvars.ContextVar[bool]] = contextvars.ContextVar("portfolio_load_cache", default=False)
"""Whether [`portfolio.io.load`][portfolio.io.load] uses the cache when not told; the command line sets it on."""

_DIR_ENV: Final = "PORTFOLIO_CACHE_DIR"
_OFF_ENV: Final = "PORTFOLIO_NO_CACHE"
_DEPENDENCIES: Final = ("attrs", "cattrs", "yaml", "networkx", "platformdirs")
_SEP: Final = "\x1f"
"""Separates the strings of a text column stored as one string (columns holding it are stored as lists)."""


class UnfitError(ValueError):
    """A value this cache cannot store exactly: the result is then not cached."""


class DamagedError(ValueError):
    """A cache file that is not exactly what this version writes: it is ignored."""


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
    """A SHA-256 over every ``.py`` file of a package folder (names and content), with the versions of
    the library, of Python and of the libraries the loader uses."""
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*.py")):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    versions = [__version__, sys.version, *(_version(name) for name in _DEPENDENCIES)]
    digest.update("\0".join(versions).encode())
    return digest.hexdigest()


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
    for file in files:
        content = _content(file)
        if content is None:
            return None
        name = file.relative_to(path).as_posix() if path.is_dir() else file.name
        digest.update(f"{name}\0{len(content)}\0".encode() + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _content(file: Path) -> bytes | None:
    """The bytes of a regular file the loader would read, or None (it gets a diagnostic there, no cache)."""
    try:
        found = file.stat()
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_BYTES:
            return None
        return file.read_bytes()
    except OSError:
        return None


def _entry(path: Path, given: str) -> Path:
    """The cache file of a portfolio path: one per path (as given and as resolved), rewritten when stale."""
    name = hashlib.sha256(f"{path.resolve()}\0{given}".encode()).hexdigest()[:32]
    return cache_dir() / f"v{FORMAT}" / f"{name}.json.z"


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
        return found
    result = load(path)
    if _key(path, given) == key:
        with contextlib.suppress(Exception):  # a value it cannot keep (UnfitError), a full disk: not cached
            _write(entry, key, result)
    return result


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
    for entry in folder.glob("*.json.z"):
        with contextlib.suppress(OSError):
            found.append((entry.stat().st_mtime_ns, entry.name, entry))
    for _, _, entry in sorted(found, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            entry.unlink()


def encode(result: LoadResult, key: str) -> bytes:
    """The cache file's bytes for ``result``; raises `UnfitError` for a value it cannot keep exactly.

    Examples:
        >>> from portfolio.model import Portfolio
        >>> decode(encode(LoadResult(Portfolio()), "k"), "k") == LoadResult(Portfolio())
        True
    """
    body = {"format": FORMAT, "key": key, "result": _codec(LoadResult).encode([result])}
    text = json.dumps(body, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode("ascii"), 1)


def decode(data: bytes, key: str) -> LoadResult:
    """The result in a cache file's bytes, if they hold one under ``key``; else `DamagedError` (or another error).

    Examples:
        >>> decode(b"not a cache file", "k")
        Traceback (most recent call last):
        ...
        zlib.error: Error -3 while decompressing data: incorrect header check
    """
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, MAX_INFLATED)
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise DamagedError("truncated, too large or followed by other data")
    body = json.loads(text)
    if not isinstance(body, dict) or body.keys() != {"format", "key", "result"}:
        raise DamagedError("not a portfolio cache file")
    if body["format"] != FORMAT or body["key"] != key:
        raise DamagedError("another version's file, or another portfolio's")
    with paused_gc():  # hundreds of thousands of records, none in a cycle
        result = _codec(LoadResult).decode(body["result"], 1)[0]
    if not isinstance(result, LoadResult):  # pragma: no cover - the codec builds exactly this class
        raise DamagedError("not a load result")
    return result


# -- columns -------------------------------------------------------------------------------------


class _Codec:
    """Encodes a column of values of one type into JSON data, and decodes it back with every value checked."""

    def encode(self, values: list[Any]) -> Any:
        raise NotImplementedError

    def decode(self, data: Any, count: int) -> list[Any]:
        raise NotImplementedError


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise DamagedError(what)


def _list(data: Any, count: int) -> list[Any]:
    """``data`` if it is a list of ``count`` values."""
    _expect(type(data) is list and len(data) == count, "a column of the wrong length")
    return typing.cast(list[Any], data)


def _only(values: list[Any], kind: type) -> bool:
    """True when every value is exactly of type ``kind`` (so ``True`` is no ``int`` here)."""
    return not values or set(map(type, values)) == {kind}


class _Scalar(_Codec):
    """A column of plain JSON values of exactly one Python type."""

    def __init__(self, kind: type) -> None:
        self.kind = kind

    def encode(self, values: list[Any]) -> Any:
        if not _only(values, self.kind):
            raise UnfitError(f"a value that is not {self.kind.__name__}")
        return values

    def decode(self, data: Any, count: int) -> list[Any]:
        found = _list(data, count)
        _expect(_only(found, self.kind), f"a value that is not {self.kind.__name__}")
        return found


class _Integers(_Scalar):
    """Whole numbers: base64 of the smallest little-endian machine integers that hold them (fast to read), else a list.

    Signed or unsigned 8, 16, 32 or 64 bits: a column of unsigned numbers
    (numbers of rows, lengths) cannot hold a negative one, whatever the file says.
    """

    _CODES: Final = (("B", 0, 1 << 8), ("H", 0, 1 << 16), ("I", 0, 1 << 32), ("Q", 0, 1 << 64),
                     ("b", -(1 << 7), 1 << 7), ("h", -(1 << 15), 1 << 15), ("i", -(1 << 31), 1 << 31),
                     ("q", -(1 << 63), 1 << 63))

    def __init__(self) -> None:
        super().__init__(int)

    def encode(self, values: list[Any]) -> Any:
        super().encode(values)
        if len(values) < 16:
            return values
        low, high = min(values), max(values)
        code = next((c for c, floor, limit in self._CODES if low >= floor and high < limit), None)
        if code is None:
            return values
        packed = array.array(code, values)
        if sys.byteorder == "big":  # pragma: no cover - the file is the same on every machine
            packed.byteswap()
        return {code: base64.b64encode(packed.tobytes()).decode("ascii")}

    def decode(self, data: Any, count: int) -> list[Any]:
        if type(data) is not dict:
            return super().decode(data, count)
        _expect(len(data) == 1, "not a column of whole numbers")
        ((code, text),) = data.items()
        _expect(code in {c for c, _, _ in self._CODES} and type(text) is str, "not a column of whole numbers")
        packed = array.array(code)
        packed.frombytes(base64.b64decode(text, validate=True))
        _expect(len(packed) == count, "a column of the wrong length")
        if sys.byteorder == "big":  # pragma: no cover
            packed.byteswap()
        return packed.tolist()


_INTEGERS: Final = _Integers()


def _unsigned(data: Any, count: int) -> list[int]:
    """``count`` whole numbers none of which is negative: lengths, or row numbers (one past the end raises
    IndexError where it is used)."""
    found = _INTEGERS.decode(data, count)
    _expect((type(data) is dict and data.keys() <= set("BHIQ")) or not found or min(found) >= 0, "a negative number")
    return found


class _Text(_Scalar):
    """Text: stored as one string, joined by a separator, when none of the values holds it."""

    def __init__(self) -> None:
        super().__init__(str)

    def encode(self, values: list[Any]) -> Any:
        super().encode(values)
        joined = _SEP.join(values)
        return joined if len(values) > 1 and joined.count(_SEP) == len(values) - 1 else values

    def decode(self, data: Any, count: int) -> list[Any]:
        if type(data) is str and count > 1:
            return _list(data.split(_SEP), count)
        return super().decode(data, count)


class _Float(_Scalar):
    """Finite floats (JSON has no NaN or infinity: such a value is not cached)."""

    def __init__(self) -> None:
        super().__init__(float)

    def encode(self, values: list[Any]) -> Any:
        super().encode(values)
        if not all(v - v == 0 for v in values):
            raise UnfitError("not a finite number")
        return values


class _Converted(_Codec):
    """Values stored as text and rebuilt by a function that checks them: dates, enum members."""

    def __init__(self, kind: type, to_json: Callable[[Any], Any], from_json: Callable[[Any], Any]) -> None:
        self.kind, self.to_json, self.from_json = kind, to_json, from_json

    def encode(self, values: list[Any]) -> Any:
        if not _only(values, self.kind):
            raise UnfitError(f"a value that is not {self.kind.__name__}")
        return [self.to_json(v) for v in values]

    def decode(self, data: Any, count: int) -> list[Any]:
        return [self.from_json(v) for v in _list(data, count)]


class _Dates(_Codec):
    """Dates as their day numbers (``date.toordinal()``), packed like other whole numbers.

    Reading 100,000 dates back as day numbers takes a few milliseconds; as
    ``YYYY-MM-DD`` text, parsed and checked one by one, it took a quarter of
    a cached 50,000-activity load. A number outside the dates Python has is damage.
    """

    def encode(self, values: list[Any]) -> Any:
        if not _only(values, dt.date):
            raise UnfitError("a value that is not a date")
        return _INTEGERS.encode([v.toordinal() for v in values])

    def decode(self, data: Any, count: int) -> list[Any]:
        days = _INTEGERS.decode(data, count)
        _expect(not days or (min(days) >= 1 and max(days) <= _LAST_DAY), "not a date")
        return list(map(dt.date.fromordinal, days))


_LAST_DAY: Final = dt.date.max.toordinal()


def _date_from(text: Any) -> dt.date:
    _expect(type(text) is str, "not a date")
    found = dt.date.fromisoformat(text)
    _expect(found.isoformat() == text, "not a date written YYYY-MM-DD")
    return found


def _member(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    members = {m.value: m for m in kind}

    def find(value: Any) -> Any:
        _expect(type(value) is str and value in members, f"not a {kind.__name__}")
        return members[value]

    return find


class _Shared(_Codec):
    """A column whose values repeat: each distinct value stored once, then its number in every row."""

    def __init__(self, inner: _Codec) -> None:
        self.inner = inner

    def encode(self, values: list[Any]) -> Any:
        try:  # keyed by type too: 1, 1.0 and True are one key to a dict
            if len(values) < 4 or len(set(zip(map(type, values[:64]), values[:64], strict=False))) > 32:
                raise TypeError("too few values, or too few of them repeat")
            keys = list(zip(map(type, values), values, strict=True))
            number = dict.fromkeys(keys, 0)
        except TypeError:  # or unhashable (a record holding a mapping): kept row by row
            return {"rows": self.inner.encode(values)}
        if len(number) * 2 > len(values):
            return {"rows": self.inner.encode(values)}
        for i, key in enumerate(number):
            number[key] = i
        return {"values": self.inner.encode([v for _, v in number]), "distinct": len(number),
                "index": _INTEGERS.encode(list(map(number.__getitem__, keys)))}

    def decode(self, data: Any, count: int) -> list[Any]:
        _expect(type(data) is dict, "not a column")
        if data.keys() == {"rows"}:
            return self.inner.decode(data["rows"], count)
        _expect(data.keys() == {"values", "distinct", "index"} and type(data["distinct"]) is int, "not a column")
        unique = self.inner.decode(data["values"], data["distinct"])
        return list(map(unique.__getitem__, _unsigned(data["index"], count)))


class _Optional(_Codec):
    """A column with None in some rows: the rows that hold a value, then those values."""

    def __init__(self, inner: _Codec) -> None:
        self.inner = inner

    def encode(self, values: list[Any]) -> Any:
        present = [i for i, v in enumerate(values) if v is not None]
        if len(present) == len(values):
            return {"all": self.inner.encode(values)}
        return {"at": _INTEGERS.encode(present), "present": len(present),
                "values": self.inner.encode([values[i] for i in present])}

    def decode(self, data: Any, count: int) -> list[Any]:
        _expect(type(data) is dict, "not a column")
        if data.keys() == {"all"}:
            return self.inner.decode(data["all"], count)
        _expect(data.keys() == {"at", "present", "values"} and type(data["present"]) is int, "not a column")
        at = _unsigned(data["at"], data["present"])
        _expect(all(a < b for a, b in itertools.pairwise(at)), "rows out of order")
        column: list[Any] = [None] * count
        for row, value in zip(at, self.inner.decode(data["values"], len(at)), strict=True):
            column[row] = value
        return column


def _split(items: list[Any], lengths: list[int]) -> Iterator[list[Any]]:
    start = 0
    for length in lengths:
        yield items[start:start + length]
        start += length


class _Sequence(_Codec):
    """A column of tuples: their lengths, then all their items as one column."""

    def __init__(self, inner: _Codec) -> None:
        self.inner = inner

    def encode(self, values: list[Any]) -> Any:
        if not _only(values, tuple):
            raise UnfitError("not a tuple")
        return {"lengths": _INTEGERS.encode([len(v) for v in values]),
                "items": self.inner.encode([x for v in values for x in v])}

    def decode(self, data: Any, count: int) -> list[Any]:
        _expect(type(data) is dict and data.keys() == {"lengths", "items"}, "not a column")
        lengths = _unsigned(data["lengths"], count)
        return [tuple(part) for part in _split(self.inner.decode(data["items"], sum(lengths)), lengths)]


class _Mapping(_Codec):
    """A column of mappings: their sizes, then all their keys and all their values as two columns."""

    def __init__(self, key: _Codec, value: _Codec) -> None:
        self.key, self.value = key, value

    def encode(self, values: list[Any]) -> Any:
        if not all(isinstance(v, Mapping) for v in values):
            raise UnfitError("not a mapping")
        return {"lengths": _INTEGERS.encode([len(v) for v in values]),
                "keys": self.key.encode([k for v in values for k in v]),
                "values": self.value.encode([x for v in values for x in v.values()])}

    def decode(self, data: Any, count: int) -> list[Any]:
        _expect(type(data) is dict and data.keys() == {"lengths", "keys", "values"}, "not a column")
        lengths = _unsigned(data["lengths"], count)
        total = sum(lengths)
        keys, items = self.key.decode(data["keys"], total), self.value.decode(data["values"], total)
        found = [dict(zip(k, v, strict=True)) for k, v in zip(_split(keys, lengths), _split(items, lengths), strict=True)]
        _expect(all(len(m) == n for m, n in zip(found, lengths, strict=True)), "a key given twice")
        return found


class _Any(_Codec):
    """Values of any type a YAML file can hold (rule parameters), tagged so that lists and dates come back."""

    def encode(self, values: list[Any]) -> Any:
        return [_tagged(v) for v in values]

    def decode(self, data: Any, count: int) -> list[Any]:
        return [_untagged(v) for v in _list(data, count)]


def _tagged(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        return _Float().encode([value])[0]
    if isinstance(value, list):
        return {"list": [_tagged(v) for v in value]}
    if isinstance(value, dict) and _only(list(value), str):
        return {"map": [[k, _tagged(v)] for k, v in value.items()]}
    if type(value) in (dt.date, dt.datetime):
        return {type(value).__name__: value.isoformat()}
    raise UnfitError(f"a {type(value).__name__} value")


def _untagged(data: Any) -> Any:
    if data is None or type(data) in (str, int, bool, float):
        return data
    _expect(type(data) is dict and len(data) == 1, "not a tagged value")
    ((tag, inner),) = data.items()
    if tag == "list" and type(inner) is list:
        return [_untagged(v) for v in inner]
    if tag == "map" and type(inner) is list:
        _expect(all(type(p) is list and len(p) == 2 and type(p[0]) is str for p in inner), "not a map")
        found = {k: _untagged(v) for k, v in inner}
        _expect(len(found) == len(inner), "a key given twice")
        return found
    if tag == "date":
        return _date_from(inner)
    _expect(tag == "datetime" and type(inner) is str, "not a tagged value")
    return dt.datetime.fromisoformat(inner)


# -- capacity: fixed-length tuples (Team.periods holds (from, size) pairs; docs/capacity.md) -------


class _Fixed(_Codec):
    """A column of tuples of one fixed shape, such as ``(date, float)``: one column per position."""

    def __init__(self, inner: tuple[_Codec, ...]) -> None:
        self.inner = inner

    def encode(self, values: list[Any]) -> Any:
        if not _only(values, tuple) or any(len(v) != len(self.inner) for v in values):
            raise UnfitError(f"not a tuple of {len(self.inner)} values")
        return [codec.encode([v[k] for v in values]) for k, codec in enumerate(self.inner)]

    def decode(self, data: Any, count: int) -> list[Any]:
        _expect(type(data) is list and len(data) == len(self.inner) > 0, "not a column of tuples")
        columns = [codec.decode(part, count) for codec, part in zip(self.inner, data, strict=True)]
        return list(zip(*columns, strict=True))


# -- records -------------------------------------------------------------------------------------

_NO_DEFAULT: Final = object()


@attrs.frozen
class _Field:
    codec: _Codec
    default: Any
    """as the record holds it, or _NO_DEFAULT"""
    alias: str
    """the constructor's name for it"""


class _Record(_Codec):
    """A column of attrs records: one column per field, left out when every row has the field's default."""

    def __init__(self, kind: type) -> None:
        self.kind = kind
        hints = typing.get_type_hints(kind)
        self.fields: dict[str, _Field] = {}
        for field in attrs.fields(kind):
            if not field.init:
                raise UnfitError(f"{kind.__name__}.{field.name} is not set by its constructor")
            self.fields[field.name] = _Field(_Shared(_codec(hints[field.name])), _default(field), field.alias)
        self.fast = _plain_slots(kind)

    def encode(self, values: list[Any]) -> Any:
        if not _only(values, self.kind):
            raise UnfitError(f"not a {self.kind.__name__}")
        found = {}
        for name, field in self.fields.items():
            column = list(map(operator.attrgetter(name), values))
            default = field.default
            if default is _NO_DEFAULT or not all(type(x) is type(default) and x == default for x in column):
                found[name] = field.codec.encode(column)
        return found

    def decode(self, data: Any, count: int) -> list[Any]:
        _expect(type(data) is dict and data.keys() <= self.fields.keys(), f"not a {self.kind.__name__} column")
        columns = {name: self.fields[name].codec.decode(column, count) for name, column in data.items()}
        if count == 0:
            return []
        first = self.kind(**{self.fields[name].alias: column[0] for name, column in columns.items()})
        if not self.fast:  # converters run: through the constructor, row by row
            aliases = [self.fields[name].alias for name in columns]
            return [first] + [self.kind(**dict(zip(aliases, row, strict=True))) for row in
                              itertools.islice(zip(*columns.values(), strict=True), 1, None)]
        return self.assemble(columns, count, first)

    def assemble(self, columns: dict[str, list[Any]], count: int, first: Any) -> list[Any]:
        """The records, made the quick way: every slot set column by column (as the constructor would set it).

        Only for classes whose constructor does nothing else (see `_plain_slots`); the first
        record, made by the constructor (which also refuses a missing required field), must equal it.
        """
        records: list[Any] = list(map(object.__new__, itertools.repeat(self.kind, count)))
        for name, field in self.fields.items():
            column = columns.get(name) or itertools.repeat(field.default, count)
            collections.deque(map(getattr(self.kind, name).__set__, records, column), maxlen=0)
        _expect(records[0] == first, "a record the constructor would make otherwise")
        return records


def _plain_slots(kind: type) -> bool:
    """True for a slotted attrs class whose constructor only stores its arguments (no converter, validator,
    factory default, hook or cached hash): its records can be made by setting the slots."""
    fields = attrs.fields(kind)
    return (
        set(getattr(kind, "__slots__", ())) - {"__weakref__"} == {f.name for f in fields}
        and all(f.converter is None and f.validator is None and not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
                for f in fields)
        and not any(hasattr(kind, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__"))
    )


def _default(field: Any) -> Any:
    """A field's default as the record holds it (after its converter), or ``_NO_DEFAULT``."""
    default = field.default
    if default is attrs.NOTHING or (isinstance(default, attrs.Factory) and default.takes_self):  # type: ignore[arg-type]
        return _NO_DEFAULT
    value = default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]
    return field.converter(value) if field.converter is not None else value


@functools.cache
def _codec(kind: Any) -> _Codec:
    """The codec of a column of values of type ``kind`` (a field's type hint)."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        return _Optional(_codec(next(a for a in args if a is not type(None))))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _Sequence(_codec(args[0]))
    if origin is tuple and args and Ellipsis not in args:  # the capacity block above
        return _Fixed(tuple(map(_codec, args)))
    if origin in (Mapping, dict) and len(args) == 2:
        return _Mapping(_codec(args[0]), _codec(args[1]))
    simple = {Any: _Any, str: _Text, float: _Float, int: _Integers}
    if kind in simple:
        return simple[kind]()
    if kind is bool:
        return _Scalar(bool)
    if kind is dt.date:
        return _Dates()
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _Converted(kind, lambda member: member.value, _member(kind))
    if isinstance(kind, type) and attrs.has(kind):
        return _Record(kind)
    raise UnfitError(f"no column type for {kind!r}")
