"""The loader's fast paths give exactly what the general path gives.

- ``Duration.parse`` remembers each text: the same value as parsing it afresh, errors raised every time;
- a predecessor mapping, an activity or a baseline entry that needs no cattrs (``_plain_predecessor``,
  ``_plain_activity``, ``_plain_entry``, ``_plain_progress``) structures as cattrs would, and every other one is left to cattrs (which
  reports it); a duration read without a report (``_plain_duration``) is the one ``read_duration`` gives;
- a plain scalar met again in a file (the reader remembers dates and numbers) has PyYAML's value.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from portfolio.io._raw import CONVERTER, RawActivity, RawBaselineEntry, RawPredecessor, RawProgress
from portfolio.io._sections._context import Context
from portfolio.io._sections.activities import _plain_activity, _plain_duration, _plain_predecessor, read_duration
from portfolio.io._sections.baselines import _plain_entry
from portfolio.io._sections.status import _plain_progress
from portfolio.io._values import WrittenFloat
from portfolio.io._yaml_reader import MMap, read_yaml_text
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


ACTIVITY_VALUES = st.one_of(
    st.sampled_from(["build", "Build it", "", "3w", "SNET 2024-02-01", "mijlpaal", "task"]),
    st.integers(-3, 3), st.booleans(), st.none(), st.just(dt.date(2024, 1, 2)), st.just([]), st.just(["a"]),
    st.just({"type": "SNET", "date": "2024-02-01"}),
)


@given(st.dictionaries(st.sampled_from(["id", "name", "description", "after", "duration", "constraint", "kind"]),
                       ACTIVITY_VALUES, max_size=6))
def test_a_plain_activity_is_what_cattrs_makes_of_it(values: dict[str, Any]) -> None:
    entry = _mapping(values)
    fast = _plain_activity(entry)
    if fast is None:
        return
    assert fast == CONVERTER.structure(entry, RawActivity)


def test_the_usual_activity_takes_the_fast_path() -> None:
    values = {"id": "a001", "name": "Activity 1", "duration": "10d", "after": ["a000"], "constraint": "SNET 2024-02-01"}
    assert _plain_activity(_mapping(values)) == CONVERTER.structure(_mapping(values), RawActivity)


@pytest.mark.parametrize("values", [{"id": 7}, {"id": "a", "name": 3}, {"id": "a", "after": "b"}, {"name": "x"},
                                    {"id": "a", "manual": True}, {"id": "a", "duration": True}])
def test_other_activities_are_left_to_cattrs(values: dict[str, Any]) -> None:
    assert _plain_activity(_mapping(values)) is None


DATES = st.one_of(st.dates(dt.date(1800, 1, 1), dt.date(2300, 1, 1)), st.just("2024-01-02"), st.integers(0, 2),
                  st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)))


@given(st.lists(DATES, min_size=1, max_size=3))
def test_a_plain_baseline_entry_is_what_cattrs_makes_of_it(dates: list[Any]) -> None:
    fast = _plain_entry(dates)
    if fast is None:
        return
    assert len(dates) == 2
    assert fast == CONVERTER.structure({"start": dates[0], "finish": dates[1]}, RawBaselineEntry)


PROGRESS_VALUES = st.one_of(DATES, st.none(), st.integers(-2**60, 2**60), st.integers(-5, 105), st.booleans(),
                            st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["3d", "50", "x", ""]),
                            st.builds(WrittenFloat, st.floats(0, 100), st.just("37.50")))


@given(st.dictionaries(st.sampled_from(["actual_start", "actual_finish", "remaining", "percent_complete", "note"]),
                       PROGRESS_VALUES, max_size=5))
def test_a_plain_progress_is_what_cattrs_makes_of_it(values: dict[str, Any]) -> None:
    fast = _plain_progress(_mapping(values))
    if fast is None:
        return
    expected = CONVERTER.structure(_mapping(values), RawProgress)
    assert fast == expected
    assert [type(value) for value in attrs.astuple(fast)] == [type(value) for value in attrs.astuple(expected)]


@pytest.mark.parametrize("values", [{"actual_start": "2024-01-02"}, {"actual_start": dt.datetime(2024, 1, 2)},
                                    {"actual_start": dt.date(1066, 10, 14)}, {"percent_complete": True},
                                    {"percent_complete": "50"}, {"percent_complete": float("nan")},
                                    {"percent_complete": 2**60}, {"remaining": "3d", "note": "x"}])
def test_other_progress_is_left_to_cattrs(values: dict[str, Any]) -> None:
    assert _plain_progress(_mapping(values)) is None
    assert _plain_progress([values]) is None


@given(st.one_of(st.sampled_from([*TEXTS, "+5d", "-26100d", "26101d", "-26101d"]),
                 st.integers(-30_000, 30_000), st.floats(-3, 3), st.booleans(), st.none()),
       st.booleans())
def test_a_plain_duration_is_what_read_duration_gives_without_a_report(value: Any, allow_negative: bool) -> None:
    fast = _plain_duration(value, allow_negative=allow_negative)
    if fast is None:
        return
    context = Context(Path("p.yaml"))
    assert read_duration(context, value, "duration", Source("p.yaml"), allow_negative=allow_negative) == fast
    assert context.diagnostics == []


def test_a_plain_scalar_met_again_in_a_file_has_the_same_value() -> None:
    text = "a: [2024-01-02, 2024-01-02, 7, 7, yes, yes, ~, ~, '7', 7, 1.50, 1.50, 0x1F, 0x1F, -0, -0, 10d, 10d]\n"
    data, problems = read_yaml_text(text, "p.yaml")
    reference = yaml.load(text, Loader=yaml.SafeLoader)
    assert problems == []
    assert data == reference
    assert [float if type(v) is WrittenFloat else type(v) for v in data["a"]] == [type(v) for v in reference["a"]]
    assert data["a"][0] is data["a"][1]  # one date object for both
    again, _ = read_yaml_text("a: [2024-13-01, 2024-13-01]\n", "p.yaml")
    assert again["a"] == ["2024-13-01", "2024-13-01"]  # no date: text, both times
