"""Read one YAML file into plain data that remembers where each value stood.

PyYAML's safe composer is recursive and expands aliases naively, so a hostile
file can exhaust the stack or the memory. This reader builds the data itself
from PyYAML's event stream, without recursion, with limits on depth, on the
number of values an alias expansion may reach, and on the file size. It
never raises on user data: every problem becomes a `Diagnostic`.

Examples:
    >>> data, problems = read_yaml_text("services:\\n  - id: digid\\n", "p.yaml")
    >>> data["services"][0]["id"], problems
    ('digid', [])
    >>> data["services"].item_marks[0]
    Source(file='p.yaml', line=2, column=5)
"""

# size: the event loop, its inlined resolver and its fast mark maker belong together: each fast path is measured against the loop that uses it (tests/test_yaml_reader_pinned.py).

from __future__ import annotations

import datetime as dt
import re
import reprlib
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar, cast

import attrs
import yaml

from portfolio._gc import paused_gc
from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.io._files import MAX_BYTES, OLE2_MAGIC, binary_ms_project, read_bounded, too_large
from portfolio.io._values import WrittenFloat
from portfolio.model import Source

__all__ = [
    "COLUMN_MASK",
    "LINE_SHIFT",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "MList",
    "MMap",
    "as_source",
    "packed_list",
    "packed_map",
    "read_yaml_file",
    "read_yaml_text",
    "record_maker",
    "remade_list",
    "remade_map",
]

MAX_DEPTH: Final = 100
MAX_VALUES: Final = 1_000_000

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_R = TypeVar("_R")

_MAP_TAG: Final = "tag:yaml.org,2002:map"
_SEQ_TAG: Final = "tag:yaml.org,2002:seq"
_STR_TAG: Final = "tag:yaml.org,2002:str"
_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
"""Plain ``<<`` and ``=`` resolve to these tags; as values they are just text."""
_VALUE_TAG: Final = "tag:yaml.org,2002:value"


class _Slots(Protocol):
    """The slots `_Placed`'s methods use, which `MMap` and `MList` each declare."""

    _at: Any
    _file: str
    _mark: Source | None


class _Placed:
    """What `MMap` and `MList` share: their own place, made a `Source` the first time it is read.

    A container the reader makes is given libyaml's mark and the file name (most are never asked for their
    place); one made by hand, as a builder's, is given its `Source`.
    """

    __slots__ = ()  # the slots are each container's own (a dict or list cannot share a base with slots)

    def _start(self: _Slots, mark: Any, file: str | None) -> None:
        if file is None:
            self._mark = mark
            self._file = mark.file
        else:  # the reader's: ``mark`` is libyaml's, made a `Source` when asked for
            self._mark = None
            self._at = mark
            self._file = file

    @property
    def file(self: _Slots) -> str:
        """The file the container was read from."""
        return self._file

    @property
    def mark(self: _Slots) -> Source:
        """Where the container starts."""
        made = self._mark
        if made is None:
            made = self._mark = as_source(self._file, self._at)
        return made


class MMap(_Placed, dict[Any, Any]):
    """A mapping that remembers its own place, its keys' places and its values' places.

    The places of keys and values are kept as the reader found them (libyaml's
    marks, or a `Source`), in one list in the mapping's order (``raw_places``:
    the first key's, the first value's, the second key's...), and made `Source`
    records when asked for: most are never needed (they serve diagnostics),
    and making one per value was a fifth of reading; one list instead of two
    dictionaries per mapping is less to fill and to free. `value_mark` makes
    one; `key_marks` and `value_marks` make all of them, once. The places are
    those of the mapping as read (a mapping made with its items, as a
    builder's, has none). Its own place, `mark`, is made the first time it is
    read (most of the reader's mappings and lists are never asked: making one
    `Source` per container was a twentieth of reading).
    """

    __slots__ = ("_at", "_file", "_keys", "_mark", "_values", "_values_made", "merged", "raw_places")

    def __init__(self, mark: Source, file: str | None = None) -> None:  # no dict.__init__: the mapping is empty
        self._start(mark, file)
        self.raw_places: list[Any] = []  #: each key's and value's place as read (a libyaml mark or a `Source`)
        self._keys: dict[Any, Source] | None = None  # `key_marks`, once made
        self._values: dict[Any, Any] | None = None  # each value's place as read, by key, once asked for
        self._values_made = False
        self.merged: AbstractSet[Any] = _NONE_MERGED  #: keys that came in through a merge key '<<' (a set once one has)

    @property
    def key_marks(self) -> dict[Any, Source]:
        """Where each key was written."""
        made = self._keys
        if made is None:
            file = self._file
            made = self._keys = {key: as_source(file, place) for key, place in self._read(0).items()}
        return made

    @property
    def value_marks(self) -> dict[Any, Source]:
        """Where each value was written (for a mapping or list: where it starts)."""
        places = self._values if self._values is not None else self._values_read()
        if not self._values_made:
            _made(self._file, places)
            self._values_made = True
        return places

    def value_mark(self, key: Any, default: Source) -> Source:
        """Where the value of ``key`` was written (``default`` without that key): ``value_marks.get(key, default)``.

        Examples:
            >>> data, _ = read_yaml_text("a: 1\\nb: 2\\n", "p.yaml")
            >>> data.value_mark("b", data.mark), data.value_mark("c", data.mark)
            (Source(file='p.yaml', line=2, column=4), Source(file='p.yaml', line=1, column=1))
        """
        places = self._values if self._values is not None else self._values_read()
        place = places.get(key)
        if place is None:
            return default
        if type(place) is Source:
            return place
        if type(place) is int:  # packed by the helper process (see `packed_map`)
            return _new_source(self._file, (place >> LINE_SHIFT) + 1, (place & COLUMN_MASK) + 1)
        return _new_source(self._file, place.line + 1, place.column + 1)

    def _values_read(self) -> dict[Any, Any]:
        made = self._values = self._read(1)
        return made

    def _read(self, which: int) -> dict[Any, Any]:
        """The keys' (``which`` 0) or the values' (1) places as read, by key."""
        places = self.raw_places
        if len(places) != 2 * len(self):  # not as read (a builder's mapping): no places
            return {}
        return dict(zip(self, places[which::2], strict=True))


class MList(_Placed, list[Any]):
    """A list that remembers its own place and its items' places (made `Source` records when asked for, see `MMap`)."""

    __slots__ = ("_at", "_file", "_items_made", "_mark", "raw_items")

    def __init__(self, mark: Source, file: str | None = None) -> None:  # no list.__init__: the new list is empty
        self._start(mark, file)
        self.raw_items: list[Any] = []  #: each item's place as read (a libyaml mark or a `Source`)
        self._items_made = False

    @property
    def item_marks(self) -> list[Source]:
        """Where each item was written."""
        if not self._items_made:
            file, places = self._file, self.raw_items
            for index, place in enumerate(places):
                if type(place) is not Source:  # a libyaml mark, or one packed by the helper (`as_source`)
                    places[index] = (_new_source(file, place.line + 1, place.column + 1) if type(place) is not int
                                     else as_source(file, place))
            self._items_made = True
        return self.raw_items


def _made(file: str, places: dict[Any, Any]) -> None:
    """Every place in ``places`` a `Source`, in place."""
    for key, place in places.items():
        if type(place) is not Source:  # a libyaml mark, or one packed by the helper (`as_source`)
            places[key] = (_new_source(file, place.line + 1, place.column + 1) if type(place) is not int
                           else as_source(file, place))


def as_source(file: str, place: Any) -> Source:
    """A place as read (a libyaml mark, one packed into an int by `packed_map`, or a `Source` already) as a `Source`."""
    if type(place) is Source:
        return place
    if type(place) is int:
        return _new_source(file, (place >> LINE_SHIFT) + 1, (place & COLUMN_MASK) + 1)
    return _new_source(file, place.line + 1, place.column + 1)


LINE_SHIFT: Final = 25
"""A place packed into one int: ``line << 25 | column`` (both from 0; a file of at most `MAX_BYTES`, 2**24 bytes,
has no column past 2**24)."""
COLUMN_MASK: Final = (1 << LINE_SHIFT) - 1


def _packed(place: Any) -> Any:
    """A place as read, packed for another process: a libyaml mark as one int (see `LINE_SHIFT`), a `Source` kept."""
    return place if type(place) is Source or type(place) is int else place.line << LINE_SHIFT | place.column


def packed_map(mapping: MMap) -> tuple[Any, ...]:
    """How a pickler writes a mapping the reader made (its ``reducer``): its items and places, no libyaml marks.

    libyaml's marks (their file name, buffer and pointer too) become one int each; what `MMap` makes from its
    places when asked (``key_marks``, ``value_marks``) is left out and made again. For the helper process that
    reads part of a large portfolio's files (``io/_read_worker.py``); `remade_map` makes the mapping again.

    Examples:
        >>> import io, pickle
        >>> data, _ = read_yaml_text("a: [1, {b: 2}]\\n", "p.yaml")
        >>> out = io.BytesIO()
        >>> pickler = pickle.Pickler(out)
        >>> pickler.dispatch_table = {MMap: packed_map, MList: packed_list}
        >>> pickler.dump(data)
        >>> again = pickle.loads(out.getvalue())
        >>> again == data, again.value_marks == data.value_marks, again["a"].item_marks == data["a"].item_marks
        (True, True, True)
    """
    merged = None if mapping.merged is _NONE_MERGED else mapping.merged
    places = [place if type(place) is Source else place.line << LINE_SHIFT | place.column
              for place in mapping.raw_places]
    return (remade_map, (_packed(mapping._at), mapping._file, places, merged, mapping._mark), None, None,
            iter(mapping.items()))


def packed_list(items: MList) -> tuple[Any, ...]:
    """How a pickler writes a list the reader made: its items and places (see `packed_map`)."""
    places = [place if type(place) is Source else place.line << LINE_SHIFT | place.column
              for place in items.raw_items]
    return remade_list, (_packed(items._at), items._file, places, items._mark), None, iter(items)


def remade_map(at: Any, file: str, places: list[Any], merged: AbstractSet[Any] | None, mark: Source | None) -> MMap:
    """The mapping `packed_map` wrote, without its items (the unpickler adds them)."""
    mapping = MMap.__new__(MMap)
    mapping._at, mapping._file, mapping._mark, mapping.raw_places = at, file, mark, places
    mapping._keys = mapping._values = None
    mapping._values_made = False
    mapping.merged = _NONE_MERGED if merged is None else merged
    return mapping


def remade_list(at: Any, file: str, places: list[Any], mark: Source | None) -> MList:
    """The list `packed_list` wrote, without its items (the unpickler adds them)."""
    items = MList.__new__(MList)
    items._at, items._file, items._mark, items.raw_items, items._items_made = at, file, mark, places, False
    return items


class _StopError(Exception):
    """Raised inside the reader to end it with a diagnostic."""

    def __init__(self, found: Diagnostic) -> None:
        super().__init__(found.message)
        self.found = found


def _source(file: str, mark: Any) -> Source:
    if mark is None:
        return Source(file)
    return Source(file, mark.line + 1, mark.column + 1)


def read_yaml_file(path: Path, display: str | None = None) -> tuple[Any, list[Diagnostic]]:
    """Read a YAML file; ``display`` is the file name used in messages.

    Only a regular file (links followed) of at most `MAX_BYTES` is read
    (see [`read_bounded`][portfolio.io._files.read_bounded]); a binary MS Project plan
    is named as such.
    """
    name = display if display is not None else str(path)
    if path.suffix.lower() == ".mpp":
        return None, [binary_ms_project(name)]
    raw = read_bounded(path, MAX_BYTES, name)
    if isinstance(raw, Diagnostic):
        return None, [raw]
    return read_yaml_bytes(raw, name)


def read_yaml_bytes(raw: bytes, name: str) -> tuple[Any, list[Diagnostic]]:
    """Decode UTF-8 (refusing binary data and other encodings) and read the YAML."""
    if len(raw) > MAX_BYTES:
        return None, [too_large(name, len(raw), MAX_BYTES)]
    if raw.startswith(OLE2_MAGIC):
        return None, [binary_ms_project(name)]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            diagnostic(
                "encoding",
                f"{name} is UTF-16 text; portfolio files are UTF-8",
                source=Source(name, 1, 1),
                hint="save the file as UTF-8",
            )
        ]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        return None, [
            diagnostic(
                "encoding",
                f"{name} holds binary data (a NUL byte), not text",
                source=Source(name, line, nul - raw.rfind(b"\n", 0, nul)),
                hint="check that this is the file you meant",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        return None, [
            diagnostic(
                "encoding",
                f"{name} is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                source=Source(name, line, column),
                hint="save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
            )
        ]
    return read_yaml_text(text, name)


def read_yaml_text(text: str, name: str) -> tuple[Any, list[Diagnostic]]:
    """Read YAML text; return the data (MMap/MList/scalars, or None) and diagnostics."""
    problems: list[Diagnostic] = []
    with paused_gc():
        return _read(text, name, problems)


def _syntax_hint(text: str, mark: yaml.Mark | None) -> str:
    r"""The way out of a syntax error: a tab where it stops is named (YAML indents with spaces only).

    Examples:
        >>> _syntax_hint("a:\n\t- b\n", yaml.Mark("f", 0, 1, 0, None, None))
        'a tab character here: YAML indents with spaces only; replace the tab with spaces'
        >>> _syntax_hint("a: [b\n", None)
        'check indentation, colons, quotes and brackets here'
    """
    lines = text.split("\n") if mark is not None else []
    if mark is not None and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
        return "a tab character here: YAML indents with spaces only; replace the tab with spaces"
    return "check indentation, colons, quotes and brackets here"


def _read(text: str, name: str, problems: list[Diagnostic]) -> tuple[Any, list[Diagnostic]]:
    try:
        data = _Builder(text, name, problems).run()
    except _StopError as stop:
        return None, [*problems, stop.found]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or "syntax error"
        if "nesting depth" in what:  # libyaml's own limit (1,000 flow levels), met while scanning ahead
            return None, [
                *problems,
                diagnostic(
                    "yaml-too-deep",
                    f"the document nests more than {MAX_DEPTH} levels deep",
                    source=_source(name, mark),
                    hint="check that this is the file you meant",
                ),
            ]
        if error.context:
            what = f"{what} ({error.context})"
        return None, [
            *problems,
            diagnostic(
                "yaml-syntax",
                f"YAML syntax error: {what}",
                source=_source(name, mark),
                hint=_syntax_hint(text, mark),
            ),
        ]
    except yaml.reader.ReaderError as error:  # a control character the YAML reader refuses
        return None, [
            *problems,
            diagnostic(
                "yaml-syntax",
                f"character U+{error.character:04X} is not allowed in YAML ({error.reason})"
                if isinstance(error.character, int)
                else f"YAML error: {error.reason}",
                source=_position(name, text, error.position),
                hint="remove the character; check that this is a text file",
            ),
        ]
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises the two kinds above
        return None, [
            *problems,
            diagnostic(
                "yaml-syntax", f"YAML error: {error}", source=Source(name, 1, 1), hint="check that this is a text file"
            ),
        ]
    return data, problems


def _position(name: str, text: str, position: int) -> Source:
    """The line and column of character ``position`` of ``text``."""
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return Source(name, line, position - (text.rfind("\n", 0, position) + 1) + 1)


class _Builder:
    """Builds MMap/MList data from PyYAML events with an explicit stack.

    The loop is the hot path of loading (one pass per event, some 200,000
    events for a 10,000-activity portfolio), so it is written flat: events are
    dispatched on their exact class, the open container's state lives in
    local variables, and plain scalars are resolved by their first character
    the way PyYAML's resolver does (most are text and need no regular
    expression at all). The rare cases (merge keys, aliases used as keys,
    errors) leave the fast path.
    """

    def __init__(self, text: str, name: str, problems: list[Diagnostic]) -> None:
        self.loader = _Loader(text)
        self.name = name
        self.problems = problems
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.again: dict[int, tuple[Any, Any]] = {}  # by mapping (id): a key given again and its place, until its value

    def _stop(self, code: str, message: str, mark: Any, hint: str) -> _StopError:
        return _StopError(diagnostic(code, message, source=_source(self.name, mark), hint=hint))

    def _too_many(self, mark: Any, aliases: int) -> _StopError:
        if aliases:
            return self._stop(
                "yaml-too-large",
                f"the document expands to more than {MAX_VALUES:,} values (anchors and aliases)",
                mark,
                "write the values out or use fewer nested aliases",
            )
        return self._stop(
            "yaml-too-large",
            f"the document holds more than {MAX_VALUES:,} values",
            mark,
            "split the portfolio over several files, or check that this is the file you meant",
        )

    def _tagged(self, event: Any, tag: str, *, explicit: bool = False) -> Any:
        """The value of a scalar whose tag is not text: constructed, or refused (see `_SCALAR_TAGS`).

        A plain scalar that only looks like a date or number (``2023-13-45``) stays text: the
        structuring step reports it with its own code. A value written with an explicit tag
        that does not fit it (``!!int x``, ``!!bool maybe``) is a ``yaml-syntax`` error.
        """
        if tag not in _SCALAR_TAGS:
            raise self._refused(tag, event.start_mark, scalar=True)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.yaml_constructors[tag](self.loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, yaml.YAMLError):
            value = node  # a marker: not constructed
        if explicit and (value is node or (tag == _NULL_TAG and not _NULL(event.value))):
            raise self._stop(
                "yaml-syntax",
                f"{reprlib.repr(event.value)} is not a valid {_short(tag)} value",
                event.start_mark,
                f"remove the tag {_short(tag)}, or write a value it takes",
            )
        return event.value if value is node else value

    def _refused(self, tag: str, mark: Any, *, scalar: bool) -> _StopError:
        """The error for a tag a portfolio file cannot use here."""
        if tag in _UNSUPPORTED_TAGS:
            return self._stop("yaml-unsafe", f"the YAML tag {_short(tag)} is not supported in portfolio files", mark,
                              "remove the tag and write a plain list or mapping")
        if tag in _SCALAR_TAGS or tag in _TEXT_TAGS or tag in (_MAP_TAG, _SEQ_TAG):
            what = "a single value" if scalar else "a mapping or list"
            return self._stop("yaml-syntax", f"the YAML tag {_short(tag)} does not fit {what}", mark,
                              f"remove the tag {_short(tag)}")
        return self._stop("yaml-unsafe", f"the YAML tag {tag!r} is not allowed", mark,
                          "remove the tag and write a plain value" if scalar
                          else "remove the tag and write a plain mapping or list")

    def _scalar(self, event: Any) -> Any:
        """The value of a scalar event, as PyYAML's safe loader would construct it."""
        value = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted: text
            resolvers = _RESOLVERS.get(value[:1], ())
            if not resolvers:
                return value  # most plain scalars: text that cannot be anything else
            if _DATE(value) is not None:
                try:
                    return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
                except ValueError:
                    return value
            if _INT(value) is not None:
                try:
                    return int(value)
                except ValueError:  # more digits than Python converts
                    return value
            for candidate, pattern in resolvers:
                if pattern.match(value):
                    tag = candidate
                    break
            else:
                return value
        if tag in _TEXT_TAGS:
            return value
        made = self._tagged(event, tag, explicit=True)
        return WrittenFloat(made, value) if type(made) is float else made  # the text tells 3.400 from 3.4

    def run(self) -> Any:
        """The data of the whole document.

        Long on purpose (issue 13's size rule has this exception): the loop is
        the hot path and keeps the open container's state in local variables;
        split into methods it would pay a call and attribute lookups per event.
        """
        # size: the hot loop over libyaml's events keeps its state in locals; as methods it would pay a call per event (see the docstring).
        loader = self.loader
        get_event = loader.get_event
        name = self.name
        anchors = self.anchors
        scalar_value = self._scalar
        no_key = _NO_KEY
        held = _HELD
        limit = MAX_VALUES
        resolvable = _RESOLVERS
        resolved: dict[str, Any] = {}  # plain scalars resolved to an immutable value (dates repeat in baselines)
        # The open container and its state; the enclosing ones wait on the stack.
        stack: list[tuple[Any, list[Any], bool, int, Any, Any]] = []
        current: Any = None  # MMap or MList, None outside any container
        places: list[Any] = []  # `current`'s places as read (MMap.raw_places, MList.raw_items)
        is_map = False
        begun = 0  # the count of values before `current` (so it holds `values - begun`, itself included)
        anchor: Any = None  # `current`'s anchor
        key: Any = no_key  # the key waiting for its value (in a mapping)
        depth = 0
        values = 0
        aliases = 0
        documents = 0
        root: Any = None
        try:
            while True:
                event = get_event()
                kind = type(event)
                if kind is _ScalarEvent:
                    if is_map and key is no_key:  # a key: kept as written (see _key_text)
                        text = event.value
                        tag = event.tag
                        if tag is not None and tag != "!":
                            scalar_value(event)  # refuses an unsafe tag, or a value that does not fit its tag
                        values += 1
                        if values > limit:
                            raise self._too_many(event.start_mark, aliases)
                        if event.anchor:
                            anchors[event.anchor] = (scalar_value(event), 1)
                        key_mark = event.start_mark  # made a Source when asked for (MMap.key_marks)
                        if (text == "<<" or tag is not None) and self._is_merge_key(event):
                            key = held
                            continue
                        if text in current:  # given before (or merged): its value goes where the first stood
                            key = self._again(current, text, key_mark)
                            continue
                        places.append(key_mark)
                        key = text
                        continue
                    value = event.value
                    tag = event.tag
                    if tag is None and (not event.implicit[0] or (value and value[0] not in resolvable)):
                        pass  # text: quoted, or plain and it cannot be anything else (the usual case)
                    elif tag is None and value in resolved:  # a plain scalar met before in this file (dates, 10d)
                        value = resolved[value]
                    else:
                        value = scalar_value(event)
                        if tag is None and type(value) in _SHAREABLE:
                            resolved[event.value] = value
                    values += 1
                    if values > limit:
                        raise self._too_many(event.start_mark, aliases)
                    if event.anchor:
                        anchors[event.anchor] = (value, 1)
                    value_mark = event.start_mark  # made a Source when asked for (MMap.value_marks, MList.item_marks)
                elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                    opens_map = kind is _MappingStartEvent
                    mark = event.start_mark
                    if event.tag not in (None, "!", _MAP_TAG if opens_map else _SEQ_TAG):
                        raise self._refused(event.tag, mark, scalar=False)
                    if depth >= MAX_DEPTH:
                        raise self._stop(
                            "yaml-too-deep",
                            f"the document nests more than {MAX_DEPTH} levels deep",
                            mark,
                            "check that this is the file you meant",
                        )
                    values += 1
                    if values > limit:
                        raise self._too_many(mark, aliases)
                    if current is not None:
                        stack.append((current, places, is_map, begun, anchor, key))
                    if opens_map:
                        current = MMap(mark, name)
                        places = current.raw_places
                    else:
                        current = MList(mark, name)
                        places = current.raw_items
                    is_map = opens_map
                    begun = values - 1
                    anchor = event.anchor
                    key = no_key
                    depth += 1
                    continue
                elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                    value = current
                    if anchor:
                        anchors[anchor] = (value, values - begun)
                    value_mark = value._at  # made a Source when asked for, as a scalar's
                    depth -= 1
                    if stack:
                        current, places, is_map, begun, anchor, key = stack.pop()
                    else:
                        current, is_map = None, False
                    if is_map and key is no_key:
                        raise _StopError(_container_key(value))
                elif kind is _AliasEvent:
                    mark = event.start_mark
                    if event.anchor not in anchors:
                        raise self._stop(
                            "yaml-syntax",
                            f"alias *{event.anchor} has no anchor",
                            mark,
                            f"define '&{event.anchor}' before this line, or correct the alias name",
                        )
                    value, added = anchors[event.anchor]
                    aliases += 1
                    values += added
                    if values > limit:
                        raise self._too_many(mark, aliases)
                    if isinstance(value, (MMap, MList)):
                        value_mark = value._at
                        if is_map and key is no_key:
                            raise _StopError(_container_key(value))
                    else:
                        value_mark = mark
                        if is_map and key is no_key:
                            key = _key_text(value)
                            if key in current:
                                key = self._again(current, key, value_mark)
                            else:
                                places.append(value_mark)
                            continue
                elif kind is _DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self._stop(
                            "multiple-documents",
                            "the file holds more than one YAML document",
                            event.start_mark,
                            "put each document in a file of its own",
                        )
                    continue
                elif kind is _StreamEndEvent:
                    break
                else:  # stream start, document end
                    continue
                # `value` is complete: add it to the open container.
                if current is None:
                    root = value
                elif not is_map:
                    current.append(value)
                    places.append(value_mark)
                elif key is held:  # the value of a merge key, or of a key given again
                    self._held(current, value, value_mark)
                    key = no_key
                else:
                    current[key] = value
                    places.append(value_mark)
                    key = no_key
        except RecursionError:  # pragma: no cover - the reader has no recursion, but be safe
            raise _StopError(
                diagnostic("yaml-too-deep", "the document nests too deeply", source=Source(self.name))
            ) from None
        finally:
            loader.dispose()
        return root

    def _again(self, parent: MMap, key: Any, key_mark: Any) -> Any:
        """A key of ``parent`` comes again: report it, unless it came in through a merge key.

        Returns:
            `_HELD`: `_held` puts its value and places where the first ones stood (as a dict keeps a key's
            first position).
        """
        self.again[id(parent)] = (key, key_mark)  # its value may be a mapping with keys given again
        merged = parent.merged
        if isinstance(merged, set) and key in merged:  # a frozenset: none came through a merge key
            merged.discard(key)
            return _HELD
        first = as_source(self.name, parent.raw_places[2 * _position_of(parent, key)])
        self.problems.append(
            diagnostic(
                "duplicate-key",
                f"key {key!r} is given twice (first on line {first.line})",
                source=as_source(self.name, key_mark),
                hint="remove or rename one of them",
            )
        )
        return _HELD

    def _held(self, parent: MMap, value: Any, value_mark: Any) -> None:
        """The value of a merge key (see `_merge`), or of a key given again (see `_again`)."""
        again = self.again.pop(id(parent), None)
        if again is None:
            self._merge(parent, value, value_mark)
            return
        key, key_mark = again
        parent[key] = value
        index = 2 * _position_of(parent, key)
        parent.raw_places[index : index + 2] = [key_mark, value_mark]

    def _merge(self, parent: MMap, value: Any, value_mark: Any) -> None:
        """Merge a mapping (or a list of mappings) into ``parent``; keys already there win."""
        for merged in value if isinstance(value, MList) else [value]:
            if not isinstance(merged, MMap):
                self.problems.append(
                    diagnostic(
                        "wrong-type",
                        "a merge key '<<' takes a mapping or a list of mappings",
                        source=as_source(self.name, value_mark),
                        hint="merge an anchored mapping: '<<: *defaults'",
                    )
                )
                break
            keys = parent.merged
            if not isinstance(keys, set):
                keys = parent.merged = set()
            key_places, value_places, places = merged._read(0), merged._read(1), parent.raw_places
            for k, v in merged.items():
                if k not in parent:
                    parent[k] = v
                    places.append(key_places.get(k, merged.mark))
                    places.append(value_places.get(k, merged.mark))
                    keys.add(k)

    def _is_merge_key(self, event: Any) -> bool:
        """True for a plain ``<<`` key, or any key tagged ``!!merge``: YAML's merge key."""
        if event.tag == _MERGE_TAG:
            return True
        if event.value != "<<" or event.tag not in (None, "!"):
            return False
        return bool(self.loader.resolve(yaml.ScalarNode, event.value, event.implicit) == _MERGE_TAG)


def record_maker(cls: type[_R], order: tuple[str, ...] | None = None) -> Callable[..., _R]:
    """A faster constructor of the frozen attrs record ``cls``: every field given, positionally.

    attrs' frozen ``__init__`` sets each field through ``object.__setattr__``;
    this sets the slots directly, which takes about two thirds of the time
    (measured with ``timeit``: ``Source(...)`` 860 ns, this 571 ns; a
    ``Relation`` 1.56 µs, this 0.98 µs). The loader makes a few hundred
    thousand records of a few kinds (places, activities, relations): at
    50,000 activities this is 0.2-0.3 s of a cold load. Only for a plain
    record (slots, frozen, no validator, converter, ``init=False`` field or
    ``__attrs_post_init__``); any other class gets its own constructor
    called with keywords. ``tests/test_record_maker.py`` checks that the
    records it makes are equal to the constructor's in every respect.

    Args:
        cls: a frozen attrs class with slots.
        order: the names of all its fields in the order ``make`` takes them (by default the class's order).

    Returns:
        ``make(*values)``: the record whose fields are ``values``.

    Raises:
        ValueError: ``order`` does not name every field once.

    Examples:
        >>> make = record_maker(Source)
        >>> make("p.yaml", 3, 7) == Source("p.yaml", 3, 7)
        True
    """
    fields = attrs.fields(cast(Any, cls))
    names = list(order) if order is not None else [field.name for field in fields]
    if sorted(names) != sorted(field.name for field in fields):
        raise ValueError(f"{cls.__name__} has the fields {[f.name for f in fields]}, not {names}")
    if not _plain_record(cls):

        def keywords(*values: Any) -> _R:
            return cls(**dict(zip(names, values, strict=True)))

        return keywords
    # Generated as attrs makes its own __init__: the text holds numbered names only (v0, s0, ...), nothing read.
    args = ", ".join(f"v{index}" for index in range(len(names)))
    body = "".join(f"    s{index}(o, v{index})\n" for index in range(len(names)))
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    scope.update({f"s{index}": getattr(cls, name).__set__ for index, name in enumerate(names)})
    exec(f"def make({args}):\n    o = new(cls)\n{body}    return o\n", scope)
    made: Callable[..., _R] = scope["make"]
    return made


def _plain_record(cls: type) -> bool:
    """Whether `record_maker` may set the slots of ``cls`` directly: a frozen attrs class with slots, every field
    set by ``__init__`` as given (no validator, converter, ``init=False`` field, pre- or post-init hook)."""
    fields = attrs.fields(cls)
    names = {field.name for field in fields}
    slots = set(getattr(cls, "__slots__", ()))
    return (
        all(f.init and f.validator is None and f.converter is None for f in fields)
        and names <= slots <= {*names, "__weakref__"}
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and getattr(cls, "__setattr__", None) is not object.__setattr__  # frozen
    )


def _source_maker() -> Callable[[str, int, int], Source]:
    """A faster ``Source(file, line, column)``: the reader makes one per value read (see `record_maker`).

    Why it stays (issue 13 asked): a 50,000-activity portfolio makes about
    1.15 million marks, so the difference is 0.3 s of a cold load. ``Source``
    is the model's frozen attrs class (its ``repr``, its ``==`` with other
    records, its place in the load cache), so it cannot become a NamedTuple
    (513 ns) here; this keeps most of the gain. The plain constructor is used
    if ``Source`` ever changes shape; ``tests/test_yaml_reader_pinned.py``
    pins both.
    """
    if not _plain_record(Source):  # pragma: no cover - Source has changed shape
        return Source
    make = record_maker(Source)
    try:
        same = make("f", 1, 2) == Source("f", 1, 2)
    except (AttributeError, TypeError):  # pragma: no cover - Source has changed
        same = False
    return make if same else Source


_new_source: Final = _source_maker()
_NO_KEY: Final = object()
_NONE_MERGED: Final[AbstractSet[Any]] = frozenset()
"""`MMap.merged` of a mapping without merged keys: one shared empty set rather than a new one per mapping."""
_HELD: Final = object()
"""The key of a value `_Builder._held` adds: a merge key's (``<<``), or a key's given again."""

_ScalarEvent: Final = yaml.ScalarEvent
_AliasEvent: Final = yaml.AliasEvent
_MappingStartEvent: Final = yaml.MappingStartEvent
_MappingEndEvent: Final = yaml.MappingEndEvent
_SequenceStartEvent: Final = yaml.SequenceStartEvent
_SequenceEndEvent: Final = yaml.SequenceEndEvent
_DocumentStartEvent: Final = yaml.DocumentStartEvent
_StreamEndEvent: Final = yaml.StreamEndEvent

_SHAREABLE: Final = frozenset((str, dt.date, int, bool, type(None)))
"""Immutable values a plain scalar may resolve to: one object serves every place that writes the same text (text too:
``10d`` starts like a number and is tried as four kinds of number before it is text)."""
_TEXT_TAGS: Final = frozenset((_STR_TAG, _MERGE_TAG, _VALUE_TAG))
"""Tags whose value is the text itself (plain ``<<`` and ``=`` as values are just text)."""
_NULL_TAG: Final = "tag:yaml.org,2002:null"
_SCALAR_TAGS: Final = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp"))
"""Scalar tags constructed as PyYAML's safe loader does (the ones plain scalars resolve to)."""
_UNSUPPORTED_TAGS: Final = frozenset(f"tag:yaml.org,2002:{name}" for name in ("binary", "set", "omap", "pairs"))
"""Standard tags that are safe but mean nothing in a portfolio file: refused with a hint."""


def _short(tag: str) -> str:
    """``tag:yaml.org,2002:int`` as written: ``!!int``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else repr(tag)


def _resolvers() -> dict[str, tuple[tuple[str, Any], ...]]:
    """The loader's implicit resolvers by first character (``""`` for the empty scalar).

    The same lists, in the same order, that ``BaseResolver.resolve`` tries; a
    plain scalar whose first character has none is text without a look at
    any regular expression. Why it stays (issue 13 asked): on the 188,000
    plain scalars of the 10,000-activity benchmark portfolio, PyYAML's
    ``resolve`` takes 0.30 s and this path 0.14 s, and dates and decimal
    integers are then built without a constructor call.
    ``tests/test_yaml_reader_pinned.py`` checks with Hypothesis that every
    plain scalar gets the value PyYAML's ``SafeLoader`` gives it.
    """
    table: dict[Any, list[tuple[str, Any]]] = _Loader.yaml_implicit_resolvers
    if _Loader.yaml_path_resolvers or None in table:  # pragma: no cover - the safe loaders have neither
        raise RuntimeError("the YAML reader supports neither path resolvers nor wildcard implicit resolvers")
    return {first: tuple(found) for first, found in table.items()}


_RESOLVERS: Final = _resolvers()
_NULL: Final = re.compile(r"(?:~|null|Null|NULL|)\Z").match
"""What an explicit ``!!null`` may hold (its constructor takes anything): the null resolver's forms."""
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z").match
"""A plain ``YYYY-MM-DD``: resolved to a date directly (the timestamp resolver would match it and the constructor would
build exactly this date).
"""
_INT: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z").match
"""A plain decimal integer without underscores: resolved to ``int`` directly (as the int resolver and constructor would;
``0``-prefixed ones are octal there).
"""


def _position_of(mapping: MMap, key: Any) -> int:
    """The position of ``key`` among the keys of ``mapping`` (for the rare key given again)."""
    for position, known in enumerate(mapping):
        if known == key:
            return position
    raise KeyError(key)  # pragma: no cover - called for keys of the mapping only


def _container_key(value: Any) -> Diagnostic:
    return diagnostic(
        "wrong-type",
        "a mapping key must be a plain value, not a " + ("mapping" if isinstance(value, MMap) else "list"),
        source=value.mark,
        hint="write keys as plain names such as 'id' or 'digipoort.cutover'",
    )


def _key_text(value: Any) -> str:
    """YAML keys such as ``2023-08-31`` or ``yes`` become text: ids and dates are keys here."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
