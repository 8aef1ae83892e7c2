"""The load cache's file format (format 3): a loaded portfolio as columns of plain data, read back strictly.

A cache file is zlib-compressed bytes: a JSON header, a newline, then one
binary block. The header holds the structure (one entry per record field, as
columns) and every small value; the block holds what is large, in the order
the header names it: every text of the result once (UTF-8, joined by a
separator no text holds), then the whole-number columns as little-endian
machine integers. A text column is a column of numbers into that table of
texts, so a text that appears in many places (an activity's id as its key,
its record's id, its baseline entry's key, the ends of its relations) is
stored and rebuilt once, as one object; dates, small numbers and other
values that repeat are stored once per column and shared the same way.

Nothing in the file runs code when read (no pickle; the header names the
record's class only to be compared with the one the caller expects, never
looked up): the decoder knows the types from the model's attrs field types, checks every
column's type and length, refuses unknown fields and any byte of the block
it does not use, and rebuilds every record through its constructor (records
whose constructor only stores its arguments get their slots set column by
column, checked against the constructor on the first row). Anything else is
`DamagedError` (or another error): the caller ignores the file.

Examples:
    >>> from portfolio.model import Portfolio, Service
    >>> result = LoadResult(Portfolio(services=[Service(id="digid", name="DigiD")]))
    >>> decode(encode(result, "key"), "key") == result
    True
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import functools
import inspect
import itertools
import json
import operator
import sys
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs

from portfolio._gc import paused_gc
from portfolio.diagnostics import LoadResult
from portfolio.io._cache_columns import (
    DamagedError,
    UnfitError,
    _Any,
    _Codec,
    _Dates,
    _expect,
    _Fixed,
    _Float,
    _In,
    _Integers,
    _Mapping,
    _Member,
    _only,
    _Optional,
    _Out,
    _Relations,
    _Scalar,
    _Sequence,
    _Shared,
    _Text,
)
from portfolio.model import Relation

__all__ = ["FORMAT", "DamagedError", "UnfitError", "decode", "decode_record", "encode", "encode_record"]

FORMAT: Final = 4  # 2: dates as day numbers; 3: a JSON header and a binary block, one table of texts; 4: relations as columns
"""The version of the file layout; a file of another version is ignored (and rewritten)."""
MAX_INFLATED: Final = 1 << 30
"""Refuse to inflate a cache file beyond this (a damaged or hostile file must not exhaust memory)."""
T = TypeVar("T")
_SEPARATORS: Final = ("\x1f", "\x1e", "\x1d", "\x1c", "\x00")
"""Joins the table of texts: the first that no text holds (when every one is held, the table goes in the header)."""


def encode(result: LoadResult, key: str) -> bytes:
    """The cache file's bytes for ``result``; raises `UnfitError` for a value it cannot keep exactly.

    Args:
        result: what the loader returned.
        key: the key it is stored under (`decode` refuses another).

    Returns:
        The compressed bytes of the file.

    Raises:
        UnfitError: a value the format cannot keep exactly (a NaN, a type it does not know).

    Examples:
        >>> from portfolio.model import Portfolio
        >>> decode(encode(LoadResult(Portfolio()), "k"), "k") == LoadResult(Portfolio())
        True
    """
    return encode_record(result, key)


def decode(data: bytes, key: str) -> LoadResult:
    """The result in a cache file's bytes, if they hold one under ``key``; else `DamagedError` (or another error).

    Args:
        data: the file's bytes.
        key: the key the caller expects.

    Returns:
        The load result, rebuilt.

    Raises:
        DamagedError: a truncated, foreign, other-version or otherwise damaged file (zlib, JSON and value
            errors are raised as they come).

    Examples:
        >>> decode(b"not a cache file", "k")
        Traceback (most recent call last):
        ...
        zlib.error: Error -3 while decompressing data: incorrect header check
    """
    return decode_record(data, LoadResult, key)


def encode_record(value: Any, key: str) -> bytes:
    """The bytes of a file holding one record (a `LoadResult`, a report's section) of a class the codec knows.

    The layout of every cache file: a JSON header (the format, the key, the record's class, the table of
    texts' size, the record's columns), a newline, the table of texts and the packed numbers, compressed.

    Args:
        value: the record (an attrs instance).
        key: the key it is stored under (`decode_record` refuses another).

    Returns:
        The compressed bytes of the file.

    Raises:
        UnfitError: a value the format cannot keep exactly (a NaN, a type it does not know).
    """
    out = _Out()
    tree = _codec(typing.cast(Any, type(value))).encode([value], out)
    texts = list(out.texts)
    body: dict[str, Any] = {"format": FORMAT, "key": key, "class": _class_name(type(value)), "texts": len(texts)}
    joined = b""
    try:
        separator = next(s for s in _SEPARATORS if not any(s in t for t in texts))
        joined = separator.join(texts).encode("utf-8")
        body["separator"] = separator
    except StopIteration:  # every separator is in some text: the table is written in the header
        body["table"] = texts
    except UnicodeEncodeError as error:  # a lone surrogate
        raise UnfitError("a text that is not UTF-8") from error
    body["bytes"] = len(joined)
    body["result"] = tree
    header = json.dumps(body, separators=(",", ":"), allow_nan=False).encode("ascii")
    return zlib.compress(b"".join([header, b"\n", joined, *out.parts]), 1)


def decode_record(data: bytes, kind: type[T], key: str, *, limit: int = MAX_INFLATED) -> T:
    """The record of class ``kind`` in a file's bytes, if they hold one under ``key``; else `DamagedError`.

    Args:
        data: the file's bytes.
        kind: the record's class (a file holding another is refused).
        key: the key the caller expects.
        limit: refuse to inflate the file beyond this many bytes.

    Returns:
        The record, rebuilt through the codec as strictly as `decode` reads a load result.

    Raises:
        DamagedError: a truncated, foreign, other-version or otherwise damaged file (zlib, JSON and value
            errors are raised as they come).
    """
    inflater = zlib.decompressobj()
    text = inflater.decompress(data, limit)
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise DamagedError("truncated, too large or followed by other data")
    end = text.find(b"\n")
    _expect(end > 0, "not a portfolio cache file")
    body = json.loads(text[:end])
    _expect(type(body) is dict and body.get("format") == FORMAT, "another version's file, or none")
    _expect(body.keys() in ({"format", "key", "class", "texts", "separator", "bytes", "result"},
                            {"format", "key", "class", "texts", "table", "bytes", "result"}),
            "not a portfolio cache file")
    _expect(body["key"] == key, "another portfolio's file")
    _expect(body["class"] == _class_name(kind), "a file of another record")
    block = _In(memoryview(text)[end + 1:])
    block.texts = _texts(body, block)
    with paused_gc():  # hundreds of thousands of records, none in a cycle
        value = _codec(typing.cast(Any, kind)).decode(body["result"], 1, block)[0]
    _expect(block.at == len(block.block), "bytes the header does not describe")
    if type(value) is not kind:  # pragma: no cover - the codec builds exactly this class
        raise DamagedError(f"not a {kind.__qualname__}")
    return value


def _class_name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _texts(body: dict[str, Any], block: _In) -> list[str]:
    """The table of texts: split from the block's first bytes, or the header's list."""
    count, size = body["texts"], body["bytes"]
    _expect(type(count) is int and type(size) is int, "not a table of texts")
    if "table" in body:
        _expect(size == 0, "not a table of texts")
        return _Scalar(str).decode(body["table"], count, block)
    separator = body["separator"]
    _expect(type(separator) is str and separator in _SEPARATORS, "not a table of texts")
    if count == 0:
        _expect(size == 0, "not a table of texts")
        return []
    found = str(block.take(size), "utf-8").split(separator)
    _expect(len(found) == count, "a table of texts of the wrong length")
    return found


# -- records -------------------------------------------------------------------------------------

_NO_DEFAULT: Final = object()


class _Field:
    """One field of a record's column: its codec (made on first use), its default and its constructor's name."""

    __slots__ = ("_codec", "alias", "converter", "default", "name", "owner")

    def __init__(self, owner: _Record, name: str, default: Any, alias: str, converter: Any) -> None:
        self.owner, self.name, self.alias, self.converter = owner, name, alias, converter
        self.default = default  # as the record holds it, or _NO_DEFAULT
        self._codec: _Codec | None = None

    @property
    def codec(self) -> _Codec:
        """The field's codec, made when a column of the field is first written or read: the types of a
        record's fields are looked up (``typing.get_type_hints``, 5 ms for the whole model) only for the
        records a file holds."""
        if self._codec is None:
            codec = _codec(self.owner.hints()[self.name])
            self._codec = codec if isinstance(codec, _Text) else _Shared(codec)  # texts are shared by the table
        return self._codec


class _Record(_Codec):
    """A column of attrs records: one column per field, left out when every row holds the field's default object.

    Fields the constructor does not take (``init=False``: a record's private memo, say) are not
    stored: the constructor makes them again.
    """

    def __init__(self, kind: type) -> None:
        self.kind = kind
        self._hints: dict[str, Any] | None = None
        self.fields = {field.name: _Field(self, field.name, _default(field), field.alias, field.converter)
                       for field in attrs.fields(kind) if field.init}
        self.fast = _plain_slots(kind)

    def hints(self) -> dict[str, Any]:
        """The record's field types (looked up once, when a field's codec is first needed)."""
        if self._hints is None:
            self._hints = field_types(self.kind)
        return self._hints

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, self.kind):
            raise UnfitError(f"not a {self.kind.__name__}")
        found = {}
        for name, field in self.fields.items():
            column = list(map(operator.attrgetter(name), values))
            default = field.default  # left out when every row holds the default itself (the usual case)
            if default is _NO_DEFAULT or any(map(operator.is_not, column, itertools.repeat(default))):
                found[name] = field.codec.encode(column, out)
        return found

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        _expect(type(data) is dict and data.keys() <= self.fields.keys(), f"not a {self.kind.__name__} column")
        columns = {name: self.fields[name].codec.lazy(column, count, block) for name, column in data.items()}
        if count == 0:
            return []
        if not self.fast:  # hooks, validators or factories: through the constructor, row by row
            aliases = [self.fields[name].alias for name in columns]
            rows = zip(*columns.values(), strict=True) if columns else itertools.repeat((), count)
            return [self.kind(**dict(zip(aliases, row, strict=True))) for row in rows]
        return self.assemble(columns, count)

    def assemble(self, columns: dict[str, Iterable[Any]], count: int) -> list[Any]:
        """The records, made the quick way: every slot set column by column (as the constructor would set it).

        Only for classes whose constructor does nothing else than convert and store (see `_plain_slots`):
        a field's converter is applied to its column as the constructor would apply it to each argument
        (a missing column's default is converted already). The constructor then
        makes the first record again from the stored fields (refusing a missing required one): the two must
        be equal. Every column holds ``count`` values (checked where it was read).
        """
        records: list[Any] = list(map(object.__new__, itertools.repeat(self.kind, count)))
        for name, field in self.fields.items():
            column = columns.get(name)
            if column is None:
                column = itertools.repeat(field.default, count)
            elif field.converter is not None:
                column = map(field.converter, column)
            collections.deque(map(getattr(self.kind, name).__set__, records, column), maxlen=0)
        first = records[0]
        again = self.kind(**{self.fields[name].alias: getattr(first, name) for name in columns})
        _expect(first == again, "a record the constructor would make otherwise")
        return records


def field_types(kind: type) -> dict[str, Any]:
    """``typing.get_type_hints(kind)``, each annotation's text evaluated once per module and text.

    The model's records share most of their annotations (``str``, ``Source | None``, ``dt.date``: 246
    annotations, about 80 texts), and ``get_type_hints`` compiles every one of them anew (6 ms of a cached
    load of the example). A class whose annotations are not all plain texts of its own (inherited ones, a
    quoted name inside a text or an alias), or one with a name only its own namespace holds, is handed to
    ``get_type_hints`` itself (``tests/test_cache_field_types.py`` compares the two for every record).

    Examples:
        >>> from portfolio.model import Activity
        >>> field_types(Activity) == typing.get_type_hints(Activity)
        True
    """
    own = inspect.get_annotations(kind)
    if any(map(inspect.get_annotations, kind.__mro__[1:])) or not all(map(_is_text, own.values())):
        return typing.get_type_hints(kind)
    try:
        found = {name: _evaluated(kind.__module__, text) for name, text in own.items()}
    except NameError:
        return typing.get_type_hints(kind)
    return found if all(map(_resolved, found.values())) else typing.get_type_hints(kind)


def _resolved(hint: Any) -> bool:
    """Whether a type holds no name still to evaluate (an alias such as ``Callable[["Context"], None]`` does)."""
    if isinstance(hint, str | typing.ForwardRef):
        return False
    return all(map(_resolved, hint if isinstance(hint, list) else typing.get_args(hint)))  # a Callable's list


def _is_text(value: object) -> bool:
    """An annotation's plain text, without a quoted name inside (which ``get_type_hints`` evaluates too)."""
    return type(value) is str and "'" not in value and '"' not in value


@functools.cache
def _evaluated(module: str, text: str) -> Any:
    """An annotation's text evaluated in its module, as ``get_type_hints`` evaluates it (our own source's text)."""
    return eval(text, vars(sys.modules[module]))  # an annotation of our own code, never a file's text


def _plain_slots(kind: type) -> bool:
    """True for a slotted attrs class whose constructor only converts and stores its arguments (no validator,
    factory default, hook, converter that takes the record, field it sets itself or cached hash): its records
    can be made by setting the slots. (Service, Migration and Assignment, with their tuple converters: 1,500
    records at 50,000 activities took 7 ms through the constructor.)"""
    fields = attrs.fields(kind)
    return (
        set(getattr(kind, "__slots__", ())) - {"__weakref__"} == {f.name for f in fields}
        and all(f.init and (f.converter is None or _plain_function(f.converter)) and f.validator is None
                and not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
                for f in fields)
        and not any(hasattr(kind, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__"))
    )


def _plain_function(converter: Any) -> bool:
    """A converter called with the value alone (not an ``attrs.Converter`` that takes the record or field)."""
    return callable(converter) and not isinstance(converter, getattr(attrs, "Converter", ()))


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
    if origin is Sequence and args == (Relation,):
        return _Relations()
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _Sequence(_codec(args[0]))
    if origin is tuple and args and Ellipsis not in args:  # fixed shapes (capacity)
        return _Fixed(tuple(map(_codec, args)))
    if origin in (Mapping, dict) and len(args) == 2:
        return _Mapping(_codec(args[0]), _codec(args[1]))
    simple: dict[Any, Callable[[], _Codec]] = {Any: _Any, str: _Text, float: _Float, int: _Integers,
                                                 dt.date: _Dates}
    if kind in simple:
        return simple[kind]()
    if kind is bool:
        return _Scalar(bool)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _Member(kind)
    if isinstance(kind, type) and attrs.has(kind):
        return _Record(kind)
    raise UnfitError(f"no column type for {kind!r}")
