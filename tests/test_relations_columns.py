"""``Portfolio.relations`` as columns (`portfolio.model.Relations`): the tuple of its records in every respect.

The loader and the load cache keep a portfolio's relations as columns and make each `Relation` only when it is
read. These tests hold the column kind to the tuple it stands for: equality both ways, hash, ``repr``, indexing,
slicing, iteration, immutability; records -> columns -> records (Hypothesis); the load cache's round trip and its
refusal of damaged columns; and the relation columns the scheduler reads, which must be those read off the records.
"""

from __future__ import annotations

import copy
import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio import _cpm
from portfolio.diagnostics import LoadResult
from portfolio.graph import TYPE_CODES, relation_columns
from portfolio.io import _cache_columns as columns
from portfolio.io import _cache_format as fmt
from portfolio.io import load
from portfolio.io._cache import using
from portfolio.model import Activity, Duration, Portfolio, Relation, Relations, RelationType, Source

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "logius"

_ID = st.sampled_from(["a", "b", "c", "d.e", "f-g"])
_SOURCE = st.none() | st.builds(Source, st.sampled_from(["p.yaml", "q/r.yaml", ""]), st.integers(0, 10**6),
                                st.integers(0, 10**4))
_RELATION = st.builds(Relation, predecessor=_ID, successor=_ID, type=st.sampled_from(RelationType),
                      lag=st.builds(Duration, st.integers(-400, 400), st.booleans()), source=_SOURCE)


def _three() -> tuple[Relation, ...]:
    return (Relation(predecessor="a", successor="b", source=Source("p.yaml", 3, 7)),
            Relation(predecessor="b", successor="c", type=RelationType.SS, lag=Duration(2),
                     source=Source("p.yaml", 9, 7)),
            Relation(predecessor="a", successor="c", type=RelationType.FF, lag=Duration(-1, elapsed=True)))


def test_equal_to_the_tuple_of_its_records_both_ways() -> None:
    records = _three()
    rels = Relations.of(records)
    assert rels == records
    assert records == rels
    assert not rels != records  # noqa: SIM202 - the operator itself is under test
    assert not records != rels  # noqa: SIM202
    assert rels != records[:2]
    assert records[:2] != rels
    assert rels != (*records[:2], attrs.evolve(records[2], lag=Duration(-1)))
    assert rels != list(records)  # as a tuple is not equal to a list
    assert hash(rels) == hash(records)
    assert repr(rels) == repr(records)
    assert Relations.of(()) == ()
    assert repr(Relations.of(())) == "()"


def test_indexing_slicing_and_negative_indexes_are_a_tuples() -> None:
    records = _three()
    rels = Relations.of(records)
    assert len(rels) == 3
    for at in range(-3, 3):
        assert rels[at] == records[at]
    for part in (slice(None), slice(1, None), slice(None, -1), slice(None, None, -1), slice(0, 3, 2), slice(5, 9)):
        assert rels[part] == records[part]
        assert type(rels[part]) is tuple
    for outside in (3, -4, 10**9):
        with pytest.raises(IndexError):
            rels[outside]
    assert rels.index(records[1]) == 1
    assert records[2] in rels
    assert rels.count(records[0]) == 1
    assert list(reversed(rels)) == list(reversed(records))


def test_a_record_read_is_the_one_iteration_gives_and_the_columns_cannot_change() -> None:
    rels = Relations.of(_three())
    first = rels[1]
    assert rels[1] is first
    assert rels[-2] is first
    made = tuple(rels)
    assert made[1] is first
    assert next(iter(rels)) is made[0]
    assert rels[0] is made[0]
    with pytest.raises(AttributeError):
        rels.pred = [1, 1, 1]
    with pytest.raises(AttributeError):
        del rels.ids
    with pytest.raises(ValueError, match="different lengths"):
        Relations(("a",), [0], [0, 0], [0], [0], [False], (), [-1], [0], [0])


def test_a_copy_and_a_pickle_are_equal_and_of_its_kind() -> None:
    rels = Relations.of(_three())
    for again in (copy.copy(rels), copy.deepcopy(rels), pickle.loads(pickle.dumps(rels))):
        assert type(again) is Relations
        assert again == rels
        assert again == _three()


def test_the_type_codes_are_the_cores() -> None:
    rels = Relations.of([Relation(predecessor="a", successor="b", type=t) for t in RelationType])
    assert list(rels.rtype) == [TYPE_CODES[t] for t in RelationType]
    assert [TYPE_CODES[t] for t in (RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF)] == [
        _cpm.FS, _cpm.SS, _cpm.FF, _cpm.SF]


@given(st.lists(_RELATION, max_size=30), st.integers(0, 40))
def test_records_to_columns_to_records(records: list[Relation], peek: int) -> None:
    rels = Relations.of(records)
    if peek < len(records):  # one record made before the rest: the same in every respect
        assert rels[peek] == records[peek]
        assert repr(rels[peek]) == repr(records[peek])
    assert tuple(rels) == tuple(records)
    assert repr(rels) == repr(tuple(records))
    assert hash(rels) == hash(tuple(records))
    again = Relations.of(rels)
    assert again == rels
    assert rels == again
    assert hash(again) == hash(rels)
    assert all(type(r) is Relation and type(r.lag.elapsed) is bool for r in rels)


@given(st.lists(_RELATION, max_size=30), st.lists(_RELATION, max_size=30))
def test_two_column_kinds_are_equal_exactly_when_their_records_are(one: list[Relation], two: list[Relation]) -> None:
    assert (Relations.of(one) == Relations.of(two)) == (one == two)
    assert (Relations.of(one) == Relations.of(one + two)[:len(one)]) is True


def test_a_portfolio_keeps_a_tuple_made_by_hand_and_the_same_columns_through_evolve() -> None:
    records = _three()
    activities = [Activity(id=i) for i in "abc"]
    by_hand = Portfolio(activities=activities, relations=list(records))
    assert type(by_hand.relations) is tuple
    assert by_hand.relations == records
    rels = Relations.of(records)
    kept = Portfolio(activities=activities, relations=rels)
    assert kept.relations is rels
    assert kept == by_hand
    assert by_hand == kept
    assert attrs.evolve(kept, activities=activities[::-1]).relations is rels


def _loaded(path: Path) -> Portfolio:
    result = load(path, cache=False)
    assert type(result.portfolio.relations) is Relations
    return result.portfolio


def test_the_scheduler_reads_the_same_columns_as_off_the_records() -> None:
    portfolio = _loaded(EXAMPLE)
    fast = relation_columns(portfolio)
    slow = relation_columns(attrs.evolve(portfolio, relations=tuple(portfolio.relations)))
    assert fast.relations is portfolio.relations
    for name in ("pred", "succ", "rtype", "lag", "elapsed_lag", "unknown", "generations"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    assert fast.acyclic == slow.acyclic
    assert fast.ids == slow.ids
    renumbered = attrs.evolve(portfolio, activities=dict(reversed(list(portfolio.activities.items()))))
    other = relation_columns(renumbered)  # numbered by other activities: read off the records
    assert other.ids == tuple(renumbered.activities)
    assert [other.ids[i] for i in other.pred.tolist()] == [fast.ids[i] for i in fast.pred.tolist()]


def test_the_load_cache_keeps_the_columns() -> None:
    with tempfile.TemporaryDirectory() as folder, using(folder):
        first = load(EXAMPLE, cache=True)
        again = load(EXAMPLE, cache=True)
    plain = load(EXAMPLE, cache=False)
    rels = again.portfolio.relations
    assert type(rels) is Relations
    assert rels is not first.portfolio.relations
    assert rels == plain.portfolio.relations
    assert repr(again) == repr(plain)
    assert [list(getattr(rels, name)) for name in ("pred", "succ", "rtype", "days", "file", "line", "column")] == [
        list(getattr(plain.portfolio.relations, name))
        for name in ("pred", "succ", "rtype", "days", "file", "line", "column")]
    assert all(type(flag) is bool for flag in rels.elapsed)


def test_a_tuple_of_relations_is_cached_as_columns() -> None:
    records = [*_three(), *(Relation(predecessor=f"x{i}", successor=f"x{i + 1}") for i in range(40))]
    result = LoadResult(Portfolio(relations=records))
    back = fmt.decode(fmt.encode(result, "k"), "k")
    assert type(back.portfolio.relations) is Relations
    assert back == result
    assert repr(back) == repr(result)


def _round_trip(rels: Relations) -> tuple[Any, list[str], bytes]:
    out = columns._Out()
    data = columns._Relations().encode([rels], out)
    return data, list(out.texts), b"".join(out.parts)


def _decode(data: Any, texts: list[str], block: bytes) -> Any:
    found = columns._In(memoryview(block))
    found.texts = texts
    return columns._Relations().decode(data, 1, found)


@pytest.mark.parametrize(("field", "value"), [
    ("size", 1),  # fewer ids than the ends number
    ("count", 0),  # a file number past the files
    ("rows", 10**12),
    ("size", -1),
    ("rows", "3"),
])
def test_damaged_relation_columns_are_refused(field: str, value: Any) -> None:
    rels = Relations.of(_three())
    data, texts, block = _round_trip(rels)
    assert _decode(data, texts, block) == [rels]
    hostile = [dict(data[0], **{field: value})]
    with pytest.raises((columns.DamagedError, IndexError)):
        _decode(hostile, texts, block)


def test_out_of_range_codes_and_repeated_ids_are_refused() -> None:
    rels = Relations(("a", "b"), [0], [1], [4], [0], [False], (), [-1], [0], [0])  # no type 4
    with pytest.raises(columns.DamagedError, match="out of range"):
        _decode(*_round_trip(rels))
    twice = Relations(("a", "a"), [0], [1], [0], [0], [False], (), [-1], [0], [0])
    with pytest.raises(columns.DamagedError, match="repeat"):
        _decode(*_round_trip(twice))
    below = Relations(("a", "b"), [0], [1], [0], [0], [False], (), [-2], [0], [0])
    with pytest.raises(columns.DamagedError, match="out of range"):
        _decode(*_round_trip(below))


def test_a_cache_file_of_the_previous_format_is_ignored() -> None:
    data = fmt.encode(LoadResult(Portfolio(relations=_three())), "k")
    header, _, block = zlib.decompress(data).partition(b"\n")
    older = header.replace(b'"format":%d' % fmt.FORMAT, b'"format":3')
    assert older != header
    with pytest.raises(fmt.DamagedError):
        fmt.decode(zlib.compress(older + b"\n" + block), "k")


def test_relations_add_up_with_tuples_as_a_tuple_does() -> None:
    """``portfolio.relations + (relation,)`` (a what-if in a notebook) gives the tuple it gave before."""
    records = (Relation(predecessor="a", successor="b"), Relation(predecessor="b", successor="c"))
    extra = (Relation(predecessor="c", successor="d"),)
    columns = Relations.of(records)
    assert columns + extra == records + extra
    assert extra + columns == extra + records
    assert columns + columns == records + records
    assert type(columns + extra) is tuple
    with pytest.raises(TypeError):
        columns + [extra[0]]  # type: ignore[operator]  # noqa: RUF005 - a list is refused, as by a tuple
