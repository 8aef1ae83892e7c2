"""Read one YAML file into plain data that remembers where each value stood.

PyYAML's safe composer is recursive and expands aliases naively, so a hostile
file can exhaust the stack or the memory. This reader builds the data itself
from PyYAML's event stream, without recursion, with limits on depth, on the
number of values an alias expansion may reach, and on the file size. It
never raises on user data: every problem becomes a :class:`Diagnostic`.

>>> data, problems = read_yaml_text("services:\\n  - id: digid\\n", "p.yaml")
>>> data["services"][0]["id"], problems
('digid', [])
>>> data["services"].item_marks[0]
Source(file='p.yaml', line=2, column=5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import yaml

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Source

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_VALUES", "MList", "MMap", "read_yaml_file", "read_yaml_text"]

MAX_BYTES: Final = 16 * 1024 * 1024
MAX_DEPTH: Final = 100
MAX_VALUES: Final = 1_000_000

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MAP_TAG: Final = "tag:yaml.org,2002:map"
_SEQ_TAG: Final = "tag:yaml.org,2002:seq"
_STR_TAG: Final = "tag:yaml.org,2002:str"
#: Plain ``<<`` and ``=`` resolve to these tags; as values they are just text.
_MERGE_TAG: Final = "tag:yaml.org,2002:merge"
_VALUE_TAG: Final = "tag:yaml.org,2002:value"


class MMap(dict[Any, Any]):
    """A mapping that remembers its own place, its keys' places and its values' places."""

    __slots__ = ("key_marks", "mark", "merged", "value_marks")

    def __init__(self, mark: Source) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, Source] = {}
        self.value_marks: dict[Any, Source] = {}
        self.merged: set[Any] = set()  #: keys that came in through a merge key '<<'



class MList(list[Any]):
    """A list that remembers its own place and its items' places."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Source) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Source] = []


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
    """Read a YAML file; ``display`` is the file name used in messages."""
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [_too_large(name, size)]
        raw = path.read_bytes()
    except OSError as error:
        return None, [
            diagnostic(
                "io-error",
                f"cannot read {name}: {error.strerror or error}",
                source=Source(name),
                hint="check that the file exists, is readable and is not a broken or looping link",
            )
        ]
    return read_yaml_bytes(raw, name)


def _too_large(name: str, size: int) -> Diagnostic:
    return diagnostic(
        "file-too-large",
        f"{name} is {size:,} bytes; the limit is {MAX_BYTES:,}",
        source=Source(name, 1, 1),
        hint="split it into several files (every file may hold any section), or check it is the file you meant",
    )


def read_yaml_bytes(raw: bytes, name: str) -> tuple[Any, list[Diagnostic]]:
    """Decode UTF-8 (refusing binary data and other encodings) and read the YAML."""
    if len(raw) > MAX_BYTES:
        return None, [_too_large(name, len(raw))]
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
                hint="check indentation, colons, quotes and brackets here",
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
    """Builds MMap/MList data from PyYAML events with an explicit stack."""

    def __init__(self, text: str, name: str, problems: list[Diagnostic]) -> None:
        self.loader = _Loader(text)
        self.name = name
        self.problems = problems
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.values = 0
        self.aliases = 0

    def _count(self, n: int, mark: Any) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise _StopError(
                diagnostic(
                    "yaml-too-large",
                    f"the document expands to more than {MAX_VALUES:,} values (anchors and aliases)",
                    source=_source(self.name, mark),
                    hint="write the values out or use fewer nested aliases",
                )
                if self.aliases
                else diagnostic(
                    "yaml-too-large",
                    f"the document holds more than {MAX_VALUES:,} values",
                    source=_source(self.name, mark),
                    hint="split the portfolio over several files, or check that this is the file you meant",
                )
            )

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag in (_STR_TAG, _MERGE_TAG, _VALUE_TAG):
            return event.value
        constructor: Callable[[Any, Any], Any] | None = self.loader.yaml_constructors.get(tag)
        if constructor is None:
            raise _StopError(
                diagnostic(
                    "yaml-unsafe",
                    f"the YAML tag {tag!r} is not allowed",
                    source=_source(self.name, event.start_mark),
                    hint="remove the tag and write a plain value",
                )
            )
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor(self.loader, node)
        except (ValueError, TypeError, yaml.YAMLError):
            # e.g. 2023-13-45 looks like a date but is none: keep the text, the
            # structuring step reports it with its own code.
            return event.value

    def run(self) -> Any:
        loader = self.loader
        stack: list[tuple[Any, int, Any]] = []  # (container, size so far, pending key)
        root: Any = None
        documents = 0
        try:
            while True:
                event = loader.get_event()
                if event is None or isinstance(event, yaml.StreamEndEvent):
                    break
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise _StopError(
                            diagnostic(
                                "multiple-documents",
                                "the file holds more than one YAML document",
                                source=_source(self.name, event.start_mark),
                                hint="put each document in a file of its own",
                            )
                        )
                    continue
                if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                    continue
                mark = event.start_mark
                value: Any
                size = 1
                if isinstance(event, yaml.AliasEvent):
                    if event.anchor not in self.anchors:
                        raise _StopError(
                            diagnostic(
                                "yaml-syntax",
                                f"alias *{event.anchor} has no anchor",
                                source=_source(self.name, mark),
                                hint=f"define '&{event.anchor}' before this line, or correct the alias name",
                            )
                        )
                    value, size = self.anchors[event.anchor]
                    self.aliases += 1
                    self._count(size, mark)
                elif isinstance(event, yaml.ScalarEvent):
                    value = self._scalar(event)
                    self._count(1, mark)
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1)
                elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    is_map = isinstance(event, yaml.MappingStartEvent)
                    if event.tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
                        raise _StopError(
                            diagnostic(
                                "yaml-unsafe",
                                f"the YAML tag {event.tag!r} is not allowed",
                                source=_source(self.name, mark),
                                hint="remove the tag and write a plain mapping or list",
                            )
                        )
                    if len(stack) >= MAX_DEPTH:
                        raise _StopError(
                            diagnostic(
                                "yaml-too-deep",
                                f"the document nests more than {MAX_DEPTH} levels deep",
                                source=_source(self.name, mark),
                                hint="check that this is the file you meant",
                            )
                        )
                    self._count(1, mark)
                    container: Any = MMap(_source(self.name, mark)) if is_map else MList(_source(self.name, mark))
                    stack.append((container, 1, (event.anchor, _NO_KEY)))
                    continue
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    value, size, (anchor, _pending) = stack.pop()
                    if anchor:
                        self.anchors[anchor] = (value, size)
                    mark = None  # the container's own mark is already on it
                else:  # pragma: no cover - PyYAML has no other events
                    continue
                if not stack:
                    root = value
                    continue
                self._add(stack, value, size, event)
        except RecursionError:  # pragma: no cover - the reader has no recursion, but be safe
            raise _StopError(
                diagnostic("yaml-too-deep", "the document nests too deeply", source=Source(self.name))
            ) from None
        finally:
            loader.dispose()
        return root

    def _add(self, stack: list[tuple[Any, int, Any]], value: Any, size: int, event: Any) -> None:
        parent, parent_size, (anchor, pending) = stack[-1]
        value_mark = value.mark if isinstance(value, (MMap, MList)) else _source(self.name, event.start_mark)
        if isinstance(parent, MList):
            parent.append(value)
            parent.item_marks.append(value_mark)
            stack[-1] = (parent, parent_size + size, (anchor, pending))
            return
        if pending is _NO_KEY:  # this value is a key
            if isinstance(value, (MMap, MList)):
                raise _StopError(
                    diagnostic(
                        "wrong-type",
                        "a mapping key must be a plain value, not a "
                        + ("mapping" if isinstance(value, MMap) else "list"),
                        source=value_mark,
                        hint="write keys as plain names such as 'id' or 'digipoort.cutover'",
                    )
                )
            if self._is_merge_key(event):
                stack[-1] = (parent, parent_size, (anchor, (_MERGE, value_mark)))
                return
            # Keys are ids, names and dates here: keep the text as written
            # (so a key `on` or `2023-08-31` stays that text).
            value = event.value if isinstance(event, yaml.ScalarEvent) else _key_text(value)
            if value in parent.key_marks and value not in parent.merged:
                first = parent.key_marks[value]
                self.problems.append(
                    diagnostic(
                        "duplicate-key",
                        f"key {value!r} is given twice (first on line {first.line})",
                        source=value_mark,
                        hint="remove or rename one of them",
                    )
                )
            parent.key_marks[value] = value_mark
            parent.merged.discard(value)
            stack[-1] = (parent, parent_size, (anchor, (value, value_mark)))
            return
        key, _key_mark = pending
        if key is _MERGE:
            for merged in value if isinstance(value, MList) else [value]:
                if not isinstance(merged, MMap):
                    self.problems.append(
                        diagnostic(
                            "wrong-type",
                            "a merge key '<<' takes a mapping or a list of mappings",
                            source=value_mark,
                            hint="merge an anchored mapping: '<<: *defaults'",
                        )
                    )
                    break
                for k, v in merged.items():
                    if k not in parent:
                        parent[k] = v
                        parent.key_marks[k] = merged.key_marks.get(k, merged.mark)
                        parent.value_marks[k] = merged.value_marks.get(k, merged.mark)
                        parent.merged.add(k)
        else:
            parent[key] = value
            parent.value_marks[key] = value_mark
        stack[-1] = (parent, parent_size + size, (anchor, _NO_KEY))


    def _is_merge_key(self, event: Any) -> bool:
        """True for a plain ``<<`` key: YAML's merge key."""
        if not isinstance(event, yaml.ScalarEvent) or event.value != "<<" or event.tag not in (None, "!"):
            return False
        return bool(self.loader.resolve(yaml.ScalarNode, event.value, event.implicit) == _MERGE_TAG)


_NO_KEY: Final = object()
_MERGE: Final = object()


def _key_text(value: Any) -> str:
    """YAML keys such as ``2023-08-31`` or ``yes`` become text: ids and dates are keys here."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
