"""The reader's three pieces of clever code, pinned (issue 13): each must keep behaving as the plain way would.

- the inlined YAML resolver (``_RESOLVERS``, ``_DATE``, ``_INT``) gives every plain scalar the value
  PyYAML's ``SafeLoader`` gives it (a Hypothesis property, the reference being PyYAML itself);
- ``_source_maker`` makes marks equal in every respect to ``Source(...)``;
- ``paused_gc`` restores the collector's state, nested, after an error, and when it was off.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from typing import Any

import pytest
import yaml
from hypothesis import assume, example, given
from hypothesis import strategies as st

from portfolio._gc import paused_gc
from portfolio.io._yaml_reader import _new_source, read_yaml_text
from portfolio.model import Source

#: Scalars that reach every implicit resolver of YAML 1.1 (and the reader's shortcuts) and its edge cases.
CURATED = [
    "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "yes", "Yes", "NO", "on", "Off", "y", "n",
    "0", "-0", "+0", "7", "-12", "+12", "012", "09", "0o17", "0x1F", "0x", "0b101", "1_000", "1:20", "-1:20:30",
    "190:20:30", "1.5", "1.", ".5", "-.5", "1e3", "1.0e3", "1.0e+3", "6.8523015e+5", "685.230_15e+03", ".inf",
    "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "3.400", "2023-08-31", "2023-13-45", "2023-02-30", "2023-8-31",
    "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z", "2002-12-14",
    "99999-01-01", "=", "<<", "digipoort.cutover", "2w", "3mo", "12345678901234567890123", "0.", "-", "+",
]
#: Characters that keep a scalar plain (no indicators that would open a structure) yet reach the resolvers.
ALPHABET = "0123456789-+._:eEoOxXbBtTrRuUfFaAlLsSnNyYiI~ Zz=<"


def _reference(document: str) -> tuple[bool, Any]:
    """PyYAML's SafeLoader on the document: (True, value of ``v``), or (False, None) when it cannot construct it."""
    try:
        data = yaml.load(document, Loader=yaml.SafeLoader)
    except yaml.constructor.ConstructorError:
        return False, None
    except ValueError:  # a date that matches the timestamp pattern but is no date (2023-13-45)
        return False, None
    return True, data["v"]


@given(st.one_of(st.sampled_from(CURATED), st.text(alphabet=ALPHABET, max_size=14)))
@example("2023-08-31")
@example("2023-13-45")
@example("012")
@example("-0")
@example("1:20")
@example("0x1F")
@example("1_000")
@example("1e3")
@example("3.400")
@example(".nan")
@example("yes")
@example("~")
@example("")
@example("<<")
@example("=")
def test_plain_scalars_resolve_as_pyyaml_safe_loader_does(text: str) -> None:
    document = f"v: {text}\n"
    try:
        parsed = yaml.load(document, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        assume(False)
    assume(isinstance(parsed, dict) and list(parsed) == ["v"] and isinstance(parsed["v"], str))
    made, expected = _reference(document)
    data, problems = read_yaml_text(document, "t.yaml")
    assert problems == []
    got = data["v"]
    if not made:
        assert got == parsed["v"]  # what PyYAML cannot construct stays text; the structuring step reports it
        return
    assert type(got) is type(expected) or (isinstance(got, float) and type(expected) is float)
    if isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected


def test_shortcut_values_are_exactly_pyyamls() -> None:
    data, _ = read_yaml_text("a: 2023-08-31\nb: -12\nc: 012\nd: 3.400\ne: '2023-08-31'\n", "t.yaml")
    assert data["a"] == dt.date(2023, 8, 31)
    assert type(data["a"]) is dt.date
    assert data["b"] == -12
    assert type(data["b"]) is int
    assert data["c"] == 10  # YAML 1.1 octal, as PyYAML reads it
    assert data["d"] == 3.4
    assert data["d"].text == "3.400"
    assert data["e"] == "2023-08-31"  # quoted: text


def test_source_maker_makes_the_same_marks_as_the_constructor() -> None:
    assert _new_source is not Source  # the fast path is in use: if this fails, drop _source_maker
    fast, plain = _new_source("p.yaml", 3, 7), Source("p.yaml", 3, 7)
    assert type(fast) is Source
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert (fast.file, fast.line, fast.column) == ("p.yaml", 3, 7)
    with pytest.raises(AttributeError):
        fast.line = 4  # type: ignore[misc]  # frozen like any other Source


def test_marks_of_read_values_are_sources() -> None:
    data, _ = read_yaml_text("services:\n  - id: digid\n", "p.yaml")
    mark = data["services"][0].value_marks["id"]
    assert mark == Source("p.yaml", 2, 9)
    assert type(mark) is Source


def test_paused_gc_restores_the_collector() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        with paused_gc():
            assert not gc.isenabled()
            with paused_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the inner block does not switch it on early
        assert gc.isenabled()
        with pytest.raises(RuntimeError), paused_gc():
            raise RuntimeError("boom")
        assert gc.isenabled()  # back on after an error
        gc.disable()
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off: it stays off
        read_yaml_text("a: 1\n", "t.yaml")
        assert not gc.isenabled()
        gc.enable()
        read_yaml_text("a: [1\n", "t.yaml")  # a syntax error on the way
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_paused_gc_moves_what_the_block_made_to_the_oldest_generation() -> None:
    """Switched back on, the collector does not walk the loaded data at the next allocation: it is in generation 2."""
    was = gc.isenabled()
    try:
        gc.enable()
        with paused_gc():
            made = [[i] for i in range(5_000)]
        assert gc.get_count()[0] < 100  # the young generation's count starts again
        oldest = {id(found) for found in gc.get_objects(generation=2)}
        assert id(made) in oldest
        assert id(made[-1]) in oldest
    finally:
        (gc.enable if was else gc.disable)()


def test_paused_gc_leaves_the_programs_frozen_objects_frozen() -> None:
    # An object the program froze stays out of the collector's generations (get_objects does not
    # list the permanent generation). The freeze count itself is no witness: frozen objects that
    # die meanwhile (other tests' leftovers) lower it.
    was = gc.isenabled()
    kept = [["frozen by the program"]]
    try:
        gc.enable()
        gc.freeze()
        assert gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())
        with paused_gc():
            made = [[i] for i in range(1_000)]
        assert gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())  # not thawed
        assert len(made) == 1_000
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
