"""``record_maker``: the loader's fast constructors make records equal in every respect to the classes' own.

The loader builds its activities, relations and baseline entries (and the raw activity records) with
``record_maker``, which sets the slots of a frozen attrs record directly. These tests hold it to the
constructor: equality, hash, repr, frozenness, a field order of its own, and the fall-back to the
constructor for a record it cannot make that way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.io._raw import RawActivity, RawBaselineEntry
from portfolio.io._sections import activities, baselines
from portfolio.io._yaml_reader import record_maker
from portfolio.model import Activity, ActivityKind, BaselineEntry, Duration, Relation, Relations, RelationType, Source

_TEXT = st.text(max_size=8)
_SOURCE = st.builds(Source, _TEXT, st.integers(0, 10**6), st.integers(0, 10**6))


def _same(fast: Any, plain: Any, *, hashable: bool = True) -> None:
    assert type(fast) is type(plain)
    assert fast == plain
    if hashable:
        assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert attrs.asdict(fast, recurse=False) == attrs.asdict(plain, recurse=False)


@given(
    ident=_TEXT,
    name=_TEXT,
    days=st.integers(-100, 100),
    kind=st.sampled_from(ActivityKind),
    scope=st.none() | _TEXT,
    deadline=st.none() | st.dates(),
    manual=st.booleans(),
    source=st.none() | _SOURCE,
)
def test_an_activity_made_fast_is_the_constructors(
    ident: str, name: str, days: int, kind: ActivityKind, scope: str | None, deadline: dt.date | None, manual: bool,
    source: Source | None,
) -> None:
    duration = Duration(days)
    fast = activities._new_activity(ident, name, duration, kind, scope, scope, None, scope, None, deadline, name,
                                    manual, source)
    plain = Activity(id=ident, name=name, duration=duration, kind=kind, calendar=scope, service=scope, migration=None,
                     platform=scope, constraint=None, deadline=deadline, description=name, manual=manual, source=source)
    _same(fast, plain)


@given(pred=_TEXT, succ=_TEXT, rtype=st.sampled_from(RelationType), days=st.integers(-100, 100), source=_SOURCE)
def test_a_relation_made_fast_is_the_constructors(
    pred: str, succ: str, rtype: RelationType, days: int, source: Source
) -> None:
    lag = Duration(days)
    plain = Relation(predecessor=pred, successor=succ, type=rtype, lag=lag, source=source)
    # the loader keeps relations as columns; their records are made slot by slot on the first full read
    (fast,) = tuple(Relations.of([plain]))
    _same(fast, plain)
    _same(fast.source, plain.source)
    _same(fast.lag, plain.lag)


@given(ident=_TEXT, start=st.dates(), finish=st.dates(), source=_SOURCE)
def test_baseline_entries_made_fast_are_the_constructors(
    ident: str, start: dt.date, finish: dt.date, source: Source
) -> None:
    _same(baselines._new_entry(ident, start, finish, source),
          BaselineEntry(activity=ident, start=start, finish=finish, source=source))
    _same(baselines._new_raw_entry(start, finish), RawBaselineEntry(start=start, finish=finish))


def test_a_raw_activity_made_fast_is_the_constructors() -> None:
    fields = {"id": "build", "name": "Build", "duration": "3w", "after": ["a"], "constraint": "SNET 2024-01-02"}
    fast = activities._new_raw_activity("build", "Build", "3w", ActivityKind.TASK, None, ["a"], "SNET 2024-01-02", None,
                                        None, None, None, "", False)
    _same(fast, RawActivity(**fields), hashable=False)


def test_a_record_made_fast_is_frozen() -> None:
    relation = record_maker(Relation, ("predecessor", "successor", "type", "lag", "source"))(
        "a", "b", RelationType.FS, Duration(0), None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        relation.lag = Duration(1)  # type: ignore[misc]


def test_the_order_must_name_every_field_once() -> None:
    with pytest.raises(ValueError, match="has the fields"):
        record_maker(Relation, ("predecessor", "successor"))
    with pytest.raises(ValueError, match="has the fields"):
        record_maker(Relation, ("predecessor", "predecessor", "type", "lag", "source"))


@attrs.frozen
class _Checked:
    value: int = attrs.field(validator=attrs.validators.instance_of(int))
    text: str = attrs.field(converter=str)


def test_a_record_with_a_validator_or_converter_gets_its_own_constructor() -> None:
    make = record_maker(_Checked)
    assert make(1, 2) == _Checked(1, "2")  # converted, as the constructor does
    with pytest.raises(TypeError):
        make("one", "x")  # validated, as the constructor does
