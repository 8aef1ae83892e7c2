"""YAML's tags and key forms: each works as documented or is a located diagnostic, never an exception.

The supported forms (see the reliability docs):

- the standard scalar tags ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!timestamp``
  give the value PyYAML's safe loader gives; a value that does not fit its tag (``!!int x``) is
  ``yaml-syntax`` at its place; ``!!seq`` and ``!!map`` on a list or mapping change nothing;
- ``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``, custom tags (``!foo``, ``%TAG`` handles) and
  Python tags are ``yaml-unsafe``; a scalar tag on a collection (or the reverse) is ``yaml-syntax``;
- merge keys ``<<:`` (and ``!!merge`` keys) merge a mapping or a list of mappings, keys already
  present win; anything else to merge is ``wrong-type``;
- anchors and aliases work on values and on keys; a complex key ``? a`` is the plain key ``a``;
  a list or mapping as a key (``? [a, b]``) is ``wrong-type``.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.io import load
from portfolio.io._yaml_reader import read_yaml_text
from strategies import VALID


def read(text: str) -> tuple[Any, list[tuple[str, int, int]]]:
    data, problems = read_yaml_text(text, "p.yaml")
    return data, [(d.code, d.source.line if d.source else 0, d.source.column if d.source else 0) for d in problems]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!timestamp 2023-08-31\n", dt.date(2023, 8, 31)),
        ("a: !!timestamp 2023-08-31T10:00:00Z\n", dt.datetime(2023, 8, 31, 10, tzinfo=dt.UTC)),
        ("a: !!str 12\n", "12"),
        ("a: !!int 12\n", 12),
        ("a: !!int 0x1F\n", 31),
        ("a: !!float 1.5\n", 1.5),
        ("a: !!float 2\n", 2.0),
        ("a: !!bool yes\n", True),
        ("a: !!null ~\n", None),
        ("a: !!null\n", None),
        ("a: !<tag:yaml.org,2002:str> 12\n", "12"),
        ("a: ! 12\n", 12),  # PyYAML resolves a plain scalar under '!' as if untagged
        ("a: !!seq [1, 2]\n", [1, 2]),
        ("a: !!map {x: 1}\n", {"x": 1}),
    ],
)
def test_standard_tags_give_the_safe_loaders_value(text: str, value: Any) -> None:
    """A value with a standard tag it fits is what PyYAML's safe loader makes of it."""
    import yaml  # noqa: PLC0415 - the independent reference

    data, problems = read(text)
    assert ([], value) == (problems, data["a"])
    assert yaml.safe_load(text)["a"] == data["a"]


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("x: 1\na: !!timestamp nope\n", "yaml-syntax", 2, 4),
        ("x: 1\na: !!timestamp 2023-13-45\n", "yaml-syntax", 2, 4),
        ("a: !!int x\n", "yaml-syntax", 1, 4),
        ("a: !!int " + "9" * 5000 + "\n", "yaml-syntax", 1, 4),
        ("a: !!float x\n", "yaml-syntax", 1, 4),
        ("a: !!bool maybe\n", "yaml-syntax", 1, 4),
        ("a: !!null x\n", "yaml-syntax", 1, 4),
        ("a: !!seq x\n", "yaml-syntax", 1, 4),
        ("a: !!map x\n", "yaml-syntax", 1, 4),
        ("a: !!str [1]\n", "yaml-syntax", 1, 4),
        ("a: !!int {x: 1}\n", "yaml-syntax", 1, 4),
        ("a: !!binary aGVsbG8=\n", "yaml-unsafe", 1, 4),
        ("a: !!set {x, y}\n", "yaml-unsafe", 1, 4),
        ("a: !!set x\n", "yaml-unsafe", 1, 4),
        ("a: !!omap [x: 1]\n", "yaml-unsafe", 1, 4),
        ("a: !!pairs [x: 1]\n", "yaml-unsafe", 1, 4),
        ("a: !foo bar\n", "yaml-unsafe", 1, 4),
        ("a: !foo {x: 1}\n", "yaml-unsafe", 1, 4),
        ("%TAG !e! tag:example.com,2000:\n---\na: !e!x y\n", "yaml-unsafe", 3, 4),
        ("!!int x: y\n", "yaml-syntax", 1, 1),
        ("!!binary aGVsbG8=: y\n", "yaml-unsafe", 1, 1),
        ("!foo x: y\n", "yaml-unsafe", 1, 1),
        ("? [a, b]\n: 1\n", "wrong-type", 1, 3),
        ("? {a: 1}\n: 1\n", "wrong-type", 1, 3),
        ("a: {<<: x}\n", "wrong-type", 1, 9),
    ],
)
def test_forms_that_give_a_located_diagnostic(text: str, code: str, line: int, column: int) -> None:
    """A tag a value does not fit, an unsupported or custom tag, a collection key: one diagnostic at its place."""
    _data, problems = read(text)
    assert [(code, line, column)] == problems


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("? a\n: 1\n", {"a": 1}),
        ("b: &b {x: 1, y: 1}\na:\n  <<: *b\n  y: 2\n", {"b": {"x": 1, "y": 1}, "a": {"x": 1, "y": 2}}),
        ("b: &b {x: 1}\nc: &c {y: 1}\na: {<<: [*b, *c]}\n", {"b": {"x": 1}, "c": {"y": 1}, "a": {"x": 1, "y": 1}}),
        ("b: &b {x: 1}\na: {!!merge <<: *b}\n", {"b": {"x": 1}, "a": {"x": 1}}),
        ("&k a: 1\nb: {*k : 2}\n", {"a": 1, "b": {"a": 2}}),
        ("!!timestamp 2023-01-01: x\n", {"2023-01-01": "x"}),
        ("!!str 5: x\n", {"5": "x"}),
        ("a: !!merge <<\n", {"a": "<<"}),  # as a value, '<<' is text (PyYAML has no constructor for it)
    ],
)
def test_key_forms_that_work(text: str, data: Any) -> None:
    """Complex plain keys, merge keys (plain or tagged) and anchored keys work; keys stay as written."""
    assert (data, []) == read(text)


# -- any document with these forms: no exception escapes load(), every diagnostic is located -------

_VALUE_FORMS = [
    "!!timestamp {v}", "!!timestamp 2023-08-31", "!!timestamp 2023-08-31T10:00:00Z", "!!str {v}", "!!int {v}",
    "!!float {v}", "!!bool {v}", "!!null {v}", "!!null", "!!binary aGVsbG8=", "!!set {{{v}, b}}", "!!omap [{v}: 1]",
    "!!pairs [{v}: 1]", "!!seq [{v}]", "!!map {{k: {v}}}", "!!merge {v}", "!foo {v}", "&anchor {v}", "*anchor",
    "!<tag:yaml.org,2002:str> {v}", "! {v}", "{{<<: {{k: {v}}}}}", "{{? {v} : 1}}", "[{v}, !!int 1]",
    "!!python/name:os.system", "!!float .inf", "!!int 99999999999999999999999999",
]
_KEY_FORMS = [
    "? {k} ", "&key {k}", "!!str {k}", "!!timestamp {k}", "!!int {k}", "!!merge {k}", "<<", "!foo {k}",
    "? [{k}, b] ", "? {{{k}: 1}} ", "*key ",
]
_TOP_LINES = [
    "? a\n: 1", "? [a, b]\n: 1", "<<: {portfolio: {name: X}}", "!!merge <<: {a: 1}", "&top x_extra: 1",
    "!!str relations: []", "!!timestamp 2023-01-01: x", "!foo y: 1", "? !!binary aGVsbG8=\n: 2",
]
_SCALAR = re.compile(r"(?<=: )[^\s\[\]{},]+|(?<=[\[,] )[^\s\[\]{},:]+(?=[\],])")
_KEY = re.compile(r"(?<=[{,] )([a-z_]+)(?=: )")


@st.composite
def documents_with_forms(draw: st.DrawFn) -> str:
    """The valid file with some values and keys rewritten in the forms above, and some top-level lines added."""
    text = VALID
    for pattern, forms, group in ((_SCALAR, _VALUE_FORMS, "v"), (_KEY, _KEY_FORMS, "k")):
        spots = list(pattern.finditer(text))
        chosen = sorted(draw(st.sets(st.integers(0, len(spots) - 1), max_size=4)), reverse=True)
        for index in chosen:
            spot = spots[index]
            form = draw(st.sampled_from(forms))
            text = text[: spot.start()] + form.format(**{group: spot.group(0)}) + text[spot.end() :]
    extra = draw(st.lists(st.sampled_from(_TOP_LINES), max_size=3))
    return text + "".join(line + "\n" for line in extra)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents_with_forms())
def test_documents_with_tags_and_key_forms(text: str) -> None:
    """Whatever tags and key forms a document holds, load() returns, and every diagnostic has a file and a line."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "plan.yaml")
        path.write_text(text, encoding="utf-8")
        result = load(path)
    unlocated = [d for d in result.diagnostics if d.source is None or d.source.file != str(path) or d.source.line < 1]
    assert [] == unlocated, text


def test_the_strategy_reaches_the_forms() -> None:
    """The patterns the strategy rewrites find values and keys in the valid file (else it would test nothing)."""
    assert len(_SCALAR.findall(VALID)) >= 20
    assert len(_KEY.findall(VALID)) >= 10
