"""The places the YAML reader keeps, held to PyYAML's composer (an independent reading of the same text).

The reader keeps each key's and value's place in one list per mapping and makes the
``key_marks`` / ``value_marks`` dictionaries when asked; a key given again keeps its
first position (as a dict does) with the places of its last writing. PyYAML's
``compose`` gives every key and value node with its own start mark: the expected
places, positions and duplicate-key messages follow from it.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.io._yaml_reader import MList, MMap, read_yaml_text
from portfolio.model import Source

FILE = "p.yaml"

_SCALARS = st.sampled_from(["x", "y1", "one two", "7", "2024-01-31", "'quoted'", '"dq"'])
_KEYS = st.sampled_from(["a", "b", "c"])  # few, so that keys come again

_NODES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda items: ("list", items)),
        st.lists(st.tuples(_KEYS, inner), min_size=1, max_size=4).map(lambda pairs: ("map", pairs)),
    ),
    max_leaves=12,
)


def _block(node: Any, indent: int) -> list[str]:
    """``node`` written in block style, one line per scalar."""
    pad = " " * indent
    kind, parts = node
    lines: list[str] = []
    for part in parts:
        head, child = (f"{pad}{part[0]}:", part[1]) if kind == "map" else (f"{pad}-", part)
        if isinstance(child, str):
            lines.append(f"{head} {child}")
        else:
            lines.append(head)
            lines.extend(_block(child, indent + 2))
    return lines


def _flow(node: Any) -> str:
    if isinstance(node, str):
        return node
    kind, parts = node
    if kind == "list":
        return "[" + ", ".join(_flow(part) for part in parts) + "]"
    return "{" + ", ".join(f"{key}: {_flow(value)}" for key, value in parts) + "}"


def _at(mark: Any) -> Source:
    return Source(FILE, mark.line + 1, mark.column + 1)


def _expected(node: yaml.Node, problems: list[str]) -> Any:
    """The places the reader should keep for ``node``, as plain data; duplicate-key messages into ``problems``."""
    if isinstance(node, yaml.ScalarNode):
        return None
    if isinstance(node, yaml.SequenceNode):
        return ("list", _at(node.start_mark), [_at(item.start_mark) for item in node.value],
                [_expected(item, problems) for item in node.value])
    keys: dict[str, Source] = {}
    values: dict[str, Source] = {}
    children: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key in keys:
            problems.append(f"key {key!r} is given twice (first on line {keys[key].line})")
        keys[key] = _at(key_node.start_mark)  # a dict keeps the first position, the last writing
        values[key] = _at(value_node.start_mark)
        children[key] = _expected(value_node, problems)
    return ("map", _at(node.start_mark), keys, values, children)


def _kept(data: Any) -> Any:
    """The places the reader kept, in the shape of `_expected` (orders included: dicts compare without)."""
    if isinstance(data, MList):
        return ("list", data.mark, list(data.item_marks), [_kept(item) for item in data])
    if isinstance(data, MMap):
        assert list(data.key_marks) == list(data) == list(data.value_marks)
        for key in data:
            assert data.value_mark(key, Source("elsewhere")) == data.value_marks[key]
        return ("map", data.mark, dict(data.key_marks), dict(data.value_marks),
                {key: _kept(value) for key, value in data.items()})
    return None


@settings(max_examples=300, deadline=None)
@given(_NODES.filter(lambda node: not isinstance(node, str)), st.booleans())
def test_places_are_those_of_pyyamls_composer(node: Any, flow: bool) -> None:
    text = (_flow(node) if flow else "\n".join(_block(node, 0))) + "\n"
    problems: list[str] = []
    expected = _expected(yaml.compose(text, Loader=yaml.SafeLoader), problems)
    data, found = read_yaml_text(text, FILE)
    assert _kept(data) == expected, text
    assert [(d.code, d.message) for d in found] == [("duplicate-key", message) for message in problems], text


def test_a_key_given_again_whose_value_gives_keys_again() -> None:
    text = "a: 1\nb: 0\na:\n  b: 1\n  c: 3\n  b: 2\n"
    data, found = read_yaml_text(text, FILE)
    assert list(data) == ["a", "b"]
    assert data.key_marks == {"a": Source(FILE, 3, 1), "b": Source(FILE, 2, 1)}
    assert data.value_marks == {"a": Source(FILE, 4, 3), "b": Source(FILE, 2, 4)}
    inner = data["a"]
    assert inner == {"b": 2, "c": 3}
    assert list(inner.key_marks.items()) == [("b", Source(FILE, 6, 3)), ("c", Source(FILE, 5, 3))]
    assert [(d.message, d.source) for d in found] == [
        ("key 'a' is given twice (first on line 1)", Source(FILE, 3, 1)),
        ("key 'b' is given twice (first on line 4)", Source(FILE, 6, 3)),
    ]


def test_merged_keys_take_the_places_of_the_merged_mapping_and_lose_them_when_written() -> None:
    text = "x: &d {p: 1, q: 2}\ny:\n  <<: *d\n  p: 5\n  r: 6\n"
    data, found = read_yaml_text(text, FILE)
    merged = data["y"]
    assert list(merged.items()) == [("p", 5), ("q", 2), ("r", 6)]
    assert merged.key_marks == {"p": Source(FILE, 4, 3), "q": Source(FILE, 1, 14), "r": Source(FILE, 5, 3)}
    assert merged.value_marks == {"p": Source(FILE, 4, 6), "q": Source(FILE, 1, 17), "r": Source(FILE, 5, 6)}
    assert merged.merged == {"q"}
    assert found == []


def test_an_alias_as_key_given_again() -> None:
    data, found = read_yaml_text("k: &t key\n*t : 1\n*t : 2\n", FILE)
    assert data == {"k": "key", "key": 2}
    assert data.key_marks["key"] == Source(FILE, 3, 1)
    assert data.value_marks["key"] == Source(FILE, 3, 6)
    assert [d.message for d in found] == ["key 'key' is given twice (first on line 2)"]


def test_a_mapping_made_with_its_items_has_no_places() -> None:
    made = MMap(Source(FILE, 2, 3))
    made.update({"start": 1, "finish": 2})
    assert made.key_marks == {}
    assert made.value_marks == {}
    assert made.value_mark("start", made.mark) == Source(FILE, 2, 3)
