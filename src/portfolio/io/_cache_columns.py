"""The load cache's columns: each kind of value as JSON data in the header or packed bytes in the block, read back checked.

A codec encodes a column (a list of values of one type) into JSON data for the
header, putting what is large into the file's binary block (`_Out`), and
decodes it back from both (`_In`), checking every value's type and the
column's length. `portfolio.io._cache_format` puts the codecs together for
the model's records and writes and reads the file.

Examples:
    >>> out = _Out()
    >>> data = _INTEGERS.encode(list(range(20)), out)
    >>> data, len(b"".join(out.parts))
    ({'B': 20}, 20)
    >>> _INTEGERS.decode(data, 20, _In(memoryview(b"".join(out.parts))))[-3:]
    [17, 18, 19]
"""

from __future__ import annotations

import array
import datetime as dt
import enum
import itertools
import operator
import sys
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from portfolio.model import Relations

__all__ = ["DamagedError", "UnfitError"]

class UnfitError(ValueError):
    """A value this cache cannot store exactly: the result is then not cached."""


class DamagedError(ValueError):
    """A cache file that is not exactly what this version writes: it is ignored."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise DamagedError(what)


class _Out:
    """What an encoding collects besides the header: the table of texts and the binary block's parts."""

    def __init__(self) -> None:
        self.texts: dict[str, int] = {}
        self.parts: list[bytes] = []

    def text(self, values: list[str]) -> list[int]:
        """The numbers of ``values`` in the table of texts (new ones are added)."""
        table = self.texts
        return [table.setdefault(v, len(table)) for v in values]


class _In:
    """The binary block being read: the table of texts, and a cursor that must end exactly at its end."""

    def __init__(self, block: memoryview) -> None:
        self.block, self.at = block, 0
        self.texts: list[str] = []

    def take(self, size: int) -> memoryview:
        """The next ``size`` bytes of the block."""
        _expect(0 <= size <= len(self.block) - self.at, "a column beyond the end of the block")
        part = self.block[self.at:self.at + size]
        self.at += size
        return part


# -- columns -------------------------------------------------------------------------------------


class _Codec:
    """Encodes a column of values of one type into JSON data (and block parts), and decodes it back checked."""

    def encode(self, values: list[Any], out: _Out) -> Any:
        raise NotImplementedError

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        raise NotImplementedError

    def lazy(self, data: Any, count: int, block: _In) -> Iterable[Any]:
        """The column as `decode` gives it, or an iterator over it when that saves building a list (the block's
        bytes are taken and checked now; only looking values up is left for the iteration)."""
        return self.decode(data, count, block)


def _list(data: Any, count: int) -> list[Any]:
    """``data`` if it is a list of ``count`` values."""
    _expect(type(data) is list and len(data) == count, "a column of the wrong length")
    return typing.cast(list[Any], data)


def _only(values: list[Any], kind: type) -> bool:
    """True when every value is exactly of type ``kind`` (so ``True`` is no ``int`` here)."""
    return not values or set(map(type, values)) == {kind}


_PICK: Final = 4096
"""Rows looked up per ``itemgetter`` call: whole columns of 250,000 rows made two tuples of 2 MB each, new
memory every time (5,000 more page faults in a cached 50,000-activity load)."""


def _pick(table: Sequence[Any], rows: Sequence[int]) -> Iterable[Any]:
    """``table[row]`` for every row, `_PICK` rows per call of ``operator.itemgetter`` (fewer steps than mapping
    ``table.__getitem__`` over the rows); a row past the end raises IndexError when it is reached.

    Examples:
        >>> list(_pick(["a", "b", "c"], [2, 0, 2])), list(_pick(["a"], [0])), list(_pick(["a"], []))
        (['c', 'a', 'c'], ['a'], [])
    """
    if len(rows) < 2:
        return [table[row] for row in rows]
    if len(rows) <= _PICK:
        return typing.cast(tuple[Any, ...], operator.itemgetter(*rows)(table))
    return itertools.chain.from_iterable(
        operator.itemgetter(*rows[at:at + _PICK])(table) if len(rows) - at > 1 else (table[rows[at]],)
        for at in range(0, len(rows), _PICK))


class _Scalar(_Codec):
    """A column of plain JSON values of exactly one Python type, in the header."""

    def __init__(self, kind: type) -> None:
        self.kind = kind

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, self.kind):
            raise UnfitError(f"a value that is not {self.kind.__name__}")
        return values

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        found = _list(data, count)
        _expect(_only(found, self.kind), f"a value that is not {self.kind.__name__}")
        return found


class _Integers(_Scalar):
    """Whole numbers: the smallest little-endian machine integers that hold them, in the block; few, in the header.

    Signed or unsigned 8, 16, 32 or 64 bits: a column of unsigned numbers
    (numbers of rows, lengths) cannot hold a negative one, whatever the file says.
    """

    _CODES: Final = (("B", 0, 1 << 8), ("H", 0, 1 << 16), ("I", 0, 1 << 32), ("Q", 0, 1 << 64),
                     ("b", -(1 << 7), 1 << 7), ("h", -(1 << 15), 1 << 15), ("i", -(1 << 31), 1 << 31),
                     ("q", -(1 << 63), 1 << 63))
    _UNSIGNED: Final = frozenset("BHIQ")

    def __init__(self) -> None:
        super().__init__(int)

    def encode(self, values: list[Any], out: _Out) -> Any:
        super().encode(values, out)
        if len(values) < 16:
            return values
        low, high = min(values), max(values)
        code = next((c for c, floor, limit in self._CODES if low >= floor and high < limit), None)
        if code is None:
            return values
        packed = array.array(code, values)
        if sys.byteorder == "big":  # pragma: no cover - the file is the same on every machine
            packed.byteswap()
        out.parts.append(packed.tobytes())
        return {code: len(values)}

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        found = self.packed(data, count, block)
        return found if isinstance(found, list) else found.tolist()

    def packed(self, data: Any, count: int, block: _In) -> list[int] | array.array[int]:
        """The numbers as a list (from the header) or an array (from the block: iterating it makes no list)."""
        if type(data) is not dict:
            return super().decode(data, count, block)
        _expect(len(data) == 1, "not a column of whole numbers")
        ((code, size),) = data.items()
        _expect(code in {c for c, _, _ in self._CODES} and size == count and type(size) is int,
                "not a column of whole numbers")
        packed = array.array(code)
        packed.frombytes(block.take(count * packed.itemsize))
        if sys.byteorder == "big":  # pragma: no cover
            packed.byteswap()
        return packed

    def unsigned(self, data: Any, count: int, block: _In) -> list[int] | array.array[int]:
        """``count`` whole numbers none of which is negative: lengths, or row numbers (one past the end raises
        IndexError where it is used)."""
        found = self.packed(data, count, block)
        _expect((type(data) is dict and data.keys() <= self._UNSIGNED) or not found or min(found) >= 0,
                "a negative number")
        return found


_INTEGERS: Final = _Integers()


class _Text(_Codec):
    """Text: numbers into the file's one table of texts (so each distinct text is stored and made once)."""

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, str):
            raise UnfitError("a value that is not str")
        return _INTEGERS.encode(out.text(values), out)

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        return list(self.lazy(data, count, block))

    def lazy(self, data: Any, count: int, block: _In) -> Iterable[Any]:
        return _pick(block.texts, _INTEGERS.unsigned(data, count, block))


_RELATION_INTEGERS: Final = (("pred", True), ("succ", True), ("rtype", True), ("days", False), ("elapsed", True),
                             ("file", False), ("line", True), ("column", True))
"""The whole-number columns of `Relations` in the order they are stored, and whether each is unsigned."""


class _Relations(_Codec):
    """A column of ``Portfolio.relations``: each value as the columns of `portfolio.model.Relations`.

    Stored per value: the activity ids and the files (texts), then the whole-number columns
    (`_RELATION_INTEGERS`). Read back checked: every end numbers one of the ids, every type code and
    file number is in range, the ids and the files are each distinct. A tuple of records is stored as
    its columns too (it is read back as `Relations`, equal to it).
    """

    def encode(self, values: list[Any], out: _Out) -> Any:
        found = []
        for value in values:
            relations = value if type(value) is Relations else Relations.of(value)
            data = {"rows": len(relations), "ids": _TEXT.encode(list(relations.ids), out),
                    "files": _TEXT.encode(list(relations.files), out), "size": len(relations.ids),
                    "count": len(relations.files)}
            for name, _ in _RELATION_INTEGERS:
                column = list(getattr(relations, name))
                data[name] = _INTEGERS.encode(list(map(int, column)) if name == "elapsed" else column, out)
            found.append(data)
        return found

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        return [self._one(value, block) for value in _list(data, count)]

    @staticmethod
    def _one(data: Any, block: _In) -> Relations:
        keys = {"rows", "ids", "files", "size", "count"} | {name for name, _ in _RELATION_INTEGERS}
        _expect(type(data) is dict and data.keys() == keys, "not a column of relations")
        rows, size, count = data["rows"], data["size"], data["count"]
        _expect(all(type(n) is int and 0 <= n <= MAX_ROWS for n in (rows, size, count)), "not a column of relations")
        ids, files = tuple(_TEXT.decode(data["ids"], size, block)), tuple(_TEXT.decode(data["files"], count, block))
        _expect(len(set(ids)) == size and len(set(files)) == count, "ids or files that repeat")
        columns = {name: (_INTEGERS.unsigned if unsigned else _INTEGERS.packed)(data[name], rows, block)
                   for name, unsigned in _RELATION_INTEGERS}
        limits = {"pred": size - 1, "succ": size - 1, "rtype": 3, "elapsed": 1, "file": count - 1}
        _expect(all(not columns[name] or max(columns[name]) <= top for name, top in limits.items())
                and (not rows or min(columns["file"]) >= -1), "a relation column out of range")
        elapsed = list(map(bool, columns.pop("elapsed")))
        return Relations(ids, elapsed=elapsed, files=files, **columns)


_TEXT: Final = _Text()


class _Float(_Scalar):
    """Finite floats (JSON has no NaN or infinity: such a value is not cached)."""

    def __init__(self) -> None:
        super().__init__(float)

    def encode(self, values: list[Any], out: _Out) -> Any:
        super().encode(values, out)
        if not all(v - v == 0 for v in values):
            raise UnfitError("not a finite number")
        return values


class _Member(_Codec):
    """Enum members, stored as their values and found again by value (an unknown value is damage)."""

    def __init__(self, kind: type[enum.Enum]) -> None:
        self.kind = kind
        self.members = {m.value: m for m in kind}

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, self.kind):
            raise UnfitError(f"a value that is not {self.kind.__name__}")
        return [member.value for member in values]

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        found = _list(data, count)
        _expect(all(type(v) is str for v in found) and set(found) <= self.members.keys(),
                f"not a {self.kind.__name__}")
        return list(map(self.members.__getitem__, found))


class _Dates(_Codec):
    """Dates as their day numbers (``date.toordinal()``), packed like other whole numbers.

    Reading 100,000 dates back as day numbers takes a few milliseconds; as
    ``YYYY-MM-DD`` text, parsed and checked one by one, it took a quarter of
    a cached 50,000-activity load. A number outside the dates Python has is damage.
    """

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, dt.date):
            raise UnfitError("a value that is not a date")
        return _INTEGERS.encode([v.toordinal() for v in values], out)

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        days = _INTEGERS.packed(data, count, block)
        _expect(not days or (min(days) >= 1 and max(days) <= _LAST_DAY), "not a date")
        return list(map(dt.date.fromordinal, days))


_LAST_DAY: Final = dt.date.max.toordinal()
_PLAIN: Final = frozenset({str, int, bool, dt.date, type(None)})
"""Types whose values hash in C and are the same value when equal (see `_Shared`)."""


def _date_from(text: Any) -> dt.date:
    _expect(type(text) is str, "not a date")
    found = dt.date.fromisoformat(text)
    _expect(found.isoformat() == text, "not a date written YYYY-MM-DD")
    return found


class _Shared(_Codec):
    """A column whose values repeat: each distinct value stored once, then its number in every row.

    Texts, whole numbers, dates and booleans (hashed in C) are the same value when they are equal
    and of one type (``1``, ``1.0`` and ``True`` are one key to a dict, so the type is part of the
    key). Anything else (records, enum members, floats) is the same value when it is the same
    object: hashing 400,000 records with attrs' Python ``__hash__`` was most of the time of writing
    an entry, and the loader shares its repeated records (`Duration.parse` remembers each text);
    ``0.0`` and ``-0.0`` are equal but print differently.
    """

    def __init__(self, inner: _Codec) -> None:
        self.inner = inner

    def encode(self, values: list[Any], out: _Out) -> Any:
        if len(values) < 4:
            return {"rows": self.inner.encode(values, out)}
        kinds = set(map(type, values))
        if kinds <= _PLAIN:  # by value, and by type where two types have equal values (1 and True)
            keys: list[Any] = list(zip(map(type, values), values, strict=True)) if {int, bool} <= kinds else values
        else:
            keys = list(map(id, values))
        first = dict(zip(reversed(keys), reversed(values), strict=True))  # each key's first value
        if len(first) * 2 > len(values):
            return {"rows": self.inner.encode(values, out)}
        number = {key: i for i, key in enumerate(first)}
        return {"values": self.inner.encode(list(first.values()), out), "distinct": len(first),
                "index": _INTEGERS.encode(list(map(number.__getitem__, keys)), out)}

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        return list(self.lazy(data, count, block))

    def lazy(self, data: Any, count: int, block: _In) -> Iterable[Any]:
        _expect(type(data) is dict, "not a column")
        if data.keys() == {"rows"}:
            return self.inner.lazy(data["rows"], count, block)
        _expect(data.keys() == {"values", "distinct", "index"} and type(data["distinct"]) is int
                and 0 <= data["distinct"] <= count, "not a column")
        unique = self.inner.decode(data["values"], data["distinct"], block)
        return _pick(unique, _INTEGERS.unsigned(data["index"], count, block))


class _Optional(_Codec):
    """A column with None in some rows: the rows that hold a value, then those values."""

    def __init__(self, inner: _Codec) -> None:
        self.inner = inner

    def encode(self, values: list[Any], out: _Out) -> Any:
        present = [i for i, v in enumerate(values) if v is not None]
        if len(present) == len(values):
            return {"all": self.inner.encode(values, out)}
        return {"at": _INTEGERS.encode(present, out), "present": len(present),
                "values": self.inner.encode([values[i] for i in present], out)}

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        _expect(type(data) is dict, "not a column")
        if data.keys() == {"all"}:
            found = self.inner.lazy(data["all"], count, block)  # records come as a list: not copied
            return found if type(found) is list else list(found)
        _expect(data.keys() == {"at", "present", "values"} and type(data["present"]) is int
                and 0 <= data["present"] <= count, "not a column")
        at = _INTEGERS.unsigned(data["at"], data["present"], block)
        _expect(all(a < b for a, b in itertools.pairwise(at)), "rows out of order")
        column: list[Any] = [None] * count
        for row, value in zip(at, self.inner.decode(data["values"], len(at), block), strict=True):
            column[row] = value
        return column


MAX_ROWS: Final = 1 << 24
"""The most rows a column of a cache file may claim (a 50,000-activity portfolio has 250,000 sources): rows
that hold their default or None take no bytes in the file, so a damaged count could otherwise ask for
billions of objects."""


def _rows(lengths: Iterable[int]) -> int:
    """The rows of the column holding every item of a column of ``lengths`` tuples or mappings (at most `MAX_ROWS`)."""
    total = sum(lengths)
    _expect(total <= MAX_ROWS, "more rows than a cache file holds")
    return total


def _split(items: list[Any], lengths: Any) -> Iterator[list[Any]]:
    start = 0
    for length in lengths:
        yield items[start:start + length]
        start += length


class _Sequence(_Codec):
    """A column of tuples: their lengths, then all their items as one column."""

    def __init__(self, inner: _Codec) -> None:
        self.inner = inner

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, tuple):
            raise UnfitError("not a tuple")
        return {"lengths": _INTEGERS.encode([len(v) for v in values], out),
                "items": self.inner.encode([x for v in values for x in v], out)}

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        _expect(type(data) is dict and data.keys() == {"lengths", "items"}, "not a column")
        lengths = _INTEGERS.unsigned(data["lengths"], count, block)
        items = self.inner.decode(data["items"], _rows(lengths), block)
        if count == 1:
            return [tuple(items)]
        return [tuple(part) for part in _split(items, lengths)]


class _Mapping(_Codec):
    """A column of mappings: their sizes, then all their keys and all their values as two columns."""

    def __init__(self, key: _Codec, value: _Codec) -> None:
        self.key, self.value = key, value

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not all(isinstance(v, Mapping) for v in values):
            raise UnfitError("not a mapping")
        return {"lengths": _INTEGERS.encode([len(v) for v in values], out),
                "keys": self.key.encode([k for v in values for k in v], out),
                "values": self.value.encode([x for v in values for x in v.values()], out)}

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        _expect(type(data) is dict and data.keys() == {"lengths", "keys", "values"}, "not a column")
        lengths = _INTEGERS.unsigned(data["lengths"], count, block)
        total = _rows(lengths)
        keys, items = self.key.decode(data["keys"], total, block), self.value.decode(data["values"], total, block)
        if count == 1:
            found = [dict(zip(keys, items, strict=True))]
        else:
            found = [dict(zip(k, v, strict=True))
                     for k, v in zip(_split(keys, lengths), _split(items, lengths), strict=True)]
        _expect(all(len(m) == n for m, n in zip(found, lengths, strict=True)), "a key given twice")
        return found


class _Any(_Codec):
    """Values of any type a YAML file can hold (rule parameters), tagged so that lists and dates come back."""

    def encode(self, values: list[Any], out: _Out) -> Any:
        return [_tagged(v) for v in values]

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        return [_untagged(v) for v in _list(data, count)]


def _tagged(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is float:
        return _Float().encode([value], _Out())[0]
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


class _Fixed(_Codec):
    """A column of tuples of one fixed shape, such as ``(date, float)``: one column per position.

    (Capacity: ``Team.periods`` holds ``(from, size)`` pairs; docs/capacity.md.)
    """

    def __init__(self, inner: tuple[_Codec, ...]) -> None:
        self.inner = inner

    def encode(self, values: list[Any], out: _Out) -> Any:
        if not _only(values, tuple) or any(len(v) != len(self.inner) for v in values):
            raise UnfitError(f"not a tuple of {len(self.inner)} values")
        return [codec.encode([v[k] for v in values], out) for k, codec in enumerate(self.inner)]

    def decode(self, data: Any, count: int, block: _In) -> list[Any]:
        _expect(type(data) is list and len(data) == len(self.inner) > 0, "not a column of tuples")
        columns = [codec.decode(part, count, block) for codec, part in zip(self.inner, data, strict=True)]
        return list(zip(*columns, strict=True))
