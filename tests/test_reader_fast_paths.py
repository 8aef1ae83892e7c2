"""The loader's fast paths give exactly what the general path gives.

- ``Duration.parse`` remembers each text: the same value as parsing it afresh, errors raised every time;
- a predecessor mapping that needs no cattrs (``_plain_predecessor``) structures as cattrs would, and every
  other mapping is left to cattrs (which reports it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.io._raw import CONVERTER, RawPredecessor
from portfolio.io._sections.activities import _plain_predecessor
from portfolio.io._yaml_reader import MMap
from portfolio.model import Duration, FractionalDurationError, RelationType, Source

TEXTS = ["15d", "3w", "2mo", "10ed", "-2d", "+1w", " 4 W ", "0d", "26100d", "7wd", "x", "1.5w", "", "d", "3 weeks"]


@pytest.mark.parametrize("text", TEXTS)
def test_a_remembered_duration_is_the_parsed_one(text: str) -> None:
    try:
        expected: Any = Duration._parse(text)
    except ValueError as error:
        expected = error
    for _ in range(2):  # the first call fills the memory, the second reads it
        if isinstance(expected, Exception):
            with pytest.raises(type(expected), match=None) as raised:
                Duration.parse(text)
            assert str(raised.value) == str(expected)
        else:
            found = Duration.parse(text)
            assert found == expected
            assert type(found) is Duration


def test_a_fractional_duration_is_refused_every_time() -> None:
    for _ in range(3):
        with pytest.raises(FractionalDurationError, match="write 8d or 7d"):
            Duration.parse("1.5w")


def _mapping(values: dict[str, Any]) -> MMap:
    entry = MMap(Source("p.yaml", 1, 1))
    entry.update(values)
    return entry


VALUES = st.one_of(
    st.sampled_from(["build", "FS", "SS", "FF", "SF", "ff", " SS", "XX", "+2d", "-1d", "", "2024-01-02"]),
    st.integers(-3, 3), st.booleans(), st.none(), st.just(dt.date(2024, 1, 2)), st.just([1]),
)


@given(st.dictionaries(st.sampled_from(["id", "type", "lag", "kind"]), VALUES, max_size=4))
def test_a_plain_predecessor_is_what_cattrs_makes_of_it(values: dict[str, Any]) -> None:
    entry = _mapping(values)
    fast = _plain_predecessor(entry)
    if fast is None:
        return  # cattrs' path, unchanged
    raw = CONVERTER.structure(entry, RawPredecessor)
    assert fast == (raw.id, raw.type, raw.lag)
    assert type(fast[0]) is str
    assert type(fast[1]) is RelationType


@pytest.mark.parametrize(
    "values",
    [{"id": "a", "type": "FF", "lag": "-1d"}, {"id": "a"}, {"id": "a", "lag": 3}, {"id": "a", "type": "SF"}],
)
def test_the_usual_predecessor_mappings_take_the_fast_path(values: dict[str, Any]) -> None:
    fast = _plain_predecessor(_mapping(values))
    raw = CONVERTER.structure(_mapping(values), RawPredecessor)
    assert fast == (raw.id, raw.type, raw.lag)


@pytest.mark.parametrize(
    "values",
    [{"id": 7}, {"id": "a", "type": "ff"}, {"id": "a", "kind": "x"}, {"type": "FF"}, {"id": dt.date(2024, 1, 2)}],
)
def test_other_predecessor_mappings_are_left_to_cattrs(values: dict[str, Any]) -> None:
    assert _plain_predecessor(_mapping(values)) is None
