"""The load cache's format 3: the table of texts, fields the constructor does not take, and values it cannot keep."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import attrs
import pytest

from portfolio.diagnostics import LoadResult
from portfolio.io import _cache_columns as columns
from portfolio.io import _cache_format as fmt
from portfolio.io import load
from portfolio.model import Activity, Portfolio, Relation, Service, Source

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "logius"


@attrs.frozen(kw_only=True)
class Memo:
    """A record with a private memo its constructor makes (like a remembered-columns slot): never stored."""

    id: str
    size: int = 0
    memo: dict[str, Any] | None = attrs.field(init=False, default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Holder:
    items: tuple[Memo, ...] = ()


def round_trip(codec: Any, values: list[Any]) -> list[Any]:
    out = fmt._Out()
    data = codec.encode(values, out)
    texts = list(out.texts)
    block = fmt._In(memoryview(b"".join(out.parts)))
    block.texts = texts
    back: list[Any] = codec.decode(data, len(values), block)
    assert block.at == len(block.block)
    return back


def test_a_field_the_constructor_does_not_take_is_not_stored_and_made_again() -> None:
    records = [Memo(id=f"m{i}", size=i) for i in range(40)]
    object.__setattr__(records[0], "memo", {"remembered": 1})
    codec = fmt._codec(Memo)
    assert set(codec.fields) == {"id", "size"}
    assert not codec.fast  # made through the constructor, which sets the memo
    back = round_trip(codec, records)
    assert back == records
    assert [r.memo for r in back] == [None] * 40
    holder = Holder(items=tuple(records))
    assert round_trip(fmt._codec(Holder), [holder]) == [holder]


CONVERTED: list[Any] = []


def _counted_tuple(value: Any) -> tuple[str, ...]:
    CONVERTED.append(value)
    return tuple(value)


@attrs.frozen(kw_only=True)
class Counted:
    """A record whose converter notes each value it is given."""

    id: str
    items: tuple[str, ...] = attrs.field(default=(), converter=_counted_tuple)


def test_records_with_converters_are_made_by_slots_with_each_converter_applied_once() -> None:
    """Services (tuple converters) are made the quick way; the converter runs once per stored value, as the
    constructor would run it, and once more for the constructor's check of the first record."""
    assert fmt._codec(Service).fast
    services = [Service(id=f"s{i}", name=f"S {i}", depends_on=[f"s{j}" for j in range(i % 3)]) for i in range(40)]
    assert round_trip(fmt._codec(Service), services) == services
    codec = fmt._codec(Counted)
    assert codec.fast
    records = [Counted(id=f"c{i}", items=["a"] * (i % 3)) for i in range(20)]
    CONVERTED.clear()
    back = round_trip(codec, records)
    assert back == records
    assert all(type(r.items) is tuple for r in back)
    assert CONVERTED == [r.items for r in records] + [records[0].items]


def test_equal_texts_are_stored_and_made_once() -> None:
    plain = load(EXAMPLE, cache=False)
    data = fmt.encode(plain, "k")
    again = fmt.decode(data, "k").portfolio
    assert again == plain.portfolio
    for key, activity in again.activities.items():
        assert activity.id is key  # one object for the key and the record's id
    for relation in again.relations:
        assert again.activities[relation.successor].id is relation.successor
    files = {id(a.source.file) for a in again.activities.values() if a.source is not None}
    assert len(files) == len({a.source.file for a in again.activities.values() if a.source is not None})


def test_texts_holding_every_separator_go_in_the_header() -> None:
    name = "".join(fmt._SEPARATORS) + "x"
    result = LoadResult(Portfolio(services=[Service(id="s", name=name, description="\x1f")]))
    data = fmt.encode(result, "k")
    assert fmt.decode(data, "k") == result
    header = zlib.decompress(data).partition(b"\n")[0]
    assert b'"table":' in header


def test_a_text_that_is_not_utf8_is_not_cached() -> None:
    with pytest.raises(fmt.UnfitError):
        fmt.encode(LoadResult(Portfolio(services=[Service(id="s", name="\ud800")])), "k")


def test_many_records_round_trip_through_the_block() -> None:
    """Enough rows that every column is packed in the block (16 or more), with sources, lags and repeats."""
    activities = [Activity(id=f"a{i}", name=f"A {i % 7}", source=Source("plan.yaml", i + 1, 3)) for i in range(300)]
    relations = [Relation(predecessor=f"a{i}", successor=f"a{i + 1}", source=Source("plan.yaml", 900 + i, 5))
                 for i in range(299)]
    result = LoadResult(Portfolio(activities=activities, relations=relations))
    assert fmt.decode(fmt.encode(result, "k"), "k") == result
    assert repr(fmt.decode(fmt.encode(result, "k"), "k")) == repr(result)


def test_a_count_of_billions_is_damage_not_an_allocation() -> None:
    """Rows holding None or their default take no bytes: a damaged length must not make billions of them."""
    result = LoadResult(Portfolio(services=[Service(id="s", name="S", depends_on=("a",))]))
    data = fmt.encode(result, "k")
    header, _, block = zlib.decompress(data).partition(b"\n")
    assert b'"depends_on":{"rows":{"lengths":[1]' in header
    for claimed in (10**12, columns.MAX_ROWS + 1):
        hostile = header.replace(b'"depends_on":{"rows":{"lengths":[1]', b'"depends_on":{"rows":{"lengths":[%d]' % claimed)
        with pytest.raises(fmt.DamagedError, match="more rows"):
            fmt.decode(zlib.compress(hostile + b"\n" + block), "k")


@pytest.mark.parametrize(("field", "key"), [("distinct", b'"distinct":'), ("present", b'"present":')])
def test_more_distinct_or_present_values_than_rows_is_damage(field: str, key: bytes) -> None:
    services = [Service(id=f"s{i}", name="S", platform="p" if i % 3 else None) for i in range(40)]
    data = fmt.encode(LoadResult(Portfolio(services=services)), "k")
    header, _, block = zlib.decompress(data).partition(b"\n")
    assert key in header
    start = header.index(key) + len(key)
    end = start + len(header[start:].split(b",")[0].split(b"}")[0])
    hostile = header[:start] + b"1000000000000" + header[end:]
    with pytest.raises(fmt.DamagedError):
        fmt.decode(zlib.compress(hostile + b"\n" + block), "k")


@pytest.mark.parametrize("size", [0, 1, 2, columns._PICK, columns._PICK + 1, 2 * columns._PICK + 1, 3 * columns._PICK])
def test_picking_rows_gives_each_row_in_order_across_batches(size: int) -> None:
    table = [f"t{i}" for i in range(50)]
    rows = [(i * 7) % 50 for i in range(size)]
    assert list(columns._pick(table, rows)) == [table[r] for r in rows]
    with pytest.raises(IndexError):
        list(columns._pick(table, [*rows, 50]))
